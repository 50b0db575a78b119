using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Chorus.Connectors.WordPress;
using Chorus.Publishing;
using Chorus.Tests.Support;
using Dapper;
using Npgsql;

namespace Chorus.Tests.Publishing;

/// <summary>Writing, approving, scheduling and cancelling posts through the REST API, with the roles of the
/// permission matrix and the audit log; no network is called (the posts are scheduled an hour ahead).</summary>
public sealed class PublishingWorkflowTests(PublishingFactory app) : IClassFixture<PublishingFactory>, IAsyncLifetime
{
    private static readonly Uri Instance = new("http://127.0.0.1:9/");
    private ChorusFactory.WorkspaceWithOwner _workspace = null!;
    private Guid _mastodon;
    private Guid _wordpress;

    public async Task InitializeAsync()
    {
        _workspace = await app.CreateWorkspaceAsync();
        _mastodon = await app.AddChannelAsync(_workspace.WorkspaceId, "mastodon", Instance, Publishing.MastodonInstance.Credentials, "Brand toots");
        _wordpress = await app.AddChannelAsync(_workspace.WorkspaceId, "wordpress", Instance,
            JsonSerializer.Serialize(new WordPressCredentials("editor", "abcd abcd abcd abcd abcd abcd"), Json), "Brand blog");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private string Posts => $"/api/v1/workspaces/{_workspace.WorkspaceId}/posts";

    private async Task<HttpClient> AsAsync(WorkspaceRole role) =>
        app.Api(await app.TokenAsync((await app.AddMemberAsync(_workspace, role)).UserId, _workspace.WorkspaceId));

    private async Task<HttpClient> OwnerAsync() => app.Api(await app.TokenAsync(_workspace.Owner.UserId, _workspace.WorkspaceId));

    /// <summary>The API writes enums (roles) by name.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static async Task<Post> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Post>(Json))!;
    }

    private async Task<Post> CreateAsync(HttpClient client, object body) => await ReadAsync(await client.PostAsJsonAsync(Posts, body), HttpStatusCode.Created);

    [Fact]
    public async Task Submit_WorkspaceWithoutApproval_ScheduledWithOneJobPerVariantAndEveryStepAudited()
    {
        using var writer = await AsAsync(WorkspaceRole.ContentManager);
        var at = DateTimeOffset.UtcNow.AddHours(1);
        var post = await CreateAsync(writer, new { channels = new[] { _mastodon, _wordpress }, text = "Notre nouvelle collection", title = "Collection d’hiver", scheduledAt = at });
        post.Status.ShouldBe(VariantStatus.Draft);
        post.Variants.Count.ShouldBe(2);

        var submitted = await ReadAsync(await writer.PostAsync($"{Posts}/{post.Id}/submit", null));

        submitted.Variants.Select(v => v.Status).ShouldAllBe(s => s == VariantStatus.Scheduled);
        submitted.Status.ShouldBe(VariantStatus.Scheduled);
        await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        var jobs = (await connection.QueryAsync<(string Payload, DateTime DueAt, string Status)>(
            "select payload::text, due_at, status from jobs where kind = 'publishing.variant' and workspace_id = @id", new { id = _workspace.WorkspaceId })).ToList();
        jobs.Count.ShouldBe(2);
        jobs.ShouldAllBe(j => j.Status == "queued" && Math.Abs((j.DueAt - at.UtcDateTime).TotalMilliseconds) < 1);
        foreach (var variant in post.Variants) jobs.ShouldContain(j => j.Payload.Contains(variant.Id.ToString()));
        var actions = (await connection.QueryAsync<string>("select action from audit_log where target_id = @id order by id", new { id = post.Id.ToString() })).ToList();
        actions.ShouldBe(["post.created", "post.submitted", "post.scheduled"]);
    }

