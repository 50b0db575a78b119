using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Publishing;
using Chorus.Publishing.Calendar;
using Chorus.Tests.Support;
using Dapper;
using Npgsql;

namespace Chorus.Tests.Publishing.Calendar;

/// <summary>The calendar through the REST API on PostgreSQL: moving a post (permission, workflow, stale job, audit in
/// the move's transaction), summer-time changes, the feed and its filters, time zones, campaigns and events.</summary>
public sealed class CalendarApiTests(PublishingFactory app) : IClassFixture<PublishingFactory>, IAsyncLifetime
{
    private static readonly Uri Instance = new("http://127.0.0.1:9/");
    private ChorusFactory.WorkspaceWithOwner _workspace = null!;
    private Guid _toots;
    private Guid _blog;

    public async Task InitializeAsync()
    {
        _workspace = await app.CreateWorkspaceAsync();
        _toots = await app.AddChannelAsync(_workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Brand toots");
        _blog = await app.AddChannelAsync(_workspace.WorkspaceId, "mastodon", new Uri("http://127.0.0.2:9/"), MastodonInstance.Credentials, "Brand news");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string Workspace => $"/api/v1/workspaces/{_workspace.WorkspaceId}";

    private async Task<HttpClient> OwnerAsync() => app.Api(await app.TokenAsync(_workspace.Owner.UserId, _workspace.WorkspaceId));

    private async Task<HttpClient> AsAsync(WorkspaceRole role) =>
        app.Api(await app.TokenAsync((await app.AddMemberAsync(_workspace, role)).UserId, _workspace.WorkspaceId));

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<T>(Chorus.Tests.Publishing.PublishingWorkflowTests.Json))!;
    }

    /// <summary>A post written and submitted (the workspace needs no approval, so it is scheduled) at the given time.</summary>
    private async Task<Post> ScheduledAsync(HttpClient client, DateTimeOffset at, Guid? channel = null, string text = "Soldes d’hiver")
    {
        var created = await ReadAsync<Post>(await client.PostAsJsonAsync($"{Workspace}/posts", new { channels = new[] { channel ?? _toots }, text, scheduledAt = at }),
            HttpStatusCode.Created);
        return await ReadAsync<Post>(await client.PostAsync($"{Workspace}/posts/{created.Id}/submit", null));
    }

    [Fact]
    public async Task Move_ScheduledPost_NewTimeNewJobOldJobStaleAndAuditedWithBothTimes()
    {
        using var owner = await OwnerAsync();
        var post = await ScheduledAsync(owner, DateTimeOffset.UtcNow.AddDays(3));
        var variant = post.Variants[0].Id;
        var to = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(5).AddHours(14), TimeSpan.Zero);

