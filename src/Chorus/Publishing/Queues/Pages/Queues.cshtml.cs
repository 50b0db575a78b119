using Chorus.Channels;
using Chorus.Connectors.Abstractions;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Publishing.Queues.Pages;

/// <summary>The queues: each publishing channel's weekly slots with its next free one, a form to add a slot and a
/// button to remove each.</summary>
public sealed class QueuesModel(QueueService queues, ChannelService channels, NetworkCatalog networks, IStringLocalizer<SharedResource> localizer)
    : WorkspacePageModel
{
    public sealed record ChannelQueue(Channel Channel, IReadOnlyList<QueueSlot> Slots, NextSlot? Next);

    public IReadOnlyList<ChannelQueue> Queues { get; private set; } = [];

    public string TimeZone { get; private set; } = "UTC";

    [BindProperty] public Guid? Channel { get; set; }

    [BindProperty] public string? Weekday { get; set; } = "monday";

    [BindProperty] public string? Time { get; set; } = "09:00";

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var all = await queues.AllSlotsAsync(Workspace, ct);
        var publishing = (await channels.ListAsync(Workspace, null, Cursor.MaxLimit, ct)).Items
            .Where(c => networks.Find(c.Network)?.Capabilities.HasFlag(ConnectorCapabilities.PublishText) == true).ToList();
        var list = new List<ChannelQueue>();
        foreach (var channel in publishing)
        {
            var slots = all.Where(s => s.ChannelId == channel.Id).ToList();
            NextSlot? next = null;
            if (slots.Count > 0)
            {
                try
                {
                    next = await queues.NextFreeAsync(Workspace, channel.Id, null, ct);
                }
                catch (ConflictException)
                {
                    // Every slot of the coming year is taken: shown as "none free".
                }
            }
            if (next is not null) TimeZone = next.TimeZone;
            list.Add(new ChannelQueue(channel, slots, next));
        }
        Queues = list;
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        if (!Workspace.Can(Permission.ManagePublishing)) return Forbid();
        if (Channel is not { } channelId)
        {
            ModelState.AddModelError("Channel", localizer["Choose a channel."]);
        }
        else if (await TryAsync(async () =>
                 {
                     if (await queues.AddSlotAsync(Workspace, channelId, new QueueSlotRequest(Weekday, Time), HttpContext.RequestAborted) is null)
                         throw new InputException("channel", "This workspace has no such channel.");
                 }))
        {
            Flash(localizer["The slot is added."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/queues");
        }
        FileErrorsUnder("Weekday", "weekday");
        FileErrorsUnder("Time", "time");
        FileErrorsUnder("Channel", "channel");
        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid channelId, Guid queueSlotId)
    {
        if (!Workspace.Can(Permission.ManagePublishing)) return Forbid();
        if (!await queues.RemoveSlotAsync(Workspace, channelId, queueSlotId, HttpContext.RequestAborted)) return NotFound();
        Flash(localizer["The slot is removed."]);
        return Redirect($"/w/{Workspace.WorkspaceId}/queues");
    }
}
