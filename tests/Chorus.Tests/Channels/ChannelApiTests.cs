using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Channels;
using Chorus.Platform;
using Chorus.Tests.Support;
using Dapper;
using Npgsql;

namespace Chorus.Tests.Channels;

public sealed class ChannelApiTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    [Fact]
    public async Task Connect_FeedOnLoopback_CreatedWithAuditAndFirstHealthCheckScheduled()
    {
        await using var feeds = await NetworkStubs.FeedServerAsync();
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var url = new Uri(feeds.BaseUrl, "feed.xml").AbsoluteUri;

        using var response = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels", new { network = "feed", url });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var channel = (await response.Content.ReadFromJsonAsync<ChannelsApi.ConnectResponse>())!.Channel!;
        channel.Network.ShouldBe("feed");
        channel.Name.ShouldBe("Brand news");
        channel.Account.ShouldBe(url);
        channel.Status.ShouldBe("healthy");
        (await app.CountAsync("select count(*) from audit_log where workspace_id = @id and action = 'channel.connected' and target_id = @target",
            new { id = workspace.WorkspaceId, target = channel.Id.ToString() })).ShouldBe(1);
        (await app.CountAsync("select count(*) from jobs where kind = 'channels.health' and payload->>'channelId' = @target and due_at > now()",
            new { target = channel.Id.ToString() })).ShouldBe(1);
        var listed = await api.GetFromJsonAsync<Page<Channel>>($"/api/v1/workspaces/{workspace.WorkspaceId}/channels");
        listed!.Items.Select(c => c.Id).ShouldBe([channel.Id]);
    }

    [Fact]
    public async Task Connect_WebPageInsteadOfFeed_400NamingUrlAndNothingStored()
    {
        await using var feeds = await NetworkStubs.FeedServerAsync();
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var response = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels",
            new { network = "feed", url = new Uri(feeds.BaseUrl, "page.html").AbsoluteUri });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorsAsync(response)).ShouldContainKey("url");
        (await app.CountAsync("select count(*) from channels where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }

    [Theory]
    [InlineData("feed", "http://169.254.169.254/latest/meta-data/", "url", "link-local")]
    [InlineData("feed", "file:///etc/passwd", "url", "http")]
    [InlineData("feed", "", "url", "required")]
    [InlineData("myspace", "https://example.com/", "network", "not a network")]
    [InlineData("wordpress", "not a url", "url", "absolute")]
    public async Task Connect_BadInput_400NamingTheFieldAndTheReason(string network, string url, string field, string reason)
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var response = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels", new { network, url, username = "u", password = "p" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = await ErrorsAsync(response);
        errors.ShouldContainKey(field);
        errors[field].ShouldContain(reason, Case.Insensitive);
        (await app.CountAsync("select count(*) from channels where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }

    [Fact]
    public async Task Connect_WordPressWrongPassword_400OnPasswordWithTheSitesReasonAndNoRow()
    {
        await using var site = await NetworkStubs.WordPressAsync(() => "right pass word");
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var response = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels",
            new { network = "wordpress", url = site.BaseUrl.AbsoluteUri, username = "editor", password = "wrong pass word" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorsAsync(response))["password"].ShouldContain("invalid application password");
        (await app.CountAsync("select count(*) from channels where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }

    [Fact]
    public async Task Connect_WordPress_CredentialsEncryptedInTheTableAndNeverReturned()
    {
        const string password = "abcd EFGH 1234 ijkl MNOP 5678";
        await using var site = await NetworkStubs.WordPressAsync(() => password);
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var response = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels",
            new { network = "wordpress", url = site.BaseUrl.AbsoluteUri, username = "editor", password, name = "Blog" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain(password);
        var id = (await response.Content.ReadFromJsonAsync<ChannelsApi.ConnectResponse>())!.Channel!.Id;
        await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        var stored = (await connection.ExecuteScalarAsync<string>("select credentials from channels where id = @id", new { id }))!;
        stored.ShouldNotContain(password);
        stored.ShouldNotContain("editor");
        app.Get<ChannelConnectors>().Unseal(stored).ShouldContain(password);
        (await api.GetStringAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels/{id}")).ShouldNotContain("credentials", Case.Insensitive);
    }

    [Fact]
    public async Task RenameTestDisconnect_ThroughTheApi_EachAudited()
    {
        await using var feeds = await NetworkStubs.FeedServerAsync();
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var root = $"/api/v1/workspaces/{workspace.WorkspaceId}/channels";
        using var connected = await api.PostAsJsonAsync(root, new { network = "feed", url = new Uri(feeds.BaseUrl, "feed.xml").AbsoluteUri });
        var id = (await connected.Content.ReadFromJsonAsync<ChannelsApi.ConnectResponse>())!.Channel!.Id;

        using var renamed = await api.PatchAsJsonAsync($"{root}/{id}", new { name = "Competitor blog" });
        using var tested = await api.PostAsync($"{root}/{id}/test", null);
        using var emptyName = await api.PatchAsJsonAsync($"{root}/{id}", new { name = " " });
        using var removed = await api.DeleteAsync($"{root}/{id}");

        renamed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await renamed.Content.ReadFromJsonAsync<Channel>())!.Name.ShouldBe("Competitor blog");
        tested.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tested.Content.ReadFromJsonAsync<ChannelsApi.TestResponse>())!.Succeeded.ShouldBeTrue();
        emptyName.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        removed.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.GetAsync($"{root}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CountAsync("select count(*) from audit_log where target_id = @target and action in ('channel.renamed', 'channel.disconnected')",
            new { target = id.ToString() })).ShouldBe(2);
    }

    [Fact]
    public async Task Connect_SameFeedTwice_ReconnectsTheSameChannel()
    {
        await using var feeds = await NetworkStubs.FeedServerAsync();
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var body = new { network = "feed", url = new Uri(feeds.BaseUrl, "feed.xml").AbsoluteUri };

        using var first = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels", body);
        using var second = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels", body);

        (await second.Content.ReadFromJsonAsync<ChannelsApi.ConnectResponse>())!.Channel!.Id
            .ShouldBe((await first.Content.ReadFromJsonAsync<ChannelsApi.ConnectResponse>())!.Channel!.Id);
        (await app.CountAsync("select count(*) from channels where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(1);
    }

    [Fact]
    public async Task Connect_Mastodon_AuthorizeUrlThenCallbackStoresTokenAndDisconnectRevokesIt()
    {
        await using var instance = await NetworkStubs.MastodonAsync();
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var started = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels", new { network = "mastodon", url = instance.BaseUrl.AbsoluteUri });

        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var authorize = new Uri((await started.Content.ReadFromJsonAsync<ChannelsApi.ConnectResponse>())!.AuthorizeUrl!);
        authorize.AbsolutePath.ShouldBe("/oauth/authorize");
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        query["redirect_uri"]!.ShouldEndWith(ChannelsApi.CallbackPath("mastodon"));
        query["code_challenge_method"].ShouldBe("S256");

        // The instance sends the person back to the callback page with the code and the state.
        using var browser = await app.SignedInAsync(workspace.Owner);
        using var callback = await browser.GetAsync($"{ChannelsApi.CallbackPath("mastodon")}?code=the-code&state={Uri.EscapeDataString(query["state"]!)}");

        callback.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        callback.Headers.Location!.OriginalString.ShouldBe($"/w/{workspace.WorkspaceId}/channels");
        var channel = (await api.GetFromJsonAsync<Page<Channel>>($"/api/v1/workspaces/{workspace.WorkspaceId}/channels"))!.Items.Single();
        channel.Network.ShouldBe("mastodon");
        channel.Account.ShouldBe($"@Gargron@{instance.BaseUrl.Host}");
        instance.Requests.Single(r => r.Path == "/oauth/token").BodyText.ShouldContain("code_verifier=");

        // The same state cannot be used twice.
        using var replay = await browser.GetAsync($"{ChannelsApi.CallbackPath("mastodon")}?code=the-code&state={Uri.EscapeDataString(query["state"]!)}");
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.Content.ReadAsStringAsync()).ShouldContain("unknown or has expired");

        (await api.DeleteAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels/{channel.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        instance.Requests.Single(r => r.Path == "/oauth/revoke").BodyText.ShouldContain("token=ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0");
    }

    private static async Task<Dictionary<string, string>> ErrorsAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("errors").EnumerateObject()
            .ToDictionary(p => p.Name, p => string.Join(" ", p.Value.EnumerateArray().Select(e => e.GetString())));
    }
}
