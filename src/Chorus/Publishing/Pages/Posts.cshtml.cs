using Chorus.Connectors.Abstractions;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Publishing.Pages;

/// <summary>The workspace's posts with each variant's status; writing one opens the composer.</summary>
public sealed class PostsModel(PublishingService posts, NetworkCatalog networks, IStringLocalizer<SharedResource> localizer)
    : WorkspacePageModel
{
    public NetworkCatalog Networks => networks;

    public Page<PostSummary> Listing { get; private set; } = new([], null);

    public async Task OnGetAsync(string? cursor) =>
        Listing = await posts.ListAsync(Workspace, new PostFilter(), cursor, null, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostApproveAsync(Guid postId)
    {
        if (!Workspace.Can(Permission.ApprovePosts)) return Forbid();
        if (await TryAsync(() => posts.ApproveAsync(Workspace, postId, null, HttpContext.RequestAborted)))
        {
            Flash(localizer["The post is approved."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/posts");
        }
        await OnGetAsync(null);
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid postId)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (await TryAsync(() => posts.CancelAsync(Workspace, postId, HttpContext.RequestAborted)))
        {
            Flash(localizer["The post is cancelled."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/posts");
        }
        await OnGetAsync(null);
        return Page();
    }
}
