using System.Net;
using Chorus.Publishing;

namespace Chorus.Tests.Publishing;

/// <summary>The posts page: its empty state, the short form (a draft, a submit, a refusal beside its field), each
/// variant's status, in both languages.</summary>
public sealed class PostsPageTests(PublishingFactory app) : IClassFixture<PublishingFactory>
{
    private static readonly Uri Instance = new("http://127.0.0.1:9/");

    [Fact]
    public async Task Page_NoPost_EmptyStateSaysToWriteAFirstPost()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);

        var html = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/posts");

        html.ShouldContain("No post yet.");
        html.ShouldContain("Connect a channel that publishes");
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        (await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/posts")).ShouldContain("Aucune publication pour l");
    }

    [Fact]
    public async Task Form_DraftThenRefusedSubmit_DraftListedAndTheErrorBesideTheTitle()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var toots = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Brand toots");
        var blog = await app.AddChannelAsync(workspace.WorkspaceId, "wordpress", Instance, """{"userName":"editor","applicationPassword":"abcd abcd abcd abcd"}""", "Brand blog");
        using var browser = await app.SignedInAsync(workspace.Owner);
        var url = $"/w/{workspace.WorkspaceId}/posts";
        var form = await browser.GetStringAsync(url);
        form.ShouldContain("Brand toots");

        using var draft = await browser.PostAsync(url, new FormUrlEncodedContent(new List<KeyValuePair<string, string>>
        {
            new("SelectedChannels", toots.ToString()), new("Text", "Un brouillon"), new("submit", "false"),
            new("__RequestVerificationToken", PublishingFactory.Antiforgery(form)),
        }));
        using var refused = await browser.PostAsync(url, new FormUrlEncodedContent(new List<KeyValuePair<string, string>>
        {
            new("SelectedChannels", toots.ToString()), new("SelectedChannels", blog.ToString()), new("Text", "Sans titre"), new("submit", "true"),
            new("__RequestVerificationToken", PublishingFactory.Antiforgery(form)),
        }));

        draft.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await refused.Content.ReadAsStringAsync();
        page.ShouldContain("id=\"title-error\"");
        page.ShouldContain("Brand blog: A title is required on this network.");
        var listed = await browser.GetStringAsync(url);
        listed.ShouldContain("Un brouillon");
        listed.ShouldContain("Draft");
        (await app.CountAsync("select count(*) from posts where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(2);
        (await app.CountAsync("select count(*) from post_variants v join posts p on p.id = v.post_id where p.workspace_id = @id and v.status <> @draft",
            new { id = workspace.WorkspaceId, draft = VariantStatus.Draft })).ShouldBe(0);
    }
}
