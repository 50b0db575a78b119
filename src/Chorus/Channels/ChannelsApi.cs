using Chorus.Workspaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Chorus.Channels;

/// <summary>REST API v1 for channels. Reading needs ViewWorkspace; connecting, renaming, testing and disconnecting
/// need ManageChannels. Credentials are never returned.</summary>
public static class ChannelsApi
{
    public sealed record ConnectResponse(Channel? Channel, string? AuthorizeUrl);
    public sealed record RenameChannelRequest(string? Name);
    public sealed record TestResponse(bool Succeeded, string? Reason, Channel Channel);

    /// <summary>Where a network connected by OAuth sends people back after they authorise Chorus (a page of the web
    /// app): /channels/mastodon/callback for Mastodon.</summary>
    public static string CallbackPath(string network) => $"/channels/{Uri.EscapeDataString(network)}/callback";

    /// <summary>On the configured public address (CHORUS_PUBLIC_URL), never on the Host the request came with.</summary>
    public static Uri RedirectUri(HttpRequest request, string? network) =>
        request.HttpContext.RequestServices.GetRequiredService<Chorus.Platform.Shell.PublicAddress>()
            .To(CallbackPath(network?.Trim().ToLowerInvariant() ?? ""));

    public static RouteGroupBuilder MapChannelsApi(this RouteGroupBuilder api)
    {
        var channels = api.MapGroup("/workspaces/{workspaceId:guid}/channels").WithTags("Channels");

        channels.MapGet("", (WorkspaceContext context, ChannelService service, string? cursor, int? limit, CancellationToken ct) =>
                service.ListAsync(context, cursor, limit, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("ListChannels").WithSummary("The workspace's channels, oldest first (cursor paging).");
        channels.MapGet("/{channelId:guid}", async Task<Results<Ok<Channel>, NotFound>> (WorkspaceContext context, Guid channelId, ChannelService service, CancellationToken ct) =>
                await service.FindAsync(context, channelId, ct) is { } channel ? TypedResults.Ok(channel) : TypedResults.NotFound())
            .RequirePermission(Permission.ViewWorkspace).WithName("GetChannel");
        channels.MapPost("", async Task<Results<Created<ConnectResponse>, Accepted<ConnectResponse>>> (WorkspaceContext context, ConnectRequest request,
                ChannelConnections connections, HttpContext http, CancellationToken ct) =>
            {
                var result = await connections.ConnectAsync(context, request, RedirectUri(http.Request, request.Network), ct);
                return result.Channel is { } channel
                    ? TypedResults.Created($"/api/v1/workspaces/{context.WorkspaceId}/channels/{channel.Id}", new ConnectResponse(channel, null))
                    : TypedResults.Accepted((string?)null, new ConnectResponse(null, result.AuthorizeUrl!.AbsoluteUri));
            })
            .RequirePermission(Permission.ManageChannels).WithName("ConnectChannel")
            .WithSummary("Connects an account after the network accepted it; for a network connected by OAuth (Mastodon) answers 202 with the URL where a person authorises Chorus.");
        channels.MapPatch("/{channelId:guid}", async Task<Results<Ok<Channel>, NotFound>> (WorkspaceContext context, Guid channelId, RenameChannelRequest request,
                ChannelService service, CancellationToken ct) =>
                await service.RenameAsync(context, channelId, request.Name, ct) is { } channel ? TypedResults.Ok(channel) : TypedResults.NotFound())
            .RequirePermission(Permission.ManageChannels).WithName("RenameChannel");
        channels.MapDelete("/{channelId:guid}", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid channelId, ChannelService service, CancellationToken ct) =>
                await service.DisconnectAsync(context, channelId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.ManageChannels).WithName("DisconnectChannel");
        channels.MapPost("/{channelId:guid}/test", async Task<Results<Ok<TestResponse>, NotFound>> (WorkspaceContext context, Guid channelId, ChannelHealth health, CancellationToken ct) =>
                await health.TestAsync(context, channelId, ct) is { } check ? TypedResults.Ok(new TestResponse(check.Succeeded, check.Reason, check.Channel)) : TypedResults.NotFound())
            .RequirePermission(Permission.ManageChannels).WithName("TestChannel").WithSummary("Asks the network now whether the channel works; a refusal of its credentials marks it broken.");
        return api;
    }
}
