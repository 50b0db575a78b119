namespace Chorus.Tests.Publishing;

/// <summary>The posts page: its empty state with the way to the composer, in both languages (the composer's own tests
/// are in Composer/).</summary>
public sealed class PostsPageTests(PublishingFactory app) : IClassFixture<PublishingFactory>
{
    [Fact]
    public async Task Page_NoPost_EmptyStateSaysToWriteAFirstPost()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);

        var html = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/posts");

        html.ShouldContain("No post yet.");
        html.ShouldContain($"href=\"/w/{workspace.WorkspaceId}/posts/new\"");
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        (await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/posts")).ShouldContain("Aucune publication pour l");
    }
}
