using Chorus.Connectors.Abstractions;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Publishing.ClientReview.Pages;

/// <summary>One post: each variant as written, where the approval stands and who decided what, the internal comments
/// (with @mentions), and the client review links.</summary>
public sealed class PostDetailModel(PublishingService posts, ReviewLinks links, NetworkCatalog networks, TimeProvider clock,
    IStringLocalizer<SharedResource> localizer) : WorkspacePageModel
{
    [FromRoute] public Guid PostId { get; set; }

    public NetworkCatalog Networks => networks;

    public Post Post { get; private set; } = null!;

    public IReadOnlyList<ReviewLink> Links { get; private set; } = [];

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The address of a link just issued (shown once: it is not kept).</summary>
    public Uri? IssuedUrl { get; private set; }

    [BindProperty] public string? Body { get; set; }

    [BindProperty] public string? Comment { get; set; }

    [BindProperty] public int? Days { get; set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostCommentAsync()
    {
        if (await TryAsync(() => posts.CommentAsync(Workspace, PostId, Body, HttpContext.RequestAborted)))
        {
            Flash(localizer["The comment is added."]);
            return Redirect($"{PublishingService.PostPath(Workspace.WorkspaceId, PostId)}#comments");
        }
        return await LoadAsync() ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostApproveAsync() =>
        DecideAsync(() => posts.ApproveAsync(Workspace, PostId, Comment, HttpContext.RequestAborted), localizer["The post is approved."]);

    public Task<IActionResult> OnPostRequestChangesAsync() =>
        DecideAsync(() => posts.RequestChangesAsync(Workspace, PostId, Comment, HttpContext.RequestAborted), localizer["Changes are asked for; the author is told."]);

    public async Task<IActionResult> OnPostReviewLinkAsync()
    {
        if (!Workspace.Can(Permission.ShareReviewLinks)) return Forbid();
        IssuedReviewLink? issued = null;
        if (await TryAsync(async () => issued = await links.CreateAsync(Workspace, PostId, Days, HttpContext.RequestAborted)))
        {
            if (issued is null) return NotFound();
            // Shown on this answer only, not after a redirect: the address is a credential and is not kept.
            IssuedUrl = issued.Url;
        }
        return await LoadAsync() ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid linkId)
    {
        if (!Workspace.Can(Permission.ShareReviewLinks)) return Forbid();
        if (!await links.RevokeAsync(Workspace, PostId, linkId, HttpContext.RequestAborted)) return NotFound();
        Flash(localizer["The review link is revoked."]);
        return Redirect($"{PublishingService.PostPath(Workspace.WorkspaceId, PostId)}#review-links");
    }

    private async Task<IActionResult> DecideAsync(Func<Task> decide, string done)
    {
        if (!Workspace.Can(Permission.ApprovePosts)) return Forbid();
        if (await TryAsync(decide))
        {
            Flash(done);
            return Redirect(PublishingService.PostPath(Workspace.WorkspaceId, PostId));
        }
        return await LoadAsync() ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync()
    {
        if (await posts.FindAsync(Workspace, PostId, HttpContext.RequestAborted) is not { } post) return false;
        Post = post;
        Links = await links.ListAsync(Workspace, PostId, HttpContext.RequestAborted) ?? [];
        return true;
    }
}
