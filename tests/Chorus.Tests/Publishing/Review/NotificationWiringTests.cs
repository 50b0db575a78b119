using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Tests.Support;
using Dapper;
using Npgsql;

namespace Chorus.Tests.Publishing.Review;

/// <summary>The workflow tells people: the role of the step a post waits for when it is submitted or moves on, its
/// author when changes are asked for (with the comment), the members an internal comment @mentions; each in the
/// transaction of the change.</summary>
public sealed class NotificationWiringTests(PublishingFactory app) : IClassFixture<PublishingFactory>
{
    private static readonly Uri Instance = new("http://127.0.0.1:9/");

    private async Task<List<(Guid UserId, string Kind, string Parameters, string Link)>> NotificationsAsync(Guid workspaceId)
    {
        await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        return (await connection.QueryAsync<(Guid, string, string, string)>(
            "select user_id, kind, parameters::text, link from notifications where workspace_id = @workspaceId order by id", new { workspaceId })).ToList();
    }

    [Fact]
    public async Task SubmitApproveAndChanges_TellTheStepsRoleThenTheNextThenTheAuthor()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Brand toots");
        using var owner = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        (await owner.PutAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/approval-policy", new { steps = new[] { "Admin", "ClientApprover" } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var writer = await app.AddMemberAsync(workspace, WorkspaceRole.ContentManager);
        var admin = await app.AddMemberAsync(workspace, WorkspaceRole.Admin);
        var client = await app.AddMemberAsync(workspace, WorkspaceRole.ClientApprover);
        using var writing = app.Api(await app.TokenAsync(writer.UserId, workspace.WorkspaceId));
        using var approving = app.Api(await app.TokenAsync(admin.UserId, workspace.WorkspaceId));
        using var deciding = app.Api(await app.TokenAsync(client.UserId, workspace.WorkspaceId));
        var posts = $"/api/v1/workspaces/{workspace.WorkspaceId}/posts";
        var created = await writing.PostAsJsonAsync(posts, new { channels = new[] { channel }, text = "Vente privée jeudi", scheduledAt = DateTimeOffset.UtcNow.AddHours(2) });
        var postId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        (await writing.PostAsync($"{posts}/{postId}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var afterSubmit = await NotificationsAsync(workspace.WorkspaceId);
        afterSubmit.Select(n => (n.UserId, n.Kind)).ShouldBe([(admin.UserId, "approval.requested")]);
        afterSubmit[0].Link.ShouldBe($"/w/{workspace.WorkspaceId}/posts/{postId}");
        afterSubmit[0].Parameters.ShouldContain("Vente privée jeudi");

        (await approving.PostAsJsonAsync($"{posts}/{postId}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await NotificationsAsync(workspace.WorkspaceId)).Skip(1).Select(n => (n.UserId, n.Kind)).ShouldBe([(client.UserId, "approval.requested")]);

        (await deciding.PostAsJsonAsync($"{posts}/{postId}/request-changes", new { comment = "Ajoutez la date" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var changes = (await NotificationsAsync(workspace.WorkspaceId)).Skip(2).Single();
        (changes.UserId, changes.Kind).ShouldBe((writer.UserId, "changes.requested"));
        changes.Parameters.ShouldContain("Ajoutez la date");

        // A refused change tells nobody: the notification is in the transaction that did not commit.
        (await writing.PostAsync($"{posts}/{postId}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await deciding.PostAsJsonAsync($"{posts}/{postId}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await NotificationsAsync(workspace.WorkspaceId)).Count.ShouldBe(4);

        using var reader = await app.SignedInAsync(writer);
        WebUtility.HtmlDecode(await reader.GetStringAsync("/notifications")).ShouldContain("asks for changes to the post “Vente privée jeudi”: Ajoutez la date");
    }

    [Fact]
    public async Task Mention_TellsTheMentionedMemberNotTheAuthorAndShowsOnThePostPage()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Brand toots");
        var writer = await app.AddMemberAsync(workspace, WorkspaceRole.ContentManager);
        var colleague = await app.AddMemberAsync(workspace, WorkspaceRole.Analyst);
        using var writing = app.Api(await app.TokenAsync(writer.UserId, workspace.WorkspaceId));
        var posts = $"/api/v1/workspaces/{workspace.WorkspaceId}/posts";
        var created = await writing.PostAsJsonAsync(posts, new { channels = new[] { channel }, text = "Annonce partenaire" });
        var postId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var commented = await writing.PostAsJsonAsync($"{posts}/{postId}/comments", new { body = $"@{colleague.Email} peux-tu relire ? (cc @{writer.Email})" });

        commented.StatusCode.ShouldBe(HttpStatusCode.OK, await commented.Content.ReadAsStringAsync());
        var told = (await NotificationsAsync(workspace.WorkspaceId)).Single();
        (told.UserId, told.Kind).ShouldBe((colleague.UserId, "comment.mention"));
        told.Parameters.ShouldContain("peux-tu relire");
        using var browser = await app.SignedInAsync(colleague);
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        WebUtility.HtmlDecode(await browser.GetStringAsync("/notifications")).ShouldContain("vous mentionne");
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/posts/{postId}"));
        page.ShouldContain("peux-tu relire");
        page.ShouldContain("Annonce partenaire");
    }
}
