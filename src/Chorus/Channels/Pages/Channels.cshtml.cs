using Chorus.Channels;
using Chorus.Connectors.Abstractions;
using Chorus.Workspaces;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Channels.Pages;

public sealed class ChannelsModel(ChannelService channels, ChannelHealth health, NetworkCatalog networks, IStringLocalizer<SharedResource> localizer)
    : WorkspacePageModel
{
    /// <summary>The networks a channel can be connected on: their names, icons and connect links.</summary>
    public NetworkCatalog Networks => networks;

    public Page<Channel> Listing { get; private set; } = new([], null);

    /// <summary>The outcome of the last action (a test's answer, a rename), shown above the list.</summary>
    public string? Message { get; private set; }

    /// <summary>The channel just tested and whether it answered: its row shows that answer, not the stored status.</summary>
    public ChannelCheck? Tested { get; private set; }

    /// <summary>The channel whose new name was refused, and the name typed: its row shows them again with the error.</summary>
    public (Guid ChannelId, string? Name)? Refused { get; private set; }

    public async Task OnGetAsync(string? cursor) => Listing = await channels.ListAsync(Workspace, cursor, null, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostRenameAsync(Guid channelId, string? name)
    {
        if (!Workspace.Can(Permission.ManageChannels)) return Forbid();
        var renamed = await TryAsync(async () =>
        {
            if (await channels.RenameAsync(Workspace, channelId, name, HttpContext.RequestAborted) is { } channel)
                Message = localizer["Renamed to {0}.", channel.Name];
        });
        if (!renamed)
        {
            Refused = (channelId, name);
            FileErrorsUnder($"name-{channelId}", "name");
        }
        await OnGetAsync(null);
        return Page();
    }

    public async Task<IActionResult> OnPostTestAsync(Guid channelId)
    {
        if (!Workspace.Can(Permission.ManageChannels)) return Forbid();
        var check = await health.TestAsync(Workspace, channelId, HttpContext.RequestAborted);
        if (check is not null)
        {
            Tested = check;
            if (check.Succeeded) Message = localizer["{0} answered: it works.", check.Channel.Name];
            else ModelState.AddModelError(string.Empty, localizer["{0} did not answer as expected: {1}", check.Channel.Name, ChannelMessages.Explain(localizer, check.Reason)]);
        }
        await OnGetAsync(null);
        return Page();
    }

    public async Task<IActionResult> OnPostDisconnectAsync(Guid channelId)
    {
        if (!Workspace.Can(Permission.ManageChannels)) return Forbid();
        var channel = await channels.FindAsync(Workspace, channelId, HttpContext.RequestAborted);
        if (await channels.DisconnectAsync(Workspace, channelId, HttpContext.RequestAborted) && channel is not null)
            Flash(localizer["{0} is disconnected.", channel.Name]);
        return Redirect($"/w/{Workspace.WorkspaceId}/channels");
    }
}
