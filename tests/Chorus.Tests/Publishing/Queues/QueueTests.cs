using System.Net;
using System.Net.Http.Json;
using Chorus.Platform.CommandLine;
using Chorus.Publishing;
using Chorus.Publishing.Calendar;
using Chorus.Publishing.Queues;
using Chorus.Tests.Support;
using Dapper;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Chorus.Tests.Publishing.Queues;

/// <summary>Queues on PostgreSQL: next free slot across summer-time changes, concurrent "add to queue", the workflow
/// after queueing, the API's 404 before the body, and the command line.</summary>
public sealed class QueueTests(PublishingFactory app) : IClassFixture<PublishingFactory>, IAsyncLifetime
{
    private static readonly Uri Instance = new("http://127.0.0.1:9/");
    private ChorusFactory.WorkspaceWithOwner _workspace = null!;
    private WorkspaceContext _owner = null!;
    private Guid _channel;

    public async Task InitializeAsync()
    {
        _workspace = await app.CreateWorkspaceAsync("Queue");
        _owner = await app.ContextAsync(_workspace.Owner.UserId, _workspace.WorkspaceId);
        await app.Get<CalendarZones>().SetWorkspaceZoneAsync(_owner, "Europe/Paris");
        _channel = await app.AddChannelAsync(_workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Brand toots");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private QueueService Queues => app.Get<QueueService>();

    private async Task<Guid> DraftAsync(string text = "Soldes d’hiver", DateTimeOffset? at = null) =>
        await app.Get<PublishingService>().CreateAsync(_owner, new CreatePostRequest([_channel], text, ScheduledAt: at));

    [Fact]
    public async Task NextFree_AcrossSummerTimeChanges_SameWallClockInParis()
    {
        await Queues.AddSlotAsync(_owner, _channel, new QueueSlotRequest("sunday", "09:00"));

        // Sunday 21 March 2027 is in winter time (UTC+1); Sunday 28 March, the day clocks go forward, in summer time (UTC+2).
        (await Queues.NextFreeAsync(_owner, _channel, Utc("2027-03-20T12:00:00Z")))!.At.ShouldBe(Utc("2027-03-21T08:00:00Z"));
        (await Queues.NextFreeAsync(_owner, _channel, Utc("2027-03-27T12:00:00Z")))!.At.ShouldBe(Utc("2027-03-28T07:00:00Z"));
        // Sunday 31 October 2027, the day clocks go back: winter time again by 09:00.
        (await Queues.NextFreeAsync(_owner, _channel, Utc("2027-10-30T12:00:00Z")))!.At.ShouldBe(Utc("2027-10-31T08:00:00Z"));
        var next = (await Queues.NextFreeAsync(_owner, _channel, Utc("2027-03-27T12:00:00Z")))!;
        next.Local.Hour.ShouldBe(9);
        next.TimeZone.ShouldBe("Europe/Paris");
    }

    [Fact]
    public void Upcoming_SlotInTheSkippedOrRepeatedHour_TakenOnceAtTheInstantAfterOrTheFirstPass()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        QueueSlot[] slots = [new(Guid.NewGuid(), Guid.NewGuid(), 7, new TimeOnly(2, 30))];

        // 02:30 does not exist on 28 March 2027: it is taken at 03:30 summer time (01:30 UTC), not lost.
        QueueTimes.Upcoming(slots, paris, Utc("2027-03-27T12:00:00Z")).First().ShouldBe(Utc("2027-03-28T01:30:00Z"));
        // 02:30 happens twice on 31 October 2027: the slot is its first pass (summer time, 00:30 UTC), once.
        QueueTimes.Upcoming(slots, paris, Utc("2027-10-30T12:00:00Z")).Take(2).ShouldBe([Utc("2027-10-31T00:30:00Z"), Utc("2027-11-07T01:30:00Z")]);
    }

    [Fact]
    public async Task NextFree_SlotHeldByAPlannedVariant_TheFollowingWeek()
    {
        var workspace = await app.CreateWorkspaceAsync("Held");
        var owner = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        await app.Get<CalendarZones>().SetWorkspaceZoneAsync(owner, "Europe/Paris");
        var channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Held toots");
        await Queues.AddSlotAsync(owner, channel, new QueueSlotRequest("sunday", "09:00"));
        await app.Get<PublishingService>().CreateAsync(owner, new CreatePostRequest([channel], "Déjà là", ScheduledAt: Utc("2027-03-28T07:00:00Z")));

        (await Queues.NextFreeAsync(owner, channel, Utc("2027-03-27T12:00:00Z")))!.At.ShouldBe(Utc("2027-04-04T07:00:00Z"));
    }

    [Fact]
    public async Task AddToQueue_TwelveAtOnce_EachVariantInADifferentSlot()
    {
        var workspace = await app.CreateWorkspaceAsync("Race");
        var owner = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        var channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Race toots");
        foreach (var day in QueueTimes.WeekdayNames) await Queues.AddSlotAsync(owner, channel, new QueueSlotRequest(day, "10:00"));
        var posts = new List<Guid>();
        for (var i = 0; i < 12; i++) posts.Add(await app.Get<PublishingService>().CreateAsync(owner, new CreatePostRequest([channel], $"Post {i}")));

        var queued = await Task.WhenAll(posts.Select(id => Task.Run(() => Queues.AddToQueueAsync(owner, id, null))));

        var times = queued.Select(p => p!.Variants.Single().ScheduledAt!.Value).ToList();
        times.Distinct().Count().ShouldBe(12);
        times.ShouldAllBe(t => t.TimeOfDay == TimeSpan.FromHours(10) && t > DateTimeOffset.UtcNow);
        // Twelve daily slots in a row: the first twelve days with a 10:00 still ahead.
        (times.Max() - times.Min()).ShouldBe(TimeSpan.FromDays(11));
        (await app.CountAsync("select count(*) from audit_log where action = 'post.queued' and workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(12);
    }

    [Fact]
    public async Task AddToQueue_DraftThenSubmitted_ScheduledAtItsSlotWithItsJob()
    {
        await Queues.AddSlotAsync(_owner, _channel, new QueueSlotRequest("wednesday", "18:30"));
        var postId = await DraftAsync("Mercredi soir");

        var queued = (await Queues.AddToQueueAsync(_owner, postId, null))!;
        var slot = queued.Variants.Single().ScheduledAt!.Value;
        queued.Status.ShouldBe(VariantStatus.Draft);
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        ZonedTime.InZone(slot, paris).DayOfWeek.ShouldBe(DayOfWeek.Wednesday);
        ZonedTime.InZone(slot, paris).TimeOfDay.ShouldBe(new TimeSpan(18, 30, 0));

        // No approval in this workspace: submitting schedules it at the slot, with its publishing job due then.
        var submitted = (await app.Get<PublishingService>().SubmitAsync(_owner, postId))!;
        submitted.Status.ShouldBe(VariantStatus.Scheduled);
        submitted.Variants.Single().ScheduledAt.ShouldBe(slot);
        (await app.CountAsync("select count(*) from jobs where kind = 'publishing.variant' and payload->>'variantId' = @id and due_at = @slot",
            new { id = submitted.Variants.Single().Id.ToString(), slot = slot.UtcDateTime })).ShouldBe(1);
    }

    [Fact]
    public async Task AddToQueue_ChannelWithoutSlots_ConflictNamingTheChannel()
    {
        var channel = await app.AddChannelAsync(_workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Empty toots");
        var postId = await app.Get<PublishingService>().CreateAsync(_owner, new CreatePostRequest([channel], "Nulle part"));

        var refused = await Should.ThrowAsync<ConflictException>(() => Queues.AddToQueueAsync(_owner, postId, null));

        refused.Message.ShouldContain("Empty toots");
    }

    [Fact]
    public async Task Api_AnotherWorkspacesChannelWithABadBody_404BeforeValidation_AndBadSlotNamesTheField()
    {
        var other = await app.CreateWorkspaceAsync("Other");
        var otherChannel = await app.AddChannelAsync(other.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Other toots");
        using var client = app.Api(await app.TokenAsync(_workspace.Owner.UserId, _workspace.WorkspaceId));
        var slots = $"/api/v1/workspaces/{_workspace.WorkspaceId}/channels/{otherChannel}/queue-slots";

        (await client.PostAsJsonAsync(slots, new { weekday = "someday", time = "25:99" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var bad = await client.PostAsJsonAsync($"/api/v1/workspaces/{_workspace.WorkspaceId}/channels/{_channel}/queue-slots", new { weekday = "someday", time = "9h" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadAsStringAsync();
        problem.ShouldContain("weekday");
        problem.ShouldContain("time");
        using var created = await client.PostAsJsonAsync($"/api/v1/workspaces/{_workspace.WorkspaceId}/channels/{_channel}/queue-slots", new { weekday = "friday", time = "07:15" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var slot = (await created.Content.ReadFromJsonAsync<QueueSlot>(PublishingWorkflowTests.Json))!;
        (await client.DeleteAsync($"/api/v1/workspaces/{_workspace.WorkspaceId}/channels/{_channel}/queue-slots/{slot.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Cli_AddSlotListAsJsonQueueAPost_ThenBadWeekdayExits2()
    {
        var email = _workspace.Owner.Email;
        var ws = _workspace.WorkspaceId.ToString();
        var added = await RunAsync("add-slot", "--workspace", ws, "--as", email, "--channel", "Brand toots", "--weekday", "tuesday", "--time", "08:45");
        added.Exit.ShouldBe(ChorusCommandLine.Ok, added.Error);
        var slotId = Guid.Parse(added.Output.Trim());

        var listed = await RunAsync("slots", "--workspace", ws, "--as", email, "--json");
        listed.Exit.ShouldBe(ChorusCommandLine.Ok, listed.Error);
        listed.Output.ShouldContain(slotId.ToString());
        listed.Output.ShouldContain("\"day\":\"tuesday\"");
        var postId = await DraftAsync("Par la ligne de commande");
        var queued = await RunAsync("add", postId.ToString(), "--workspace", ws, "--as", email);
        queued.Exit.ShouldBe(ChorusCommandLine.Ok, queued.Error);
        queued.Output.ShouldContain("Brand toots");
        var bad = await RunAsync("add-slot", "--workspace", ws, "--as", email, "--channel", "Brand toots", "--weekday", "caturday", "--time", "08:45");
        bad.Exit.ShouldBe(ChorusCommandLine.BadInput);
        bad.Error.ShouldContain("weekday");
        (await RunAsync("remove-slot", slotId.ToString(), "--workspace", ws, "--as", email)).Exit.ShouldBe(ChorusCommandLine.Ok);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        void Database(IHostApplicationBuilder builder) => builder.Configuration["CHORUS_DATABASE"] = app.ConnectionString;
        var exit = await QueueCommand.RunAsync(args, output, error, Database);
        return (exit, output.ToString(), error.ToString());
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
