using System.Net;
using Chorus.Workspaces;
using Chorus.Tests.Support;

namespace Chorus.Tests.Channels;

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
    public async Task ConnectForm_WordPress_RightPasswordListedWrongOneShownBesideTheField()
    {
        await using var site = await NetworkStubs.WordPressAsync(() => "abcd efgh ijkl mnop qrst uvwx");
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);
        async Task<HttpResponseMessage> Submit(string password)
        {
            var form = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/channels/connect/wordpress");
            return await browser.PostAsync($"/w/{workspace.WorkspaceId}/channels/connect/wordpress", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["url"] = site.BaseUrl.AbsoluteUri, ["username"] = "editor", ["password"] = password, ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(form),
            }));
        }

        using var refused = await Submit("wrong password");
        (await refused.Content.ReadAsStringAsync()).ShouldContain("id=\"password-error\"");
        (await app.CountAsync("select count(*) from channels where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);

        using var accepted = await Submit("abcd efgh ijkl mnop qrst uvwx");
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/channels")).ShouldContain("Brand blog");
    }

    [Fact]
    public async Task ConnectForm_Mastodon_SendsThePersonToTheInstanceToAuthorize()
    {
        await using var instance = await NetworkStubs.MastodonAsync();
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);
        var form = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/channels/connect/mastodon");

        using var posted = await browser.PostAsync($"/w/{workspace.WorkspaceId}/channels/connect/mastodon", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["url"] = instance.BaseUrl.AbsoluteUri, ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(form),
        }));

        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = posted.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).ShouldBe(new Uri(instance.BaseUrl, "/oauth/authorize").AbsoluteUri);
        location.Query.ShouldContain("code_challenge_method=S256");
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
    public async Task ChannelsPage_RenameThenDisconnect_ThroughTheForms()
    {
        await using var feeds = await NetworkStubs.FeedServerAsync();
        var workspace = await app.CreateWorkspaceAsync();
        var channel = (await app.Get<Chorus.Channels.ChannelConnections>().ConnectAsync(await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId),
            new Chorus.Channels.ConnectRequest("feed", Url: new Uri(feeds.BaseUrl, "feed.xml").AbsoluteUri))).Channel!;
        using var browser = await app.SignedInAsync(workspace.Owner);
        var list = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/channels");

        using var renamed = await browser.PostAsync($"/w/{workspace.WorkspaceId}/channels?handler=Rename", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["channelId"] = channel.Id.ToString(), ["name"] = "Veille concurrent", ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(list),
        }));
        using var disconnected = await browser.PostAsync($"/w/{workspace.WorkspaceId}/channels?handler=Disconnect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["channelId"] = channel.Id.ToString(), ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(list),
        }));

        renamed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await renamed.Content.ReadAsStringAsync()).ShouldContain("Renamed to Veille concurrent.");
        disconnected.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.CountAsync("select count(*) from channels where id = @id", new { id = channel.Id })).ShouldBe(0);
        (await app.CountAsync("select count(*) from audit_log where target_id = @target and action in ('channel.renamed', 'channel.disconnected')",
            new { target = channel.Id.ToString() })).ShouldBe(2);
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
