using Chorus.Channels;
using Chorus.Connectors.Abstractions;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Channels.Pages;

/// <summary>Where a network connected by OAuth (a Mastodon instance) sends the person back after they authorised
/// (or refused) Chorus.</summary>
public sealed class AuthorizationCallbackModel(ChannelConnections connections, NetworkCatalog networks) : ChorusPageModel
{
    [BindProperty(SupportsGet = true)]
    public string Network { get; set; } = "";

    public string NetworkName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? state, string? code, string? error)
    {
        if (networks.Find(Network) is not { OAuth: not null } network) return NotFound();
        NetworkName = network.DisplayName;
        var actor = Actor.From(User);
        if (actor is null) return Challenge();
        Channel? channel = null;
        await TryAsync(async () =>
        {
            // A refusal on the network comes back as ?error=access_denied: still consume the state so it cannot be replayed.
            channel = await connections.CompleteAuthorizationAsync(actor, network.Id, state, error is null ? code : null, HttpContext.RequestAborted);
        });
        return channel is null ? Page() : Redirect($"/w/{channel.WorkspaceId}/channels");
    }
}
