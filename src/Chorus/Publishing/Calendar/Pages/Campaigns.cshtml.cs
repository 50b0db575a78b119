using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Publishing.Calendar.Pages;

/// <summary>Campaigns and events: both lists, a form for each, and deletion; an event's own page edits it and runs its
/// contest, a campaign's edits it and tags posts.</summary>
public sealed class CampaignsModel(Campaigns campaigns, Events events, CalendarZones zones, PublishingService posts, IStringLocalizer<SharedResource> localizer)
    : WorkspacePageModel
{
    public IReadOnlyList<Campaign> CampaignList { get; private set; } = [];

    public IReadOnlyList<CalendarEvent> EventList { get; private set; } = [];

    /// <summary>Recent posts, for a contest's post.</summary>
    public IReadOnlyList<PostSummary> RecentPosts { get; private set; } = [];

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    [BindProperty] public CampaignForm NewCampaign { get; set; } = new();

    [BindProperty] public EventForm NewEvent { get; set; } = new();

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        CampaignList = await campaigns.ListAsync(Workspace, ct);
        EventList = await events.ListAsync(Workspace, cancellationToken: ct);
        RecentPosts = (await posts.ListAsync(Workspace, new PostFilter(), null, Cursor.MaxLimit, ct)).Items;
        Zone = await zones.DisplayZoneAsync(Workspace, ct);
    }

    public async Task<IActionResult> OnPostCampaignAsync()
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (await TryAsync(() => campaigns.CreateAsync(Workspace, NewCampaign.ToRequest(), HttpContext.RequestAborted)))
        {
            Flash(localizer["The campaign is created."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/campaigns");
        }
        foreach (var field in CampaignForm.Fields) FileErrorsUnder("campaign-" + field, field);
        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostEventAsync()
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (await TryAsync(() => events.CreateAsync(Workspace, NewEvent.ToRequest(), HttpContext.RequestAborted)))
        {
            Flash(localizer["The event is created."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/campaigns");
        }
        foreach (var field in EventForm.Fields) FileErrorsUnder("event-" + field, field);
        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteCampaignAsync(Guid campaignId)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (!await campaigns.DeleteAsync(Workspace, campaignId, HttpContext.RequestAborted)) return NotFound();
        Flash(localizer["The campaign is deleted."]);
        return Redirect($"/w/{Workspace.WorkspaceId}/campaigns");
    }

    public async Task<IActionResult> OnPostDeleteEventAsync(Guid eventId)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (!await events.DeleteAsync(Workspace, eventId, HttpContext.RequestAborted)) return NotFound();
        Flash(localizer["The event is deleted."]);
        return Redirect($"/w/{Workspace.WorkspaceId}/campaigns");
    }
}

/// <summary>The campaign form's fields, as typed.</summary>
public sealed class CampaignForm
{
    public static readonly string[] Fields = ["name", "colour", "startsOn", "endsOn", "goal"];

    public string? Name { get; set; }
    public string? Colour { get; set; } = "#1d4ed8";
    public string? StartsOn { get; set; }
    public string? EndsOn { get; set; }
    public string? Goal { get; set; }

    public CampaignRequest ToRequest() => new(Name, Colour, StartsOn, EndsOn, Goal);

    public static CampaignForm Of(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return new CampaignForm
        {
            Name = campaign.Name, Colour = campaign.Colour, StartsOn = campaign.StartsOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            EndsOn = campaign.EndsOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Goal = campaign.Goal,
        };
    }
}

/// <summary>The event form's fields, as typed (times in the person's zone).</summary>
public sealed class EventForm
{
    public static readonly string[] Fields = ["name", "kind", "startsAt", "endsAt", "description", "campaign", "post"];

    public string? Name { get; set; }
    public string? Kind { get; set; } = EventKind.Launch;
    public string? StartsAt { get; set; }
    public string? EndsAt { get; set; }
    public string? Description { get; set; }
    public Guid? Campaign { get; set; }
    public Guid? Post { get; set; }

    public EventRequest ToRequest() => new(Name, Kind, StartsAt, EndsAt, Description, Campaign, Post);

    public static EventForm Of(CalendarEvent calendarEvent, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(calendarEvent);
        return new EventForm
        {
            Name = calendarEvent.Name, Kind = calendarEvent.Kind, StartsAt = ZonedTime.ForInput(calendarEvent.StartsAt, zone),
            EndsAt = ZonedTime.ForInput(calendarEvent.EndsAt, zone), Description = calendarEvent.Description, Campaign = calendarEvent.Campaign,
            Post = calendarEvent.Post,
        };
    }
}

/// <summary>A campaign form's fields on a page (_CampaignFields.cshtml): ids start with "campaign-", names with <paramref name="Binding"/>.</summary>
public sealed record CampaignFields(string Binding, CampaignForm Form);

/// <summary>An event form's fields on a page (_EventFields.cshtml): ids start with "event-", names with <paramref name="Binding"/>.</summary>
public sealed record EventFields(string Binding, EventForm Form, IReadOnlyList<Campaign> Campaigns, IReadOnlyList<PostSummary> Posts, string TimeZone);
