using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Publishing.Calendar.Pages;

/// <summary>One event: edit it; for a contest, collect the replies to its post, draw winners, see every draw checked
/// again from its stored seed and list.</summary>
public sealed class EventModel(Events events, Campaigns campaigns, Contests contests, CalendarZones zones, PublishingService posts,
    IStringLocalizer<SharedResource> localizer) : WorkspacePageModel
{
    public CalendarEvent Item { get; private set; } = null!;

    public IReadOnlyList<Campaign> CampaignList { get; private set; } = [];

    public IReadOnlyList<PostSummary> RecentPosts { get; private set; } = [];

    public IReadOnlyList<ContestEntry> Entries { get; private set; } = [];

    public IReadOnlyList<ContestDraw> Draws { get; private set; } = [];

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    [BindProperty] public EventForm Edited { get; set; } = new();

    [BindProperty] public int? Winners { get; set; } = 1;

    [BindProperty] public string? Hashtag { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid eventId) => await LoadAsync(eventId, keepForm: false) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid eventId)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        CalendarEvent? updated = null;
        if (await TryAsync(async () => updated = await events.UpdateAsync(Workspace, eventId, Edited.ToRequest(), HttpContext.RequestAborted)))
        {
            if (updated is null) return NotFound();
            Flash(localizer["The event is saved."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/events/{eventId}");
        }
        foreach (var field in EventForm.Fields) FileErrorsUnder("event-" + field, field);
        return await LoadAsync(eventId, keepForm: true) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostCollectAsync(Guid eventId)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        int? total = null;
        if (await TryAsync(async () => total = await contests.CollectAsync(Workspace, eventId, HttpContext.RequestAborted)))
        {
            if (total is null) return NotFound();
            Flash(localizer["The replies are collected: {0} entries.", total.Value]);
            return Redirect($"/w/{Workspace.WorkspaceId}/events/{eventId}");
        }
        return await LoadAsync(eventId, keepForm: false) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDrawAsync(Guid eventId)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        ContestDraw? draw = null;
        if (await TryAsync(async () => draw = await contests.DrawAsync(Workspace, eventId, new DrawRequest(Winners, Hashtag), HttpContext.RequestAborted)))
        {
            if (draw is null) return NotFound();
            Flash(localizer["The winners are drawn."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/events/{eventId}");
        }
        return await LoadAsync(eventId, keepForm: false) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid eventId, bool keepForm)
    {
        var ct = HttpContext.RequestAborted;
        if (await events.FindAsync(Workspace, eventId, ct) is not { } item) return false;
        Item = item;
        Zone = await zones.DisplayZoneAsync(Workspace, ct);
        CampaignList = await campaigns.ListAsync(Workspace, ct);
        RecentPosts = (await posts.ListAsync(Workspace, new PostFilter(), null, Cursor.MaxLimit, ct)).Items;
        if (!keepForm) Edited = EventForm.Of(item, Zone);
        if (item.Kind == EventKind.Contest)
        {
            Entries = await contests.EntriesAsync(Workspace, eventId, ct) ?? [];
            Draws = await contests.DrawsAsync(Workspace, eventId, ct) ?? [];
        }
        return true;
    }
}
