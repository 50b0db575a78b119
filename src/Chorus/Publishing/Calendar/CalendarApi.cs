using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Chorus.Publishing.Calendar;

/// <summary>REST API v1 for the calendar, time zones, campaigns, events and contests. Reading needs ViewWorkspace;
/// moving posts, writing campaigns and events, collecting a contest's entries and drawing need WritePosts; the
/// workspace's time zone needs ManagePublishing. Times without an offset are read in the given zone, else in the
/// person's display zone.</summary>
public static class CalendarApi
{
    /// <param name="At">ISO-8601: with an offset, that instant; without one, a wall-clock time in <paramref name="TimeZone"/>.</param>
    /// <param name="TimeZone">IANA zone; the person's display zone when absent.</param>
    public sealed record RescheduleRequest(string? At, string? TimeZone = null);

    public sealed record TimeZoneRequest(string? TimeZone);

    public static RouteGroupBuilder MapCalendarApi(this RouteGroupBuilder api)
    {
        var workspace = api.MapGroup("/workspaces/{workspaceId:guid}").WithTags("Calendar");

        workspace.MapGet("/calendar", async (WorkspaceContext context, CalendarFeed feed, CalendarZones zones, string? start, string? end, string? timeZone,
                Guid? channel, Guid? campaign, string? status, Guid? author, CancellationToken ct) =>
            {
                var zone = await zones.ZoneAsync(context, "timeZone", timeZone, ct);
                var errors = new InputErrors();
                var from = errors.Check(() => ZonedTime.Parse("start", start, zone));
                var to = errors.Check(() => ZonedTime.Parse("end", end, zone));
                errors.ThrowIfAny();
                return await feed.ReadAsync(context, from, to, zone, new CalendarFilter(channel, campaign, status, author), ct);
            })
            .RequirePermission(Permission.ViewWorkspace).WithName("GetCalendar")
            .WithSummary("Posts (at their time, coloured by campaign or status), events and campaigns between start and end, in a time zone; filter posts by channel, campaign, status or author.");
        workspace.MapPost("/calendar/posts/{postId:guid}/reschedule", async Task<Results<Ok<Post>, NotFound>> (WorkspaceContext context, Guid postId,
                RescheduleRequest request, CalendarZones zones, PublishingService posts, CancellationToken ct) =>
            {
                // A post this workspace does not have is not found, whatever the request says about the time.
                if (await posts.FindAsync(context, postId, ct) is null) return TypedResults.NotFound();
                var zone = await zones.ZoneAsync(context, "timeZone", request.TimeZone, ct);
                var at = ZonedTime.Parse("at", request.At, zone);
                return await posts.RescheduleAsync(context, postId, at, ct) is { } post ? TypedResults.Ok(post) : TypedResults.NotFound();
            })
            .RequirePermission(Permission.WritePosts).ProducesConflict().WithName("ReschedulePost")
            .WithSummary("Moves an approved or scheduled post to another time (the old job becomes stale); audited with the old and new times.");

        workspace.MapGet("/time-zone", (WorkspaceContext context, CalendarZones zones, CancellationToken ct) => zones.ZonesAsync(context, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("GetTimeZones")
            .WithSummary("The workspace's time zone, the person's own choice (null: the workspace's) and the zone times are shown in.");
        workspace.MapPut("/time-zone", (WorkspaceContext context, TimeZoneRequest request, CalendarZones zones, CancellationToken ct) =>
                zones.SetWorkspaceZoneAsync(context, request.TimeZone, ct))
            .RequirePermission(Permission.ManagePublishing).WithName("SetWorkspaceTimeZone").WithSummary("Sets the workspace's time zone (IANA name, e.g. Europe/Paris).");
        workspace.MapPut("/time-zone/mine", (WorkspaceContext context, TimeZoneRequest request, CalendarZones zones, CancellationToken ct) =>
                zones.SetPersonZoneAsync(context, request.TimeZone, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("SetMyTimeZone")
            .WithSummary("Sets the zone times are shown in for the person acting (IANA name); null or empty follows the workspace's.");

        var campaigns = workspace.MapGroup("/campaigns");
        campaigns.MapGet("", (WorkspaceContext context, Campaigns service, CancellationToken ct) => service.ListAsync(context, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("ListCampaigns").WithSummary("The workspace's campaigns, latest first, with how many posts each has.");
        campaigns.MapPost("", async Task<Created<Campaign>> (WorkspaceContext context, CampaignRequest request, Campaigns service, CancellationToken ct) =>
            {
                var campaign = await service.CreateAsync(context, request, ct);
                return TypedResults.Created($"/api/v1/workspaces/{context.WorkspaceId}/campaigns/{campaign.Id}", campaign);
            })
            .RequirePermission(Permission.WritePosts).WithName("CreateCampaign").WithSummary("Creates a campaign: name, colour (#rrggbb), first and last day, goal.");
        campaigns.MapGet("/{campaignId:guid}", async Task<Results<Ok<Campaign>, NotFound>> (WorkspaceContext context, Guid campaignId, Campaigns service,
                CancellationToken ct) => Found(await service.FindAsync(context, campaignId, ct)))
            .RequirePermission(Permission.ViewWorkspace).WithName("GetCampaign");
        campaigns.MapGet("/{campaignId:guid}/posts", async Task<Results<Ok<IReadOnlyList<Guid>>, NotFound>> (WorkspaceContext context, Guid campaignId,
                Campaigns service, CancellationToken ct) =>
                await service.FindAsync(context, campaignId, ct) is null ? TypedResults.NotFound() : TypedResults.Ok(await service.PostsAsync(context, campaignId, ct)))
            .RequirePermission(Permission.ViewWorkspace).WithName("ListCampaignPosts").WithSummary("The ids of the posts tagged with the campaign.");
        campaigns.MapPut("/{campaignId:guid}", async Task<Results<Ok<Campaign>, NotFound>> (WorkspaceContext context, Guid campaignId, CampaignRequest request,
                Campaigns service, CancellationToken ct) => Found(await service.UpdateAsync(context, campaignId, request, ct)))
            .RequirePermission(Permission.WritePosts).WithName("UpdateCampaign");
        campaigns.MapDelete("/{campaignId:guid}", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid campaignId, Campaigns service,
                CancellationToken ct) => await service.DeleteAsync(context, campaignId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).WithName("DeleteCampaign").WithSummary("Deletes the campaign; its posts stay, untagged.");
        workspace.MapPut("/posts/{postId:guid}/campaign", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid postId, TagRequest request,
                Campaigns service, CancellationToken ct) => await service.TagAsync(context, postId, request.Campaign, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).WithName("SetPostCampaign").WithSummary("Tags the post with a campaign (null removes the tag); a post has one campaign at most.");

        var events = workspace.MapGroup("/events");
        events.MapGet("", async (WorkspaceContext context, Events service, CalendarZones zones, string? start, string? end, CancellationToken ct) =>
            {
                var zone = await zones.DisplayZoneAsync(context, ct);
                var errors = new InputErrors();
                var from = string.IsNullOrWhiteSpace(start) ? (DateTimeOffset?)null : errors.Check(() => ZonedTime.Parse("start", start, zone));
                var to = string.IsNullOrWhiteSpace(end) ? (DateTimeOffset?)null : errors.Check(() => ZonedTime.Parse("end", end, zone));
                errors.ThrowIfAny();
                return await service.ListAsync(context, from, to, ct);
            })
            .RequirePermission(Permission.ViewWorkspace).WithName("ListEvents").WithSummary("The workspace's events, soonest first; those overlapping start..end when given.");
        events.MapPost("", async Task<Created<CalendarEvent>> (WorkspaceContext context, EventRequest request, Events service, CancellationToken ct) =>
            {
                var created = await service.CreateAsync(context, request, ct);
                return TypedResults.Created($"/api/v1/workspaces/{context.WorkspaceId}/events/{created.Id}", created);
            })
            .RequirePermission(Permission.WritePosts).WithName("CreateEvent").WithSummary("Creates an event: a launch, a live, a contest (tied to its post) or other.");
        events.MapGet("/{eventId:guid}", async Task<Results<Ok<CalendarEvent>, NotFound>> (WorkspaceContext context, Guid eventId, Events service, CancellationToken ct) =>
                Found(await service.FindAsync(context, eventId, ct)))
            .RequirePermission(Permission.ViewWorkspace).WithName("GetEvent");
        events.MapPut("/{eventId:guid}", async Task<Results<Ok<CalendarEvent>, NotFound>> (WorkspaceContext context, Guid eventId, EventRequest request, Events service,
                CancellationToken ct) => Found(await service.UpdateAsync(context, eventId, request, ct)))
            .RequirePermission(Permission.WritePosts).WithName("UpdateEvent");
        events.MapDelete("/{eventId:guid}", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid eventId, Events service, CancellationToken ct) =>
                await service.DeleteAsync(context, eventId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).WithName("DeleteEvent");

        events.MapPost("/{eventId:guid}/entries/collect", async Task<Results<Ok<int>, NotFound>> (WorkspaceContext context, Guid eventId, Contests contests,
                CancellationToken ct) => await contests.CollectAsync(context, eventId, ct) is { } total ? TypedResults.Ok(total) : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).ProducesConflict().WithName("CollectContestEntries")
            .WithSummary("Reads the replies to the contest's published post from its networks and stores the new ones; answers how many entries it has.");
        events.MapGet("/{eventId:guid}/entries", async Task<Results<Ok<IReadOnlyList<ContestEntry>>, NotFound>> (WorkspaceContext context, Guid eventId,
                Contests contests, CancellationToken ct) => Found(await contests.EntriesAsync(context, eventId, ct)))
            .RequirePermission(Permission.ViewWorkspace).ProducesConflict().WithName("ListContestEntries").WithSummary("The contest's stored entries, oldest first.");
        events.MapPost("/{eventId:guid}/draws", async Task<Results<Ok<ContestDraw>, NotFound>> (WorkspaceContext context, Guid eventId, DrawRequest request,
                Contests contests, CancellationToken ct) => Found(await contests.DrawAsync(context, eventId, request, ct)))
            .RequirePermission(Permission.WritePosts).ProducesConflict().WithName("DrawContestWinners")
            .WithSummary("Draws winners among the entries that meet the conditions (hashtag, not the workspace's accounts, one entry each); the seed and the list are stored.");
        events.MapGet("/{eventId:guid}/draws", async Task<Results<Ok<IReadOnlyList<ContestDraw>>, NotFound>> (WorkspaceContext context, Guid eventId,
                Contests contests, CancellationToken ct) => Found(await contests.DrawsAsync(context, eventId, ct)))
            .RequirePermission(Permission.ViewWorkspace).ProducesConflict().WithName("ListContestDraws")
            .WithSummary("The contest's draws, latest first, each drawn again from its stored seed and list ('reproduced').");
        return api;
    }

    private static Results<Ok<T>, NotFound> Found<T>(T? value) where T : class => value is null ? TypedResults.NotFound() : TypedResults.Ok(value);
}
