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

    /// <summary>The approval policy's steps as the form shows them: the saved ones, or those just sent back with an error.</summary>
    [BindProperty] public List<string?> Steps { get; set; } = [];

    /// <summary>Steps the policy form offers; a blank one is left out.</summary>
    public const int StepsShown = 3;

    public async Task OnGetAsync(string? cursor)
    {
        Listing = await posts.ListAsync(Workspace, new PostFilter(), cursor, null, HttpContext.RequestAborted);
        if (Steps.Count == 0) Steps = [.. (await posts.PolicyAsync(Workspace, HttpContext.RequestAborted)).Steps.Select(role => (string?)role.ToString())];
    }

    /// <summary>Sets the approval policy: none, one step, or ordered steps by role (the steps left blank are dropped).</summary>
    public async Task<IActionResult> OnPostPolicyAsync()
    {
        if (!Workspace.Can(Permission.ManagePublishing)) return Forbid();
        var chosen = Steps.OfType<string>().Where(step => step.Trim().Length > 0).ToList();
        if (await TryAsync(() => posts.SetPolicyAsync(Workspace, chosen, HttpContext.RequestAborted)))
        {
            Flash(localizer["The approval policy is saved."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/posts#approval-policy");
        }
        await OnGetAsync(null);
        return Page();
    }

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