        var moved = await ReadAsync<Post>(await owner.PostAsJsonAsync($"{Workspace}/calendar/posts/{post.Id}/reschedule",
            new { at = to.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) }));

        moved.Variants[0].ScheduledAt.ShouldBe(to);
        moved.Status.ShouldBe(VariantStatus.Scheduled);
        await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        (await connection.ExecuteScalarAsync<int>("select schedule_version from post_variants where id = @variant", new { variant })).ShouldBe(2);
        // Both jobs exist; the old one carries version 1, which the variant has left behind (PublishVariantJob skips it).
        var jobs = (await connection.QueryAsync<(string Payload, DateTime DueAt)>(
            "select payload::text, due_at from jobs where kind = 'publishing.variant' and payload->>'variantId' = @id order by id", new { id = variant.ToString() })).ToList();
        jobs.Count.ShouldBe(2);
        jobs[1].DueAt.ShouldBe(to.UtcDateTime);
        jobs[1].Payload.ShouldContain("\"scheduleVersion\": 2");
        var audit = (await connection.QueryAsync<(string Action, string Details, long TransactionId)>(
            "select action, details::text, xmin::text::bigint from audit_log where target_id = @id order by id", new { id = post.Id.ToString() })).ToList();
        audit.Select(a => a.Action).ShouldBe(["post.created", "post.submitted", "post.scheduled", "post.rescheduled", "post.scheduled"]);
        var rescheduled = audit[3];
        rescheduled.Details.ShouldContain(to.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        // The move and its audit entry were written by one transaction.
        rescheduled.TransactionId.ShouldBe(audit[4].TransactionId);
        (await connection.ExecuteScalarAsync<long>("select xmin::text::bigint from post_variants where id = @variant", new { variant })).ShouldBe(rescheduled.TransactionId);
    }

    [Fact]
    public async Task Move_NineInParisAcrossTheSpringChange_StoredInUtcAndShownAtNine()
    {
        using var owner = await OwnerAsync();
        (await owner.PutAsJsonAsync($"{Workspace}/time-zone/mine", new { timeZone = "Europe/Paris" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await ScheduledAsync(owner, DateTimeOffset.UtcNow.AddDays(1), text: "La veille");
        var after = await ScheduledAsync(owner, DateTimeOffset.UtcNow.AddDays(1), text: "Le lendemain");

        var movedBefore = await ReadAsync<Post>(await owner.PostAsJsonAsync($"{Workspace}/calendar/posts/{before.Id}/reschedule", new { at = "2027-03-27T09:00" }));
        var movedAfter = await ReadAsync<Post>(await owner.PostAsJsonAsync($"{Workspace}/calendar/posts/{after.Id}/reschedule", new { at = "2027-03-29T09:00" }));
        var skipped = await owner.PostAsJsonAsync($"{Workspace}/calendar/posts/{after.Id}/reschedule", new { at = "2027-03-28T02:30" });

        movedBefore.Variants[0].ScheduledAt.ShouldBe(new DateTimeOffset(2027, 3, 27, 8, 0, 0, TimeSpan.Zero));
        movedAfter.Variants[0].ScheduledAt.ShouldBe(new DateTimeOffset(2027, 3, 29, 7, 0, 0, TimeSpan.Zero));
        skipped.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await skipped.Content.ReadAsStringAsync()).ShouldContain("does not exist in Europe/Paris");
        var view = await ReadAsync<CalendarView>(await owner.GetAsync($"{Workspace}/calendar?start=2027-03-23T00:00&end=2027-04-01T00:00"));
        view.TimeZone.ShouldBe("Europe/Paris");
        view.Items.Where(i => i.Type == "post").Select(i => (i.Title, i.Start.ToString("yyyy-MM-ddTHH:mmzzz", System.Globalization.CultureInfo.InvariantCulture)))
            .ShouldBe([("La veille", "2027-03-27T09:00+01:00"), ("Le lendemain", "2027-03-29T09:00+02:00")]);
        // The same posts seen from Montreal, asked for by the client.
        var montreal = await ReadAsync<CalendarView>(await owner.GetAsync($"{Workspace}/calendar?start=2027-03-23T00:00Z&end=2027-04-01T00:00Z&timeZone=America/Montreal"));
        montreal.Items.Where(i => i.Type == "post").Select(i => i.Start.ToString("HH:mmzzz", System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(["04:00-04:00", "03:00-04:00"]);
    }

    [Fact]
    public async Task Move_NineInParisAcrossTheAutumnChange_SevenThenEightUtc()
    {
        using var owner = await OwnerAsync();
        var post = await ScheduledAsync(owner, DateTimeOffset.UtcNow.AddDays(1));

        var saturday = await ReadAsync<Post>(await owner.PostAsJsonAsync($"{Workspace}/calendar/posts/{post.Id}/reschedule",
            new { at = "2027-10-30T09:00", timeZone = "Europe/Paris" }));
        saturday.Variants[0].ScheduledAt.ShouldBe(new DateTimeOffset(2027, 10, 30, 7, 0, 0, TimeSpan.Zero));
        var sunday = await ReadAsync<Post>(await owner.PostAsJsonAsync($"{Workspace}/calendar/posts/{post.Id}/reschedule",
            new { at = "2027-10-31T09:00", timeZone = "Europe/Paris" }));
        sunday.Variants[0].ScheduledAt.ShouldBe(new DateTimeOffset(2027, 10, 31, 8, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Move_WithoutTheRightOrElsewhereOrNotMovable_RefusedAndNothingChanged()
    {
        using var owner = await OwnerAsync();
        using var analyst = await AsAsync(WorkspaceRole.Analyst);
        var at = DateTimeOffset.UtcNow.AddDays(2);
        var post = await ScheduledAsync(owner, at);
        var draft = await ReadAsync<Post>(await owner.PostAsJsonAsync($"{Workspace}/posts", new { channels = new[] { _toots }, text = "Brouillon" }), HttpStatusCode.Created);
        var elsewhere = await app.CreateWorkspaceAsync("Elsewhere");
        using var stranger = app.Api(await app.TokenAsync(elsewhere.Owner.UserId, elsewhere.WorkspaceId));
        var body = new { at = "2030-01-01T10:00:00Z" };

        (await analyst.PostAsJsonAsync($"{Workspace}/calendar/posts/{post.Id}/reschedule", body)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await stranger.PostAsJsonAsync($"/api/v1/workspaces/{elsewhere.WorkspaceId}/calendar/posts/{post.Id}/reschedule", body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.PostAsJsonAsync($"{Workspace}/calendar/posts/{post.Id}/reschedule", body)).StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden);
        var notMovable = await owner.PostAsJsonAsync($"{Workspace}/calendar/posts/{draft.Id}/reschedule", body);
        notMovable.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await notMovable.Content.ReadAsStringAsync()).ShouldContain("Only an approved or scheduled post can be moved");
        var past = await owner.PostAsJsonAsync($"{Workspace}/calendar/posts/{post.Id}/reschedule", new { at = "2020-01-01T10:00:00Z" });
        past.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var unchanged = await ReadAsync<Post>(await owner.GetAsync($"{Workspace}/posts/{post.Id}"));
        Math.Abs(unchanged.Variants[0].ScheduledAt!.Value.ToUnixTimeMilliseconds() - at.ToUnixTimeMilliseconds()).ShouldBeLessThanOrEqualTo(1);
        (await app.CountAsync("select count(*) from audit_log where action = 'post.rescheduled' and target_id = any(@ids)",
            new { ids = new[] { post.Id.ToString(), draft.Id.ToString() } })).ShouldBe(0);
    }

    [Fact]
    public async Task Feed_FiltersByChannelStatusAuthorAndCampaign_WithEventsAndCampaigns()
    {
        using var owner = await OwnerAsync();
        using var writer = await AsAsync(WorkspaceRole.ContentManager);
        var day = DateTime.UtcNow.Date.AddDays(10);
        var onToots = await ScheduledAsync(owner, new DateTimeOffset(day.AddHours(9), TimeSpan.Zero), _toots, "Sur Mastodon");
        var onNews = await ScheduledAsync(writer, new DateTimeOffset(day.AddHours(11), TimeSpan.Zero), _blog, "Sur les nouvelles");
        var draft = await ReadAsync<Post>(await owner.PostAsJsonAsync($"{Workspace}/posts",
            new { channels = new[] { _toots }, text = "Idée", scheduledAt = new DateTimeOffset(day.AddHours(15), TimeSpan.Zero) }), HttpStatusCode.Created);
        var campaign = await ReadAsync<Campaign>(await owner.PostAsJsonAsync($"{Workspace}/campaigns",
            new { name = "Hiver", colour = "#FFCC00", startsOn = day.ToString("yyyy-MM-dd"), endsOn = day.AddDays(6).ToString("yyyy-MM-dd"), goal = "Vendre" }),
            HttpStatusCode.Created);
        (await owner.PutAsJsonAsync($"{Workspace}/posts/{onNews.Id}/campaign", new { campaign = campaign.Id })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var launch = await ReadAsync<CalendarEvent>(await owner.PostAsJsonAsync($"{Workspace}/events",
            new { name = "Lancement", kind = "launch", startsAt = day.AddHours(18).ToString("yyyy-MM-ddTHH:mm") + "Z", campaign = campaign.Id }), HttpStatusCode.Created);
        var range = $"start={day:yyyy-MM-dd}T00:00Z&end={day.AddDays(7):yyyy-MM-dd}T00:00Z&timeZone=UTC";

        async Task<List<string>> IdsAsync(string filter) =>
            (await ReadAsync<CalendarView>(await owner.GetAsync($"{Workspace}/calendar?{range}{filter}"))).Items.Select(i => i.Id).ToList();

        (await IdsAsync("")).ShouldBe([$"campaign-{campaign.Id}", $"post-{onToots.Id}", $"post-{onNews.Id}", $"post-{draft.Id}", $"event-{launch.Id}"]);
        (await IdsAsync($"&channel={_blog}")).ShouldBe([$"post-{onNews.Id}"]);
        (await IdsAsync("&status=draft")).ShouldBe([$"post-{draft.Id}"]);
        (await IdsAsync($"&author={_workspace.Owner.UserId}")).ShouldBe([$"post-{onToots.Id}", $"post-{draft.Id}"]);
        (await IdsAsync($"&campaign={campaign.Id}")).ShouldBe([$"campaign-{campaign.Id}", $"post-{onNews.Id}", $"event-{launch.Id}"]);
        var all = (await ReadAsync<CalendarView>(await owner.GetAsync($"{Workspace}/calendar?{range}"))).Items;
        var tagged = all.Single(i => i.Id == $"post-{onNews.Id}");
        tagged.Colour.ShouldBe("#ffcc00");
        tagged.TextColour.ShouldBe("#000000");
        tagged.Movable.ShouldBeTrue();
        all.Single(i => i.Id == $"post-{draft.Id}").Movable.ShouldBeFalse();
        all.Single(i => i.Type == "campaign").AllDay.ShouldBeTrue();
        // Someone who may not write posts sees the calendar but can move nothing.
        using var analyst = await AsAsync(WorkspaceRole.Analyst);
        (await ReadAsync<CalendarView>(await analyst.GetAsync($"{Workspace}/calendar?{range}"))).Items.ShouldAllBe(i => !i.Movable);
        var bad = await owner.GetAsync($"{Workspace}/calendar?start=demain&end=2027-01-01T00:00&status=lost");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("\"start\"");
    }

    [Fact]
    public async Task TimeZones_WorkspaceByManagersPersonByThemselves_IanaOnly()
    {
        using var owner = await OwnerAsync();
        using var writer = await AsAsync(WorkspaceRole.ContentManager);

        var set = await ReadAsync<CalendarZones.Zones>(await owner.PutAsJsonAsync($"{Workspace}/time-zone", new { timeZone = "Europe/Paris" }));
        (await writer.PutAsJsonAsync($"{Workspace}/time-zone", new { timeZone = "Asia/Tokyo" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var mine = await ReadAsync<CalendarZones.Zones>(await writer.PutAsJsonAsync($"{Workspace}/time-zone/mine", new { timeZone = "America/Montreal" }));
        var windows = await owner.PutAsJsonAsync($"{Workspace}/time-zone", new { timeZone = "Romance Standard Time" });

        set.Workspace.ShouldBe("Europe/Paris");
        mine.ShouldBe(new CalendarZones.Zones("Europe/Paris", "America/Montreal", "America/Montreal"));
        windows.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await windows.Content.ReadAsStringAsync()).ShouldContain("IANA");
        (await ReadAsync<CalendarZones.Zones>(await writer.PutAsJsonAsync($"{Workspace}/time-zone/mine", new { timeZone = "" }))).Display.ShouldBe("Europe/Paris");
        (await app.CountAsync("select count(*) from audit_log where workspace_id = @id and action = 'workspace.time_zone_changed'", new { id = _workspace.WorkspaceId }))
            .ShouldBe(1);
        (await owner.PutAsJsonAsync($"{Workspace}/time-zone", new { timeZone = "UTC" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CampaignsAndEvents_Crud_BadFieldsNamedAllAtOnce_OtherWorkspace404()
    {
        using var owner = await OwnerAsync();
        var bad = await owner.PostAsJsonAsync($"{Workspace}/campaigns", new { name = "", colour = "red", startsOn = "2027-03-10", endsOn = "2027-03-01" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        problem.EnumerateObject().Select(p => p.Name).ShouldBe(["name", "colour", "endsOn"], ignoreOrder: true);

        var campaign = await ReadAsync<Campaign>(await owner.PostAsJsonAsync($"{Workspace}/campaigns",
            new { name = "Printemps", colour = "#0f766e", startsOn = "2027-03-20", endsOn = "2027-04-20" }), HttpStatusCode.Created);
        (await owner.PostAsJsonAsync($"{Workspace}/campaigns", new { name = "printemps", colour = "#0f766e", startsOn = "2027-03-20", endsOn = "2027-04-20" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var renamed = await ReadAsync<Campaign>(await owner.PutAsJsonAsync($"{Workspace}/campaigns/{campaign.Id}",
            new { name = "Printemps 2027", colour = "#0f766e", startsOn = "2027-03-21", endsOn = "2027-04-20", goal = "Notoriété" }));
        renamed.StartsOn.ShouldBe(new DateOnly(2027, 3, 21));
        renamed.Goal.ShouldBe("Notoriété");

        var badEvent = await owner.PostAsJsonAsync($"{Workspace}/events", new { name = "Live", kind = "party", startsAt = "2027-03-28T02:30", timeZone = "Europe/Paris" });
        var eventErrors = JsonDocument.Parse(await badEvent.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        eventErrors.EnumerateObject().Select(p => p.Name).ShouldBe(["kind", "startsAt"], ignoreOrder: true);
        var live = await ReadAsync<CalendarEvent>(await owner.PostAsJsonAsync($"{Workspace}/events",
            new { name = "Live Instagram", kind = "live", startsAt = "2027-03-28T18:00", endsAt = "2027-03-28T19:30", timeZone = "Europe/Paris", campaign = campaign.Id }),
            HttpStatusCode.Created);
        live.StartsAt.ShouldBe(new DateTimeOffset(2027, 3, 28, 16, 0, 0, TimeSpan.Zero));
        live.EndsAt.ShouldBe(new DateTimeOffset(2027, 3, 28, 17, 30, 0, TimeSpan.Zero));

        var elsewhere = await app.CreateWorkspaceAsync("Elsewhere");
        using var stranger = app.Api(await app.TokenAsync(elsewhere.Owner.UserId, elsewhere.WorkspaceId));
        var there = $"/api/v1/workspaces/{elsewhere.WorkspaceId}";
        (await stranger.GetAsync($"{there}/campaigns/{campaign.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"{there}/events/{live.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.DeleteAsync($"{there}/events/{live.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await owner.DeleteAsync($"{Workspace}/campaigns/{campaign.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ReadAsync<CalendarEvent>(await owner.GetAsync($"{Workspace}/events/{live.Id}"))).Campaign.ShouldBeNull();
        (await owner.DeleteAsync($"{Workspace}/events/{live.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await owner.GetAsync($"{Workspace}/events/{live.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var actions = (await app.Get<NpgsqlDataSource>().CreateConnection().QueryAsync<string>(
            "select action from audit_log where target_id = any(@ids) order by id", new { ids = new[] { campaign.Id.ToString(), live.Id.ToString() } })).ToList();
        actions.ShouldBe(["campaign.created", "campaign.updated", "event.created", "campaign.deleted", "event.deleted"]);
    }
}
