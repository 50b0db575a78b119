using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Platform.CommandLine;
using Chorus.Publishing;
using Chorus.Publishing.ClientReview;
using Chorus.Tests.Support;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Chorus.Tests.Publishing.Review;

/// <summary>Client review links end to end over HTTP: issued through the API or the command line, opened and used by a
/// client with no session, refused when forged, altered, expired, revoked, used or pointed at another post; the
/// decision goes through the workflow (audited as the link, the author notified).</summary>
public sealed class ReviewLinkTests(PublishingFactory app) : IClassFixture<PublishingFactory>
{
    private static readonly Uri Instance = new("http://127.0.0.1:9/");

    private sealed record Setup(ChorusFactory.WorkspaceWithOwner Workspace, Guid Channel, HttpClient Writer, ChorusFactory.Person WriterPerson,
        ChorusFactory.Person Client);

    /// <summary>A workspace whose posts need one ClientApprover step, a Mastodon channel and a content manager.</summary>
    private async Task<Setup> SetUpAsync(params string[] steps)
    {
        var workspace = await app.CreateWorkspaceAsync();
        var channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Brand toots");
        using var owner = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        (await owner.PutAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/approval-policy",
            new { steps = steps.Length == 0 ? new[] { "ClientApprover" } : steps })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var writer = await app.AddMemberAsync(workspace, WorkspaceRole.ContentManager);
        var client = await app.AddMemberAsync(workspace, WorkspaceRole.ClientApprover);
        return new Setup(workspace, channel, app.Api(await app.TokenAsync(writer.UserId, workspace.WorkspaceId)), writer, client);
    }

    private static string Posts(Setup setup) => $"/api/v1/workspaces/{setup.Workspace.WorkspaceId}/posts";

