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

    public async Task OnGetAsync(string? cursor) => Listing = await channels.ListAsync(Workspace, cursor, null, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostRenameAsync(Guid channelId, string? name)
    {
        if (!Workspace.Can(Permission.ManageChannels)) return Forbid();
        await TryAsync(async () =>
        {
            if (await channels.RenameAsync(Workspace, channelId, name, HttpContext.RequestAborted) is { } renamed)
                Message = localizer["Renamed to {0}.", renamed.Name];
        });
        await OnGetAsync(null);
        return Page();
    }

    public async Task<IActionResult> OnPostTestAsync(Guid channelId)
    {
        if (!Workspace.Can(Permission.ManageChannels)) return Forbid();
        var check = await health.TestAsync(Workspace, channelId, HttpContext.RequestAborted);
        if (check is not null)
        {
            Message = check.Succeeded
                ? localizer["{0} answered: it works.", check.Channel.Name]
                : localizer["{0} did not answer as expected: {1}", check.Channel.Name, check.Reason ?? ""];
        }
        await OnGetAsync(null);
        return Page();
    }

    public async Task<IActionResult> OnPostDisconnectAsync(Guid channelId)
    {
        if (!Workspace.Can(Permission.ManageChannels)) return Forbid();
        await channels.DisconnectAsync(Workspace, channelId, HttpContext.RequestAborted);
        return Redirect($"/w/{Workspace.WorkspaceId}/channels");
    }
}
