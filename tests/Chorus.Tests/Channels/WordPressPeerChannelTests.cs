using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Connectors.Tests.WordPress;
using Chorus.Channels;
using Chorus.Tests.Support;

namespace Chorus.Tests.Channels;

/// <summary>Connecting the real WordPress peer (tests/peers/wordpress.sh) through the REST API.</summary>
[Collection(WordPressPeerCollection.Name)]
public sealed class WordPressPeerChannelTests(WordPressPeer peer) : IAsyncLifetime
{
    private readonly ChorusFactory _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Connect_RealWordPressWithApplicationPassword_HealthyAndTestAnswers()
    {
        var workspace = await _app.CreateWorkspaceAsync();
        using var api = _app.Api(await _app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var response = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels",
            new { network = "wordpress", url = peer.SiteUrl.AbsoluteUri, username = peer.UserName, password = peer.ApplicationPassword });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var channel = (await response.Content.ReadFromJsonAsync<ChannelsApi.ConnectResponse>())!.Channel!;
        channel.Status.ShouldBe("healthy");
        var test = await (await api.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels/{channel.Id}/test", null))
            .Content.ReadFromJsonAsync<ChannelsApi.TestResponse>();
        test!.Succeeded.ShouldBeTrue(test.Reason);
    }

    [Fact]
    public async Task Connect_RealWordPressWrongApplicationPassword_400OnPasswordWithWordPressReasonAndNoRow()
    {
        var workspace = await _app.CreateWorkspaceAsync();
        using var api = _app.Api(await _app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var response = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels",
            new { network = "wordpress", url = peer.SiteUrl.AbsoluteUri, username = peer.UserName, password = "abcd abcd abcd abcd abcd abcd" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errors").TryGetProperty("password", out var reason).ShouldBeTrue();
        reason[0].GetString().ShouldNotBeNullOrWhiteSpace();
        (await _app.CountAsync("select count(*) from channels where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }
}
