using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Channels;
using Chorus.Connectors.Tests.Bluesky;
using Chorus.Connectors.Tests.WordPress;
using Chorus.Publishing;

namespace Chorus.Tests.Publishing;

/// <summary>Helpers of the tests that publish through the real peers (tests/peers): connect through the API, write
/// and submit a post, wait for the engine.</summary>
internal static class PeerPublishing
{
    public static async Task<(HttpClient Api, Guid WorkspaceId)> WorkspaceAsync(PublishingFactory app)
    {
        var workspace = await app.CreateWorkspaceAsync();
        return (app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId)), workspace.WorkspaceId);
    }

    public static async Task<Guid> ConnectAsync(HttpClient api, Guid workspaceId, object body)
    {
        using var response = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspaceId}/channels", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ChannelsApi.ConnectResponse>())!.Channel!.Id;
    }

    /// <summary>Writes and submits the post (the workspace needs no approval), then waits until it is published.</summary>
    public static async Task<Variant> PublishAsync(PublishingFactory app, HttpClient api, Guid workspaceId, object post)
    {
        using var created = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspaceId}/posts", post);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<Post>(PublishingWorkflowTests.Json))!.Id;
        using var submitted = await api.PostAsync($"/api/v1/workspaces/{workspaceId}/posts/{id}/submit", null);
        submitted.StatusCode.ShouldBe(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        await app.WaitForVariantAsync(id, 90, VariantStatus.Published, VariantStatus.Failed);
        var shown = (await api.GetFromJsonAsync<Post>($"/api/v1/workspaces/{workspaceId}/posts/{id}", PublishingWorkflowTests.Json))!;
        var variant = shown.Variants.Single();
        variant.Status.ShouldBe(VariantStatus.Published, variant.Error);
        return variant;
    }
}

/// <summary>A post with a thread part published on the real Bluesky servers, read back from the PDS's own API.</summary>
[Collection(BlueskyNetworkCollection.Name)]
public sealed class BlueskyPeerPublishingTests(BlueskyNetworkFixture network) : IAsyncLifetime
{
    private readonly PublishingFactory _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Publish_PostWithAThreadPart_OnThePdsOnceTheReplyAnsweringThePost()
    {
        var (api, workspaceId) = await PeerPublishing.WorkspaceAsync(_app);
        using var _ = api;
        var channel = await PeerPublishing.ConnectAsync(api, workspaceId,
            new { network = "bluesky", url = network.PdsUrl.AbsoluteUri, handle = network.Carol.Handle, appPassword = network.Carol.AppPassword });
        var marker = Guid.NewGuid().ToString("N")[..10];

        var variant = await PeerPublishing.PublishAsync(_app, api, workspaceId,
            new { channels = new[] { channel }, text = $"Chorus {marker} : le fil commence", threadParts = new[] { $"Chorus {marker} : et continue" } });

        using var http = new HttpClient();
        using var records = JsonDocument.Parse(await http.GetStringAsync(new Uri(network.PdsUrl,
            $"xrpc/com.atproto.repo.listRecords?repo={Uri.EscapeDataString(network.Carol.Did)}&collection=app.bsky.feed.post&limit=100")));
        var ours = records.RootElement.GetProperty("records").EnumerateArray()
            .Where(r => r.GetProperty("value").GetProperty("text").GetString()!.Contains(marker, StringComparison.Ordinal)).ToList();
        ours.Count.ShouldBe(2);
        var post = ours.Single(r => r.GetProperty("value").GetProperty("text").GetString()!.EndsWith("le fil commence", StringComparison.Ordinal));
        var part = ours.Single(r => r.GetProperty("value").GetProperty("text").GetString()!.EndsWith("et continue", StringComparison.Ordinal));
        post.GetProperty("uri").GetString().ShouldBe(variant.RemoteId);
        part.GetProperty("value").GetProperty("reply").GetProperty("parent").GetProperty("uri").GetString().ShouldBe(variant.RemoteId);
        part.GetProperty("value").GetProperty("reply").GetProperty("root").GetProperty("uri").GetString().ShouldBe(variant.RemoteId);
    }
}

/// <summary>A blog post published on the real WordPress peer, read back from the site's own REST API.</summary>
[Collection(WordPressPeerCollection.Name)]
public sealed class WordPressPeerPublishingTests(WordPressPeer peer) : IAsyncLifetime
{
    private readonly PublishingFactory _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Publish_TitledPost_OnTheSiteOnce()
    {
        var (api, workspaceId) = await PeerPublishing.WorkspaceAsync(_app);
        using var _ = api;
        var channel = await PeerPublishing.ConnectAsync(api, workspaceId,
            new { network = "wordpress", url = peer.SiteUrl.AbsoluteUri, username = peer.UserName, password = peer.ApplicationPassword });
        var marker = Guid.NewGuid().ToString("N")[..10];

        var variant = await PeerPublishing.PublishAsync(_app, api, workspaceId,
            new { channels = new[] { channel }, title = $"Carte d’hiver {marker}", text = $"Le corps de l’article {marker}." });

        using var http = new HttpClient();
        using var found = JsonDocument.Parse(await http.GetStringAsync(new Uri(peer.SiteUrl, $"wp-json/wp/v2/posts?search={marker}&_fields=id,link,title,status")));
        var posts = found.RootElement.EnumerateArray().ToList();
        posts.Count.ShouldBe(1);
        posts[0].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(variant.RemoteId);
        posts[0].GetProperty("title").GetProperty("rendered").GetString()!.ShouldContain(marker);
        posts[0].GetProperty("link").GetString().ShouldBe(variant.Url);
    }
}
