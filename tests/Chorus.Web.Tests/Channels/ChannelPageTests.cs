using System.Net;
using Chorus.Core.Workspaces;
using Chorus.Web.Tests.Support;

namespace Chorus.Web.Tests.Channels;

public sealed class ChannelPageTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    [Fact]
    public async Task ConnectForm_Feed_ListedWithHealthyBadge()
    {
        await using var feeds = await NetworkStubs.FeedServerAsync();
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);
        var form = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/channels/connect/feed");

        using var posted = await browser.PostAsync($"/w/{workspace.WorkspaceId}/channels/connect/feed", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["url"] = new Uri(feeds.BaseUrl, "feed.xml").AbsoluteUri, ["name"] = "", ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(form),
        }));

        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var list = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/channels");
        list.ShouldContain("Brand news");
        list.ShouldContain("class=\"badge healthy\"");
    }

    [Fact]
    public async Task ConnectForm_NotAFeed_ErrorBesideTheUrlFieldInFrench()
    {
        await using var feeds = await NetworkStubs.FeedServerAsync();
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        var form = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/channels/connect/feed");

        using var posted = await browser.PostAsync($"/w/{workspace.WorkspaceId}/channels/connect/feed", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["url"] = new Uri(feeds.BaseUrl, "page.html").AbsoluteUri, ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(form),
        }));

        posted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await posted.Content.ReadAsStringAsync();
        page.ShouldContain("id=\"url-error\"");
        page.ShouldContain("Adresse du flux");
        (await app.CountAsync("select count(*) from channels where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }

    [Fact]
    public async Task ChannelsPage_Moderator_SeesTheListButNoConnectFormAndCannotPost()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var moderator = await app.AddMemberAsync(workspace, WorkspaceRole.Moderator);
        using var browser = await app.SignedInAsync(moderator);

        var list = await browser.GetAsync($"/w/{workspace.WorkspaceId}/channels");
        var connect = await browser.GetAsync($"/w/{workspace.WorkspaceId}/channels/connect/feed");

        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await list.Content.ReadAsStringAsync()).ShouldNotContain("/channels/connect/");
        connect.StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }
}
