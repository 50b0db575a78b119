using Chorus.Workspaces;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Workspaces.Pages;

public sealed class MembersModel(Members members) : WorkspacePageModel
{
    public Page<Member> Listing { get; private set; } = new([], null);

    public async Task OnGetAsync(string? cursor) => Listing = await members.ListAsync(Workspace, cursor, null);

    // Changing members needs more than seeing them: checked here, on top of the page's ViewWorkspace.
    public async Task<IActionResult> OnPostRoleAsync(Guid userId, string? role)
    {
        if (!Workspace.Can(Permission.ManageMembers)) return Forbid();
        if (await TryAsync(async () => { if (!await members.ChangeRoleAsync(Workspace, userId, WorkspacesApi.ParseRole(role))) throw new InputException("userId", "No such member."); }))
            return Redirect($"/w/{Workspace.WorkspaceId}/members");
        await OnGetAsync(null);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid userId)
    {
        if (!Workspace.Can(Permission.ManageMembers)) return Forbid();
        if (await TryAsync(async () => { if (!await members.RemoveAsync(Workspace, userId)) throw new InputException("userId", "No such member."); }))
            return Redirect(userId == Workspace.Actor.UserId ? "/" : $"/w/{Workspace.WorkspaceId}/members");
        await OnGetAsync(null);
        return Page();
    }
}