    private async Task<Guid> SubmittedPostAsync(Setup setup, string text)
    {
        var created = await setup.Writer.PostAsJsonAsync(Posts(setup), new { channels = new[] { setup.Channel }, text, scheduledAt = DateTimeOffset.UtcNow.AddHours(3) });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await setup.Writer.PostAsync($"{Posts(setup)}/{id}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private static async Task<(Guid Id, string Url)> IssueAsync(HttpClient member, Setup setup, Guid postId, object? body = null)
    {
        var response = await member.PostAsJsonAsync($"{Posts(setup)}/{postId}/review-links", body ?? new { });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("id").GetGuid(), json.GetProperty("url").GetString()!);
    }

    /// <summary>A browser with no session at all.</summary>
    private HttpClient Stranger() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static string PathOf(string url) => new Uri(url).PathAndQuery;

    private static async Task<HttpResponseMessage> DecideAsync(HttpClient browser, string path, string decision, string? comment = null, string? name = null,
        params KeyValuePair<string, string>[] extra)
    {
        var page = await browser.GetStringAsync(path);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("decision", decision), new("Comment", comment ?? ""), new("Name", name ?? ""),
            new("__RequestVerificationToken", ChorusFactory.Antiforgery(page)),
        };
        fields.AddRange(extra);
        return await browser.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    private async Task<string> StatusOfAsync(Guid postId)
    {
        await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        return string.Join(",", await connection.QueryAsync<string>("select status from post_variants where post_id = @postId order by id", new { postId }));
    }

    [Fact]
    public async Task Link_StrangerSeesOnlyThePreviewsAndApproves_ScheduledAuditedAsTheLinkThenGone()
    {
        var setup = await SetUpAsync();
        var other = await SubmittedPostAsync(setup, "Un autre texte secret de l’équipe");
        var postId = await SubmittedPostAsync(setup, "Soldes d’hiver : -30 % sur tout");
        var (linkId, url) = await IssueAsync(setup.Writer, setup, postId, new { days = 3 });
        using var stranger = Stranger();

        using var opened = await stranger.GetAsync(PathOf(url));
        var page = WebUtility.HtmlDecode(await opened.Content.ReadAsStringAsync());
        opened.StatusCode.ShouldBe(HttpStatusCode.OK);
        opened.Headers.CacheControl!.NoStore.ShouldBeTrue();
        page.ShouldContain("Soldes d’hiver : -30 % sur tout");
        page.ShouldContain("Brand toots");
        page.ShouldContain("Mastodon");
        page.ShouldNotContain("Un autre texte secret");
        page.ShouldNotContain("Brand</");
        page.ShouldNotContain("class=\"sidebar\"");
        page.ShouldNotContain(setup.Workspace.WorkspaceId.ToString());

        using var approved = await DecideAsync(stranger, PathOf(url), "approve", name: "Claire (Maison Dupont)");
        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await approved.Content.ReadAsStringAsync()).ShouldContain("Your approval is recorded.");

        (await StatusOfAsync(postId)).ShouldBe(VariantStatus.Scheduled);
        (await StatusOfAsync(other)).ShouldBe(VariantStatus.InReview);
        var post = await (await setup.Writer.GetAsync($"{Posts(setup)}/{postId}")).Content.ReadFromJsonAsync<Post>(PublishingWorkflowTests.Json);
        var decision = post!.Review.Decisions.Single();
        (decision.Decision, decision.UserId, decision.UserName, decision.ReviewLinkId).ShouldBe((ApprovalDecision.Approved, (Guid?)null, "Claire (Maison Dupont)", (Guid?)linkId));
        await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        var audited = await connection.QuerySingleAsync<(Guid? UserId, string Actor)>(
            "select actor_user_id, details->>'actor' from audit_log where target_id = @id and action = 'post.approved'", new { id = postId.ToString() });
        audited.ShouldBe(((Guid?)null, $"client link {linkId}"));
        var audit = await app.Get<Chorus.Platform.Audit.AuditLog>().ListAsync(setup.Workspace.WorkspaceId, null, 50);
        audit.Items.First(e => e.Action == "post.approved").ActorName.ShouldBe($"client link {linkId}");

        using var again = await stranger.GetAsync(PathOf(url));
        again.StatusCode.ShouldBe(HttpStatusCode.Gone);
        var gone = WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync());
        gone.ShouldContain("This review link no longer works");
        gone.ShouldNotContain("Soldes");
    }

    [Fact]
    public async Task Changes_CommentRequired_ThenBackToDraftAndTheAuthorNotifiedWithTheComment()
    {
        var setup = await SetUpAsync();
        var postId = await SubmittedPostAsync(setup, "Nouveau catalogue");
        var (_, url) = await IssueAsync(setup.Writer, setup, postId);
        using var stranger = Stranger();

        using var noComment = await DecideAsync(stranger, PathOf(url), "changes", comment: "  ");
        noComment.StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = WebUtility.HtmlDecode(await noComment.Content.ReadAsStringAsync());
        refused.ShouldContain("id=\"comment-error\"");
        refused.ShouldContain("Say what should change.");
        (await StatusOfAsync(postId)).ShouldBe(VariantStatus.InReview);

        using var changes = await DecideAsync(stranger, PathOf(url), "changes", comment: "Le prix est faux");
        changes.StatusCode.ShouldBe(HttpStatusCode.OK);

        (await StatusOfAsync(postId)).ShouldBe(VariantStatus.Draft);
        await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        var told = (await connection.QueryAsync<(Guid UserId, string Parameters, string Link)>(
            "select user_id, parameters::text, link from notifications where workspace_id = @id and kind = 'changes.requested'",
            new { id = setup.Workspace.WorkspaceId })).Single();
        told.UserId.ShouldBe(setup.WriterPerson.UserId);
        told.Parameters.ShouldContain("Le prix est faux");
        told.Parameters.ShouldContain(Chorus.Notifications.NotificationKindIds.ClientReviewer);
        told.Link.ShouldBe($"/w/{setup.Workspace.WorkspaceId}/posts/{postId}");
    }

    [Fact]
    public async Task ForgedAlteredOtherPurposeOrUnknown_404WithoutAnything()
    {
        var setup = await SetUpAsync();
        var postId = await SubmittedPostAsync(setup, "Texte confidentiel");
        var (_, url) = await IssueAsync(setup.Writer, setup, postId);
        var token = PathOf(url)[ReviewLinks.RoutePrefix.Length..];
        var bytes = WebEncoders.Base64UrlDecode(token);
        bytes[^5] ^= 0x01;
        var otherPurpose = WebEncoders.Base64UrlEncode(app.Get<IDataProtectionProvider>().CreateProtector("Chorus.Media.Links").Protect(Guid.NewGuid().ToByteArray()));
        var sealedUnknown = WebEncoders.Base64UrlEncode(app.Get<IDataProtectionProvider>().CreateProtector("Chorus.Publishing.ReviewLinks").Protect(Guid.NewGuid().ToByteArray()));
        using var stranger = Stranger();

        foreach (var forged in new[] { WebEncoders.Base64UrlEncode(bytes), "abc", otherPurpose, sealedUnknown, token[..^2] })
        {
            using var response = await stranger.GetAsync(ReviewLinks.RoutePrefix + forged);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, forged);
            var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            page.ShouldContain("This review link is not valid");
            page.ShouldNotContain("Texte confidentiel");
        }
        (await StatusOfAsync(postId)).ShouldBe(VariantStatus.InReview);
    }

    [Fact]
    public async Task ExpiredOrRevoked_410AndTheDecisionRefused()
    {
        var setup = await SetUpAsync();
        var postId = await SubmittedPostAsync(setup, "Jeu concours");
        var (expiredId, expired) = await IssueAsync(setup.Writer, setup, postId);
        var (revokedId, revoked) = await IssueAsync(setup.Writer, setup, postId);
        using var stranger = Stranger();
        var antiforgeryPage = await stranger.GetStringAsync(PathOf(expired));
        await using (var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update review_links set created_at = now() - interval '8 days', expires_at = now() - interval '1 second' where id = @expiredId",
                new { expiredId });
        }
        (await setup.Writer.DeleteAsync($"{Posts(setup)}/{postId}/review-links/{revokedId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        foreach (var path in new[] { PathOf(expired), PathOf(revoked) })
        {
            (await stranger.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.Gone);
            using var post = await stranger.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["decision"] = "approve", ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(antiforgeryPage),
            }));
            post.StatusCode.ShouldBe(HttpStatusCode.Gone);
        }
        (await StatusOfAsync(postId)).ShouldBe(VariantStatus.InReview);
        var links = await (await setup.Writer.GetAsync($"{Posts(setup)}/{postId}/review-links")).Content.ReadFromJsonAsync<JsonElement>();
        links.EnumerateArray().Select(l => (l.GetProperty("id").GetGuid(), l.GetProperty("state").GetString()))
            .ShouldBe([(revokedId, "revoked"), (expiredId, "expired")], ignoreOrder: true);
    }

    [Fact]
    public async Task LinkOfPostA_CannotActOnPostB_EvenWhenTheFormNamesB()
    {
        var setup = await SetUpAsync();
        var a = await SubmittedPostAsync(setup, "Publication A");
        var b = await SubmittedPostAsync(setup, "Publication B");
        var (_, url) = await IssueAsync(setup.Writer, setup, a);
        using var stranger = Stranger();

        using var decided = await DecideAsync(stranger, PathOf(url) + $"?postId={b}", "approve", extra: [new("postId", b.ToString()), new("PostId", b.ToString())]);

        decided.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusOfAsync(a)).ShouldBe(VariantStatus.Scheduled);
        (await StatusOfAsync(b)).ShouldBe(VariantStatus.InReview);
        (await app.CountAsync("select count(*) from post_approvals where post_id = @b", new { b })).ShouldBe(0);
    }

    [Fact]
    public async Task Link_DecidedMeanwhileByAMember_410AndNothingDecidedTwice()
    {
        var setup = await SetUpAsync();
        var postId = await SubmittedPostAsync(setup, "Décidé par un membre");
        var (_, url) = await IssueAsync(setup.Writer, setup, postId);
        using var stranger = Stranger();
        var page = await stranger.GetStringAsync(PathOf(url));
        using var client = app.Api(await app.TokenAsync(setup.Client.UserId, setup.Workspace.WorkspaceId));
        (await client.PostAsJsonAsync($"{Posts(setup)}/{postId}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var late = await stranger.PostAsync(PathOf(url), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["decision"] = "changes", ["Comment"] = "Trop tard", ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(page),
        }));

        late.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await StatusOfAsync(postId)).ShouldBe(VariantStatus.Scheduled);
        (await app.CountAsync("select count(*) from post_approvals where post_id = @postId", new { postId })).ShouldBe(1);
    }

    [Fact]
    public async Task Issue_RolesStateAndWorkspaceChecked()
    {
        var setup = await SetUpAsync("Admin", "ClientApprover");
        var postId = await SubmittedPostAsync(setup, "Deux étapes");
        var draft = await setup.Writer.PostAsJsonAsync(Posts(setup), new { channels = new[] { setup.Channel }, text = "Brouillon" });
        var draftId = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var analyst = app.Api(await app.TokenAsync((await app.AddMemberAsync(setup.Workspace, WorkspaceRole.Analyst)).UserId, setup.Workspace.WorkspaceId));
        var stranger = await app.CreateWorkspaceAsync("Elsewhere");
        using var outsider = app.Api(await app.TokenAsync(stranger.Owner.UserId, stranger.WorkspaceId));

        (await analyst.PostAsJsonAsync($"{Posts(setup)}/{postId}/review-links", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await outsider.PostAsJsonAsync($"/api/v1/workspaces/{stranger.WorkspaceId}/posts/{postId}/review-links", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await setup.Writer.PostAsJsonAsync($"{Posts(setup)}/{postId}/review-links", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await setup.Writer.PostAsJsonAsync($"{Posts(setup)}/{draftId}/review-links", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var tooLong = await setup.Writer.PostAsJsonAsync($"{Posts(setup)}/{postId}/review-links", new { days = 31 });
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLong.Content.ReadAsStringAsync()).ShouldContain("\"days\"");

        using var admin = app.Api(await app.TokenAsync(setup.Workspace.Owner.UserId, setup.Workspace.WorkspaceId));
        (await admin.PostAsJsonAsync($"{Posts(setup)}/{postId}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var (_, url) = await IssueAsync(setup.Writer, setup, postId);
        (await outsider.DeleteAsync($"/api/v1/workspaces/{stranger.WorkspaceId}/posts/{postId}/review-links/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var browser = Stranger();
        (await browser.GetAsync(PathOf(url))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Command_PrintsALinkTheAppOpens()
    {
        var setup = await SetUpAsync();
        var postId = await SubmittedPostAsync(setup, "Depuis la ligne de commande");
        using var output = new StringWriter();
        using var error = new StringWriter();
        void Database(IHostApplicationBuilder builder) => builder.Configuration["CHORUS_DATABASE"] = app.ConnectionString;

        var exit = await PostCommand.RunAsync(["review-link", postId.ToString(), "--workspace", setup.Workspace.WorkspaceId.ToString(), "--as",
            setup.WriterPerson.Email, "--days", "2", "--json"], output, error, Database);

        exit.ShouldBe(ChorusCommandLine.Ok, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        json.RootElement.GetProperty("postId").GetGuid().ShouldBe(postId);
        var url = json.RootElement.GetProperty("url").GetString()!;
        (json.RootElement.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow).TotalDays.ShouldBeInRange(1.9, 2.0);
        using var stranger = Stranger();
        WebUtility.HtmlDecode(await stranger.GetStringAsync(PathOf(url))).ShouldContain("Depuis la ligne de commande");

        using var refusedOutput = new StringWriter();
        using var refusedError = new StringWriter();
        var refused = await PostCommand.RunAsync(["review-link", postId.ToString(), "--workspace", setup.Workspace.WorkspaceId.ToString(), "--as",
            setup.Client.Email], refusedOutput, refusedError, Database);
        refused.ShouldBe(ChorusCommandLine.BadInput);
        refusedError.ToString().ShouldContain("ShareReviewLinks");
    }
}
