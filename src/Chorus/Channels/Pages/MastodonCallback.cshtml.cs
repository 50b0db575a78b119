using Chorus.Channels;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Channels.Pages;

/// <summary>Where a Mastodon instance sends the person back after they authorised (or refused) Chorus.</summary>
public sealed class MastodonCallbackModel(ChannelService channels) : ChorusPageModel
{
    public async Task<IActionResult> OnGetAsync(string? state, string? code, string? error)
    {
        var actor = Actor.From(User);
        if (actor is null) return Challenge();
        Channel? channel = null;
        await TryAsync(async () =>
        {
            // A refusal on the instance comes back as ?error=access_denied: still consume the state so it cannot be replayed.
            channel = await channels.CompleteMastodonAsync(actor, state, error is null ? code : null, HttpContext.RequestAborted);
        });
        return channel is null ? Page() : Redirect($"/w/{channel.WorkspaceId}/channels");
    }
}
