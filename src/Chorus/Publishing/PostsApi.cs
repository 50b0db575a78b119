using Chorus.Publishing.Composer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Chorus.Publishing;

/// <summary>REST API v1 for posts. Reading needs ViewWorkspace; writing, editing, submitting, scheduling and cancelling
/// need WritePosts; approving and asking for changes need ApprovePosts (and the role of the step the post waits for);
/// the approval policy needs ManagePublishing. A change the post's state does not allow answers 409.</summary>
public static class PostsApi
{
    public sealed record PolicyRequest(IReadOnlyList<string>? Steps);

    public static RouteGroupBuilder MapPostsApi(this RouteGroupBuilder api)
    {
        var workspace = api.MapGroup("/workspaces/{workspaceId:guid}").WithTags("Posts");
        var posts = workspace.MapGroup("/posts");

        posts.MapGet("", (WorkspaceContext context, PublishingService service, string? status, Guid? channel, Guid? author, string? cursor, int? limit,
                CancellationToken ct) => service.ListAsync(context, new PostFilter(status, channel, author), cursor, limit, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("ListPosts")
            .WithSummary("The workspace's posts, newest first (cursor paging), with each variant's status; filter by a variant status, a channel or an author.");
        posts.MapPost("", async Task<Created<Post>> (WorkspaceContext context, CreatePostRequest request, PublishingService service, CancellationToken ct) =>
            {
                var id = await service.CreateAsync(context, request, ct);
                return TypedResults.Created($"/api/v1/workspaces/{context.WorkspaceId}/posts/{id}", (await service.FindAsync(context, id, ct))!);
            })
            .RequirePermission(Permission.WritePosts).WithName("CreatePost")
            .WithSummary("Writes a post as drafts, one variant per channel; submit it to send it to approval (or to schedule it when the workspace needs none).");
        posts.MapGet("/{postId:guid}", async Task<Results<Ok<Post>, NotFound>> (WorkspaceContext context, Guid postId, PublishingService service, CancellationToken ct) =>
                Found(await service.FindAsync(context, postId, ct)))
            .RequirePermission(Permission.ViewWorkspace).WithName("GetPost");
        posts.MapPut("/{postId:guid}/variants/{variantId:guid}", async Task<Results<Ok<Post>, NotFound>> (WorkspaceContext context, Guid postId, Guid variantId,
                UpdateVariantRequest request, PublishingService service, CancellationToken ct) =>
                Found(await service.UpdateVariantAsync(context, postId, variantId, request, ct)))
            .RequirePermission(Permission.WritePosts).ProducesConflict().WithName("UpdatePostVariant")
            .WithSummary("Replaces a draft variant's content (a variant in review is edited after changes are asked for).");
        posts.MapPost("/{postId:guid}/variants", async Task<Results<Ok<Post>, NotFound>> (WorkspaceContext context, Guid postId, AddVariantRequest request,
                PublishingService service, CancellationToken ct) => Found(await service.AddVariantAsync(context, postId, request, ct)))
            .RequirePermission(Permission.WritePosts).ProducesConflict().WithName("AddPostChannel")
            .WithSummary("Adds a channel to a draft post: its variant starts as a copy of the first draft, to edit on its own.");
        posts.MapDelete("/{postId:guid}/variants/{variantId:guid}", async Task<Results<Ok<Post>, NotFound>> (WorkspaceContext context, Guid postId, Guid variantId,
                PublishingService service, CancellationToken ct) => Found(await service.RemoveVariantAsync(context, postId, variantId, ct)))
            .RequirePermission(Permission.WritePosts).ProducesConflict().WithName("RemovePostChannel")
            .WithSummary("Takes a draft variant (its channel) off the post; the last one cannot be removed (cancel the post instead).");
        posts.MapPost("/{postId:guid}/submit", async Task<Results<Ok<Post>, NotFound>> (WorkspaceContext context, Guid postId, PublishingService service, CancellationToken ct) =>
                Found(await service.SubmitAsync(context, postId, ct)))
            .RequirePermission(Permission.WritePosts).ProducesConflict().WithName("SubmitPost")
            .WithSummary("Sends the drafts to approval, or schedules them when the workspace needs no approval.");
        posts.MapPost("/{postId:guid}/approve", async Task<Results<Ok<Post>, NotFound>> (WorkspaceContext context, Guid postId, DecisionRequest request,
                PublishingService service, CancellationToken ct) => Found(await service.ApproveAsync(context, postId, request.Comment, ct)))
            .RequirePermission(Permission.ApprovePosts).ProducesConflict().WithName("ApprovePost")
            .WithSummary("Approves the step the post waits for; the last step schedules it (at its time, or now).");
        posts.MapPost("/{postId:guid}/request-changes", async Task<Results<Ok<Post>, NotFound>> (WorkspaceContext context, Guid postId, DecisionRequest request,
                PublishingService service, CancellationToken ct) => Found(await service.RequestChangesAsync(context, postId, request.Comment, ct)))
            .RequirePermission(Permission.ApprovePosts).ProducesConflict().WithName("RequestPostChanges")
            .WithSummary("Sends the post back to drafts with what should change (comment required).");
        posts.MapPost("/{postId:guid}/schedule", async Task<Results<Ok<Post>, NotFound>> (WorkspaceContext context, Guid postId, ScheduleRequest request,
                PublishingService service, CancellationToken ct) => Found(await service.ScheduleAsync(context, postId, request.At, ct)))
            .RequirePermission(Permission.WritePosts).ProducesConflict().WithName("SchedulePost")
            .WithSummary("Sets when the post is published (now when 'at' is absent); approved variants are rescheduled at once.");
        posts.MapPost("/{postId:guid}/cancel", async Task<Results<Ok<Post>, NotFound>> (WorkspaceContext context, Guid postId, PublishingService service, CancellationToken ct) =>
                Found(await service.CancelAsync(context, postId, ct)))
            .RequirePermission(Permission.WritePosts).ProducesConflict().WithName("CancelPost")
            .WithSummary("Cancels every variant not yet publishing.");
        posts.MapPost("/{postId:guid}/comments", async Task<Results<Ok<Post>, NotFound>> (WorkspaceContext context, Guid postId, CommentRequest request,
                PublishingService service, CancellationToken ct) => Found(await service.CommentAsync(context, postId, request.Body, ct)))
            .RequirePermission(Permission.ViewWorkspace).WithName("CommentOnPost")
            .WithSummary("Adds an internal comment; '@' followed by a member's e-mail address mentions them.");
        posts.MapComposerApi();

        workspace.MapGet("/approval-policy", (WorkspaceContext context, PublishingService service, CancellationToken ct) => service.PolicyAsync(context, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("GetApprovalPolicy").WithSummary("The roles of the approval steps, in order (none: no approval).");
        workspace.MapPut("/approval-policy", (WorkspaceContext context, PolicyRequest request, PublishingService service, CancellationToken ct) =>
                service.SetPolicyAsync(context, request.Steps, ct))
            .RequirePermission(Permission.ManagePublishing).WithName("SetApprovalPolicy")
            .WithSummary("Sets the approval steps: [] for none, one role for one step, several for ordered steps.");
        return api;
    }

    private static Results<Ok<Post>, NotFound> Found(Post? post) => post is null ? TypedResults.NotFound() : TypedResults.Ok(post);
}
