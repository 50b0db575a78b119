using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Connectors.Tests.Bluesky;
using Chorus.Channels;
using Chorus.Tests.Support;
using Dapper;
using Npgsql;

namespace Chorus.Tests.Channels;

/// <summary>Connecting an account of the real Bluesky servers (tests/peers/bluesky.sh) through the REST API.</summary>
[Collection(BlueskyNetworkCollection.Name)]
public sealed class BlueskyPeerChannelTests(BlueskyNetworkFixture network) : IAsyncLifetime
{
    private readonly ChorusFactory _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ConnectForm_RealPdsWithAppPassword_ListedOnTheChannelsPage()
    {
        var workspace = await _app.CreateWorkspaceAsync();
        using var browser = await _app.SignedInAsync(workspace.Owner);
        var form = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/channels/connect/bluesky");

        using var posted = await browser.PostAsync($"/w/{workspace.WorkspaceId}/channels/connect/bluesky", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["handle"] = network.Bob.Handle, ["appPassword"] = network.Bob.AppPassword, ["url"] = network.PdsUrl.AbsoluteUri,
            ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(form),
        }));

        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        (await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/channels")).ShouldContain(network.Bob.Handle);
    }

    [Fact]
    public async Task Connect_RealPdsWithAppPassword_HandleShownAndSessionTokensStoredEncrypted()
    {
        var workspace = await _app.CreateWorkspaceAsync();
        using var api = _app.Api(await _app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var response = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels",
            new { network = "bluesky", url = network.PdsUrl.AbsoluteUri, handle = network.Alice.Handle, appPassword = network.Alice.AppPassword });

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var channel = (await response.Content.ReadFromJsonAsync<ChannelsApi.ConnectResponse>())!.Channel!;
        channel.Account.ShouldBe(network.Alice.Handle);
        await using var connection = await _app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        var stored = (await connection.ExecuteScalarAsync<string>("select credentials from channels where id = @id", new { id = channel.Id }))!;
        stored.ShouldNotContain(network.Alice.AppPassword);
        var credentials = _app.Get<ChannelConnectors>().Unseal(stored);
        credentials.ShouldContain("accessJwt");
        credentials.ShouldContain(network.Alice.Did);
        var test = await (await api.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels/{channel.Id}/test", null))
            .Content.ReadFromJsonAsync<ChannelsApi.TestResponse>();
        test!.Succeeded.ShouldBeTrue(test.Reason);
    }

    [Fact]
    public async Task Connect_RealPdsWrongAppPassword_400OnAppPasswordAndNoRow()
    {
        var workspace = await _app.CreateWorkspaceAsync();
        using var api = _app.Api(await _app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var response = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels",
            new { network = "bluesky", url = network.PdsUrl.AbsoluteUri, handle = network.Alice.Handle, appPassword = "wxyz-wxyz-wxyz-wxyz" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errors").TryGetProperty("appPassword", out var reason).ShouldBeTrue(problem.RootElement.ToString());
        reason[0].GetString().ShouldNotBeNullOrWhiteSpace();
        (await _app.CountAsync("select count(*) from channels where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }
}
