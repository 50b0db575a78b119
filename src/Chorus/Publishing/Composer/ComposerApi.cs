using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Chorus.Publishing.Composer;

/// <summary>REST API v1 of the composer: the live check of variants being written (WritePosts) and each variant's images
/// (reading needs ViewWorkspace, replacing them WritePosts).</summary>
public static class ComposerApi
{
    public static RouteGroupBuilder MapComposerApi(this RouteGroupBuilder posts)
    {
        ArgumentNullException.ThrowIfNull(posts);
        posts.MapPost("/check", (WorkspaceContext context, VariantsCheckRequest request, ComposerService composer, CancellationToken ct) =>
                composer.CheckAsync(context, request, ct))
            .RequirePermission(Permission.WritePosts).WithName("CheckPostVariants")
            .WithSummary("Checks variants being written, without saving them: each text's length as its network counts it, what the network would " +
                "refuse (length, bytes, title, files, alt text, threads), and the charter's findings (banned terms with their place, required mentions, " +
                "toxicity) with whether they block submitting.");
        posts.MapGet("/{postId:guid}/variants/{variantId:guid}/media", async Task<Results<Ok<List<AttachedMedia>>, NotFound>> (WorkspaceContext context,
                Guid postId, Guid variantId, PublishingService service, VariantMediaStore media, CancellationToken ct) =>
                await service.FindAsync(context, postId, ct) is { } post && post.Variants.Any(v => v.Id == variantId)
                    ? TypedResults.Ok((await media.OfPostAsync(context.WorkspaceId, postId, ct))[variantId].ToList())
                    : TypedResults.NotFound())
            .RequirePermission(Permission.ViewWorkspace).WithName("GetPostVariantMedia").WithSummary("The images attached to a variant, in order.");
        posts.MapPut("/{postId:guid}/variants/{variantId:guid}/media", async Task<Results<Ok<IReadOnlyList<AttachedMedia>>, NotFound>> (WorkspaceContext context,
                Guid postId, Guid variantId, VariantMediaRequest request, VariantMediaStore media, CancellationToken ct) =>
                await media.SetAsync(context, postId, variantId, request.Media, ct) is { } attached ? TypedResults.Ok(attached) : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).ProducesConflict().WithName("SetPostVariantMedia")
            .WithSummary("Replaces a draft variant's images (library items, in order, each with an optional alternative text for this variant).");
        return posts;
    }
}
