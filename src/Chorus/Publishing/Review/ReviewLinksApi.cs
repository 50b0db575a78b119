using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Chorus.Publishing.ClientReview;

/// <summary>REST API v1 for client review links. Issuing and revoking need ShareReviewLinks; listing needs
/// ViewWorkspace. The link itself is used on its page (/review/{token}), without an account.</summary>
public static class ReviewLinksApi
{
    /// <param name="Days">How long the link works, 1 to 30 days (7 when absent).</param>
    public sealed record CreateReviewLinkRequest(int? Days);

    /// <summary>A new link: <see cref="Url"/> is shown once, send it to the client.</summary>
    public sealed record CreatedReviewLink(Guid Id, Guid PostId, int Step, DateTimeOffset ExpiresAt, Uri Url);

    /// <param name="State">open, used, revoked or expired.</param>
    public sealed record ReviewLinkView(Guid Id, Guid PostId, int Step, string State, Guid? CreatedBy, string? CreatedByName, DateTimeOffset CreatedAt,
        DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? UsedAt);

    public static RouteGroupBuilder MapReviewLinksApi(this RouteGroupBuilder api)
    {
        var links = api.MapGroup("/workspaces/{workspaceId:guid}/posts/{postId:guid}/review-links").WithTags("Posts");
        links.MapPost("", async Task<Results<Created<CreatedReviewLink>, NotFound>> (WorkspaceContext context, Guid postId, CreateReviewLinkRequest? request,
                ReviewLinks service, CancellationToken ct) =>
                await service.CreateAsync(context, postId, request?.Days, ct) is { } issued
                    ? TypedResults.Created($"/api/v1/workspaces/{context.WorkspaceId}/posts/{postId}/review-links/{issued.Link.Id}",
                        new CreatedReviewLink(issued.Link.Id, postId, issued.Link.Step, issued.Link.ExpiresAt, issued.Url))
                    : TypedResults.NotFound())
            .RequirePermission(Permission.ShareReviewLinks).ProducesConflict().WithName("CreateReviewLink")
            .WithSummary("Issues a link a client opens without an account to approve the post or ask for changes; the post must wait for a ClientApprover step.");
        links.MapGet("", async Task<Results<Ok<List<ReviewLinkView>>, NotFound>> (WorkspaceContext context, Guid postId, ReviewLinks service, TimeProvider clock,
                CancellationToken ct) =>
                await service.ListAsync(context, postId, ct) is { } all ? TypedResults.Ok(all.Select(l => View(l, clock.GetUtcNow())).ToList()) : TypedResults.NotFound())
            .RequirePermission(Permission.ViewWorkspace).WithName("ListReviewLinks")
            .WithSummary("The post's review links, newest first, with their state (open, used, revoked, expired); the addresses are not kept.");
        links.MapDelete("/{linkId:guid}", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid postId, Guid linkId, ReviewLinks service,
                CancellationToken ct) => await service.RevokeAsync(context, postId, linkId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.ShareReviewLinks).WithName("RevokeReviewLink")
            .WithSummary("Revokes a review link: opening it answers 410 from now on.");
        return api;
    }

    public static ReviewLinkView View(ReviewLink link, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(link);
        return new ReviewLinkView(link.Id, link.PostId, link.Step, link.StateAt(now), link.CreatedBy, link.CreatedByName, link.CreatedAt, link.ExpiresAt,
            link.RevokedAt, link.UsedAt);
    }
}