    [Fact]
    public async Task Approve_OrderedSteps_EachStepDecidedByItsRoleThenScheduled()
    {
        using var owner = await OwnerAsync();
        (await owner.PutAsJsonAsync($"/api/v1/workspaces/{_workspace.WorkspaceId}/approval-policy", new { steps = new[] { "Admin", "ClientApprover" } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        using var writer = await AsAsync(WorkspaceRole.ContentManager);
        using var admin = await AsAsync(WorkspaceRole.Admin);
        using var client = await AsAsync(WorkspaceRole.ClientApprover);
        var post = await CreateAsync(writer, new { channels = new[] { _mastodon }, text = "Lancement jeudi", scheduledAt = DateTimeOffset.UtcNow.AddHours(2) });
        var inReview = await ReadAsync(await writer.PostAsync($"{Posts}/{post.Id}/submit", null));
        inReview.Status.ShouldBe(VariantStatus.InReview);
        inReview.Review.CurrentStep.ShouldBe(1);

        var tooEarly = await client.PostAsJsonAsync($"{Posts}/{post.Id}/approve", new { comment = "ok" });
        tooEarly.StatusCode.ShouldBe(HttpStatusCode.Conflict, await tooEarly.Content.ReadAsStringAsync());
        (await writer.PostAsJsonAsync($"{Posts}/{post.Id}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var afterAdmin = await ReadAsync(await admin.PostAsJsonAsync($"{Posts}/{post.Id}/approve", new { comment = "Bon pour moi" }));
        afterAdmin.Status.ShouldBe(VariantStatus.InReview);
        afterAdmin.Review.CurrentStep.ShouldBe(2);
        var approved = await ReadAsync(await client.PostAsJsonAsync($"{Posts}/{post.Id}/approve", new { }));

        approved.Status.ShouldBe(VariantStatus.Scheduled);
        approved.Review.CurrentStep.ShouldBeNull();
        approved.Review.Decisions.Select(d => (d.Step, d.Decision, d.Comment)).ShouldBe([(1, "approved", "Bon pour moi"), (2, "approved", (string?)null)]);
        approved.Review.Decisions.ShouldAllBe(d => d.UserId != null && d.UserName != null);
        (await app.CountAsync("select count(*) from audit_log where target_id = @id and action = 'post.approved'", new { id = post.Id.ToString() })).ShouldBe(2);
        (await app.CountAsync("select count(*) from jobs where kind = 'publishing.variant' and payload->>'variantId' = @id", new { id = post.Variants[0].Id.ToString() }))
            .ShouldBe(1);
        (await owner.PutAsJsonAsync($"/api/v1/workspaces/{_workspace.WorkspaceId}/approval-policy", new { steps = Array.Empty<string>() })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RequestChanges_BackToDraftEditableAgain_InReviewNotEditable()
    {
        using var owner = await OwnerAsync();
        (await owner.PutAsJsonAsync($"/api/v1/workspaces/{_workspace.WorkspaceId}/approval-policy", new { steps = new[] { "ClientApprover" } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        using var writer = await AsAsync(WorkspaceRole.ContentManager);
        using var client = await AsAsync(WorkspaceRole.ClientApprover);
        var post = await CreateAsync(writer, new { channels = new[] { _mastodon }, text = "Premier jet" });
        await ReadAsync(await writer.PostAsync($"{Posts}/{post.Id}/submit", null));
        var variant = $"{Posts}/{post.Id}/variants/{post.Variants[0].Id}";

        (await writer.PutAsJsonAsync(variant, new { text = "Pendant la revue" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var noReason = await client.PostAsJsonAsync($"{Posts}/{post.Id}/request-changes", new { comment = "  " });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadAsStringAsync()).ShouldContain("\"comment\"");
        var sentBack = await ReadAsync(await client.PostAsJsonAsync($"{Posts}/{post.Id}/request-changes", new { comment = "Ajoutez le lien" }));
        sentBack.Status.ShouldBe(VariantStatus.Draft);
        sentBack.Review.Decisions.Single().Decision.ShouldBe("changes_requested");

        var edited = await ReadAsync(await writer.PutAsJsonAsync(variant, new { text = "Second jet", link = "https://brand.example/hiver", language = "fr" }));
        edited.Variants[0].Text.ShouldBe("Second jet");
        edited.Variants[0].Link.ShouldBe("https://brand.example/hiver");
        var actions = (await app.Get<NpgsqlDataSource>().OpenConnection().QueryAsync<string>(
            "select action from audit_log where target_id = @id order by id", new { id = post.Id.ToString() })).ToList();
        actions.ShouldBe(["post.created", "post.submitted", "post.changes_requested", "post.updated"]);
        (await owner.PutAsJsonAsync($"/api/v1/workspaces/{_workspace.WorkspaceId}/approval-policy", new { steps = Array.Empty<string>() })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{"channels":[],"text":"x"}""", "channels")]
    [InlineData("""{"channels":["MASTODON"],"text":"   "}""", "text")]
    [InlineData("""{"channels":["00000000-0000-0000-0000-000000000001"],"text":"x"}""", "channels")]
    [InlineData("""{"channels":["WORDPRESS"],"text":"x","threadParts":["suite"]}""", "threadParts")]
    [InlineData("""{"channels":["MASTODON"],"text":"x","language":"français"}""", "language")]
    [InlineData("""{"channels":["MASTODON"],"text":"x","link":"javascript:alert(1)"}""", "link")]
    [InlineData("""{"channels":["MASTODON"],"text":"x","scheduledAt":"2020-01-01T00:00:00Z"}""", "scheduledAt")]
    public async Task Create_BadInput_400NamingTheFieldAndNothingStored(string body, string field)
    {
        using var writer = await OwnerAsync();
        var before = await app.CountAsync("select count(*) from posts where workspace_id = @id", new { id = _workspace.WorkspaceId });
        using var content = new StringContent(body.Replace("MASTODON", _mastodon.ToString()).Replace("WORDPRESS", _wordpress.ToString()),
            System.Text.Encoding.UTF8, "application/json");

        using var response = await writer.PostAsync(Posts, content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.RootElement.ToString());
        (await app.CountAsync("select count(*) from posts where workspace_id = @id", new { id = _workspace.WorkspaceId })).ShouldBe(before);
    }

    [Fact]
    public async Task Submit_WordPressWithoutTitle_400OnTitleAndStillADraft()
    {
        using var writer = await OwnerAsync();
        var post = await CreateAsync(writer, new { channels = new[] { _mastodon, _wordpress }, text = "Sans titre" });

        using var response = await writer.PostAsync($"{Posts}/{post.Id}/submit", null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Brand blog: A title is required on this network.");
        (await ReadAsync(await writer.GetAsync($"{Posts}/{post.Id}"))).Variants.ShouldAllBe(v => v.Status == VariantStatus.Draft);
        (await app.CountAsync("select count(*) from jobs where kind = 'publishing.variant' and payload->>'variantId' = any(@ids)",
            new { ids = post.Variants.Select(v => v.Id.ToString()).ToArray() })).ShouldBe(0);
    }

    [Fact]
    public async Task Roles_WriteAndApprove_RefusedWhereTheMatrixSays()
    {
        using var analyst = await AsAsync(WorkspaceRole.Analyst);
        using var approver = await AsAsync(WorkspaceRole.ClientApprover);
        var body = new { channels = new[] { _mastodon }, text = "x" };

        (await analyst.PostAsJsonAsync(Posts, body)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await approver.PostAsJsonAsync(Posts, body)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await analyst.GetAsync(Posts)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await approver.PutAsJsonAsync($"/api/v1/workspaces/{_workspace.WorkspaceId}/approval-policy", new { steps = Array.Empty<string>() }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Cancel_ScheduledPost_CancelledOnceThenConflict()
    {
        using var writer = await OwnerAsync();
        var post = await CreateAsync(writer, new { channels = new[] { _mastodon }, text = "À annuler", scheduledAt = DateTimeOffset.UtcNow.AddHours(3) });
        await ReadAsync(await writer.PostAsync($"{Posts}/{post.Id}/submit", null));

        var cancelled = await ReadAsync(await writer.PostAsync($"{Posts}/{post.Id}/cancel", null));

        cancelled.Status.ShouldBe(VariantStatus.Cancelled);
        (await writer.PostAsync($"{Posts}/{post.Id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.CountAsync("select count(*) from audit_log where target_id = @id and action = 'post.cancelled'", new { id = post.Id.ToString() })).ShouldBe(1);
    }

    [Fact]
    public async Task Schedule_Twice_OneLiveScheduleTheOlderJobStale()
    {
        using var writer = await OwnerAsync();
        var post = await CreateAsync(writer, new { channels = new[] { _mastodon }, text = "Replanifié", scheduledAt = DateTimeOffset.UtcNow.AddHours(3) });
        await ReadAsync(await writer.PostAsync($"{Posts}/{post.Id}/submit", null));
        var later = DateTimeOffset.UtcNow.AddHours(5);

        var rescheduled = await ReadAsync(await writer.PostAsJsonAsync($"{Posts}/{post.Id}/schedule", new { at = later }));

        rescheduled.Variants[0].ScheduledAt!.Value.ToUnixTimeMilliseconds().ShouldBe(later.ToUnixTimeMilliseconds());
        var jobs = (await app.Get<NpgsqlDataSource>().OpenConnection().QueryAsync<int>(
            "select (payload->>'scheduleVersion')::int from jobs where kind = 'publishing.variant' and payload->>'variantId' = @id order by id",
            new { id = post.Variants[0].Id.ToString() })).ToList();
        jobs.ShouldBe([1, 2]);
        (await writer.PostAsJsonAsync($"{Posts}/{post.Id}/schedule", new { at = "2020-01-01T00:00:00Z" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_FiltersAndPages_NewestFirstWithEachVariantsStatus()
    {
        var workspace = await app.CreateWorkspaceAsync("Lists");
        var channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, Publishing.MastodonInstance.Credentials, "Toots");
        using var client = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var url = $"/api/v1/workspaces/{workspace.WorkspaceId}/posts";
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
            ids.Add((await ReadAsync(await client.PostAsJsonAsync(url, new { channels = new[] { channel }, text = $"Post {i}" }), HttpStatusCode.Created)).Id);
        await client.PostAsync($"{url}/{ids[1]}/cancel", null);

        var first = await client.GetFromJsonAsync<Page<PostSummary>>($"{url}?limit=2", Json);
        var second = await client.GetFromJsonAsync<Page<PostSummary>>($"{url}?limit=2&cursor={first!.Next}", Json);
        var cancelled = await client.GetFromJsonAsync<Page<PostSummary>>($"{url}?status=cancelled", Json);

        first.Items.Select(p => p.Id).ShouldBe([ids[2], ids[1]]);
        second!.Items.Select(p => p.Id).ShouldBe([ids[0]]);
        second.Next.ShouldBeNull();
        cancelled!.Items.Single().Id.ShouldBe(ids[1]);
        cancelled.Items.Single().Variants.Single().Status.ShouldBe(VariantStatus.Cancelled);
        (await client.GetAsync($"{url}?status=lost")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Comment_MentionsAMember_StoredWithTheMentionAndAStrangerRefused()
    {
        using var writer = await OwnerAsync();
        var colleague = await app.AddMemberAsync(_workspace, WorkspaceRole.CommunityManager);
        var post = await CreateAsync(writer, new { channels = new[] { _mastodon }, text = "Avis ?" });

        var commented = await ReadAsync(await writer.PostAsJsonAsync($"{Posts}/{post.Id}/comments", new { body = $"@{colleague.Email} tu relis ?" }));
        using var stranger = await writer.PostAsJsonAsync($"{Posts}/{post.Id}/comments", new { body = "@nobody@example.test ?" });

        commented.Comments.Single().Mentions.ShouldBe([colleague.UserId]);
        stranger.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await stranger.Content.ReadAsStringAsync()).ShouldContain("nobody@example.test");
    }
}
