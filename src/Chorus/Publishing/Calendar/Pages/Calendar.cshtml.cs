using Chorus.Channels;
using Chorus.Platform.Shell;
using Chorus.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Publishing.Calendar.Pages;

/// <summary>
/// The calendar: FullCalendar (month, week, list) fed by this page's feed handler in the person's time zone, posts
/// moved by drag and drop or, from the keyboard, by the date field of each upcoming post; filters; the time zones.
/// </summary>
public sealed class CalendarModel(CalendarFeed feed, CalendarZones zones, Campaigns campaigns, PublishingService posts, ChannelService channels,
    Members members, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : WorkspacePageModel
{
    /// <summary>How far ahead the list of posts to move reaches.</summary>
    public static readonly TimeSpan UpcomingWindow = TimeSpan.FromDays(90);

    public CalendarZones.Zones Zones { get; private set; } = new(ZonedTime.DefaultZone, null, ZonedTime.DefaultZone);

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public IReadOnlyList<Channel> Channels { get; private set; } = [];

    public IReadOnlyList<Campaign> CampaignList { get; private set; } = [];

    public IReadOnlyList<Member> Authors { get; private set; } = [];

    /// <summary>Approved and scheduled posts of the coming weeks, each with its date field (the keyboard's way to move them).</summary>
    public IReadOnlyList<CalendarItem> Upcoming { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public Guid? Channel { get; set; }

    [BindProperty(SupportsGet = true)] public Guid? Campaign { get; set; }

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }

    [BindProperty(SupportsGet = true)] public Guid? Author { get; set; }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        Zones = await zones.ZonesAsync(Workspace, ct);
        Zone = TimeZoneInfo.FindSystemTimeZoneById(Zones.Display);
        Channels = (await channels.ListAsync(Workspace, null, Cursor.MaxLimit, ct)).Items;
        CampaignList = await campaigns.ListAsync(Workspace, ct);
        Authors = (await members.ListAsync(Workspace, null, Cursor.MaxLimit, ct)).Items;
        if (Status is not null && !VariantStatus.All.Contains(Status)) Status = null;
        var now = clock.GetUtcNow();
        Upcoming = (await feed.ReadAsync(Workspace, now, now + UpcomingWindow, Zone, new CalendarFilter(Channel, Campaign, Status, Author), ct)).Items
            .Where(i => i.Movable).ToList();
    }

    /// <summary>The calendar's feed: FullCalendar's range (wall-clock times in the person's zone) and the filters.</summary>
    public async Task<IActionResult> OnGetFeedAsync(string? start, string? end)
    {
        var zone = await zones.DisplayZoneAsync(Workspace, HttpContext.RequestAborted);
        try
        {
            var from = ZonedTime.Parse("start", start, zone);
            var to = ZonedTime.Parse("end", end, zone);
            return new JsonResult(await feed.ReadAsync(Workspace, from, to, zone, new CalendarFilter(Channel, Campaign, Status, Author), HttpContext.RequestAborted));
        }
        catch (InputException input)
        {
            return BadRequest(new { message = localizer[input.Message].Value });
        }
    }

    /// <summary>Moves a post: from a drop (answers JSON, the calendar puts it back on a refusal) or from its date field.</summary>
    public async Task<IActionResult> OnPostMoveAsync(Guid postId, string? at)
    {
        var fromScript = Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal);
        if (!Workspace.Can(Permission.WritePosts))
            return fromScript ? StatusCode(StatusCodes.Status403Forbidden, new { message = localizer["You may not move posts in this workspace."].Value }) : Forbid();
        string? refusal = null;
        var field = $"at-{postId}";
        try
        {
            var zone = await zones.DisplayZoneAsync(Workspace, HttpContext.RequestAborted);
            var moved = await posts.RescheduleAsync(Workspace, postId, ZonedTime.Parse("at", at, zone), HttpContext.RequestAborted);
            if (moved is null) return NotFound();
        }
        catch (InputException input)
        {
            refusal = localizer[input.Message].Value;
            ShowErrors(input);
            FileErrorsUnder(field, "at");
        }
        catch (ConflictException conflict)
        {
            refusal = localizer[conflict.Message].Value;
            ModelState.AddModelError(field, conflict.Message);
        }
        if (fromScript)
            return refusal is null ? new JsonResult(new { message = localizer["The post is moved."].Value }) : new JsonResult(new { message = refusal }) { StatusCode = StatusCodes.Status409Conflict };
        if (refusal is null)
        {
            Flash(localizer["The post is moved."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/calendar");
        }
        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostMyZoneAsync(string? timeZone)
    {
        if (await TryAsync(() => zones.SetPersonZoneAsync(Workspace, timeZone, HttpContext.RequestAborted)))
        {
            Flash(localizer["Your time zone is saved."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/calendar");
        }
        FileErrorsUnder("myZone", "timeZone");
        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostWorkspaceZoneAsync(string? timeZone)
    {
        if (!Workspace.Can(Permission.ManagePublishing)) return Forbid();
        if (await TryAsync(() => zones.SetWorkspaceZoneAsync(Workspace, timeZone, HttpContext.RequestAborted)))
        {
            Flash(localizer["The workspace’s time zone is saved."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/calendar");
        }
        FileErrorsUnder("workspaceZone", "timeZone");
        await OnGetAsync();
        return Page();
    }
}
