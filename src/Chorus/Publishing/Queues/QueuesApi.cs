using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Chorus.Publishing.Queues;

/// <summary>REST API v1 for queues, recurring and evergreen posts. Reading needs ViewWorkspace; a channel's slots need
/// ManagePublishing; adding a post to the queue, making it recur or evergreen need WritePosts.</summary>
public static class QueuesApi
{
    public static RouteGroupBuilder MapQueuesApi(this RouteGroupBuilder api)
    {
        var workspace = api.MapGroup("/workspaces/{workspaceId:guid}").WithTags("Queues");

        workspace.MapGet("/queue-slots", (WorkspaceContext context, QueueService queues, CancellationToken ct) => queues.AllSlotsAsync(context, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("ListQueueSlots").WithSummary("Every weekly slot of the workspace's channels (times in the workspace's zone).");
        var slots = workspace.MapGroup("/channels/{channelId:guid}/queue-slots");
        slots.MapGet("", async Task<Results<Ok<IReadOnlyList<QueueSlot>>, NotFound>> (WorkspaceContext context, Guid channelId, QueueService queues,
                CancellationToken ct) => await queues.SlotsAsync(context, channelId, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound())
            .RequirePermission(Permission.ViewWorkspace).WithName("ListChannelQueueSlots").WithSummary("The channel's weekly slots, Monday first.");
        slots.MapPost("", async Task<Results<Created<QueueSlot>, NotFound>> (WorkspaceContext context, Guid channelId, QueueSlotRequest request, QueueService queues,
                CancellationToken ct) => await queues.AddSlotAsync(context, channelId, request, ct) is { } slot
                    ? TypedResults.Created($"/api/v1/workspaces/{context.WorkspaceId}/channels/{channelId}/queue-slots/{slot.Id}", slot)
                    : TypedResults.NotFound())
            .RequirePermission(Permission.ManagePublishing).ProducesConflict().WithName("AddQueueSlot")
            .WithSummary("Adds a weekly slot: a weekday (monday … sunday) and a time (HH:mm) in the workspace's time zone.");
        slots.MapDelete("/{queueSlotId:guid}", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid channelId, Guid queueSlotId, QueueService queues,
                CancellationToken ct) => await queues.RemoveSlotAsync(context, channelId, queueSlotId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.ManagePublishing).WithName("RemoveQueueSlot").WithSummary("Removes a slot; posts already planned at its times keep them.");
        slots.MapGet("/next", async Task<Results<Ok<NextSlot>, NotFound>> (WorkspaceContext context, Guid channelId, DateTimeOffset? after, QueueService queues,
                CancellationToken ct) => await queues.NextFreeAsync(context, channelId, after, ct) is { } next ? TypedResults.Ok(next) : TypedResults.NotFound())
            .RequirePermission(Permission.ViewWorkspace).ProducesConflict().WithName("GetNextFreeQueueSlot")
            .WithSummary("The channel's next free slot after now (or after the given instant): one no other planned variant of the channel holds.");

        var post = workspace.MapGroup("/posts/{postId:guid}");
        post.MapPost("/queue", async Task<Results<Ok<Post>, NotFound>> (WorkspaceContext context, Guid postId, AddToQueueRequest? request, QueueService queues,
                CancellationToken ct) => await queues.AddToQueueAsync(context, postId, request, ct) is { } queued ? TypedResults.Ok(queued) : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).ProducesConflict().WithName("AddPostToQueue")
            .WithSummary("Plans the post's variants (all, or those on the given channels) at each channel's next free slot. Approved and scheduled variants are scheduled at once; drafts and variants in review keep the slot for when they are approved.");

        post.MapGet("/recurrence", async Task<Results<Ok<PostRecurrence>, NotFound>> (WorkspaceContext context, Guid postId, Recurrences recurrences,
                CancellationToken ct) => await recurrences.FindAsync(context, postId, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound())
            .RequirePermission(Permission.ViewWorkspace).WithName("GetPostRecurrence").WithSummary("How the post recurs and its occurrences so far; 404 when it does not recur.");
        post.MapPut("/recurrence", async Task<Results<Ok<PostRecurrence>, NotFound>> (WorkspaceContext context, Guid postId, RecurrenceRequest request,
                Recurrences recurrences, CancellationToken ct) => await recurrences.SetAsync(context, postId, request, ct) is { } set ? TypedResults.Ok(set) : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).WithName("SetPostRecurrence")
            .WithSummary("Publishes the post again every N days or weeks (the same time in the workspace's zone), until a date or a number of times in all; copies are created a week ahead once the post is approved.");
        post.MapDelete("/recurrence", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid postId, Recurrences recurrences, CancellationToken ct) =>
                await recurrences.RemoveAsync(context, postId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).WithName("RemovePostRecurrence").WithSummary("Stops the repeats; occurrences already created stay planned.");

        post.MapGet("/evergreen", async Task<Results<Ok<EvergreenPost>, NotFound>> (WorkspaceContext context, Guid postId, Evergreen evergreen, CancellationToken ct) =>
                await evergreen.FindAsync(context, postId, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound())
            .RequirePermission(Permission.ViewWorkspace).WithName("GetPostEvergreen").WithSummary("The post's cooldown and its copies so far; 404 when it is not evergreen.");
        post.MapPut("/evergreen", async Task<Results<Ok<EvergreenPost>, NotFound>> (WorkspaceContext context, Guid postId, EvergreenRequest request, Evergreen evergreen,
                CancellationToken ct) => await evergreen.SetAsync(context, postId, request, ct) is { } set ? TypedResults.Ok(set) : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).WithName("SetPostEvergreen")
            .WithSummary("Marks the post evergreen: once published and after the cooldown (days), a copy goes into the next free slot of each channel it was published on.");
        post.MapDelete("/evergreen", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid postId, Evergreen evergreen, CancellationToken ct) =>
                await evergreen.RemoveAsync(context, postId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).WithName("RemovePostEvergreen").WithSummary("Stops recycling the post; copies already queued stay.");
        return api;
    }
}
