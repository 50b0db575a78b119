using Chorus.Workspaces;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Workspaces.Pages;

public sealed class MembersModel(Members members) : WorkspacePageModel
{
    public Page<Member> Listing { get; private set; } = new([], null);

    public async Task OnGetAsync(string? cursor, CancellationToken cancellationToken) => Listing = await members.ListAsync(Workspace, cursor, null, cancellationToken);

    // Changing members needs more than seeing them: checked here, on top of the page's ViewWorkspace.
    public async Task<IActionResult> OnPostRoleAsync(Guid userId, string? role, CancellationToken cancellationToken)
    {
        if (!Workspace.Can(Permission.ManageMembers)) return Forbid();
        if (await TryAsync(async () => { if (!await members.ChangeRoleAsync(Workspace, userId, WorkspaceRoles.Parse("role", role), cancellationToken)) throw new InputException("userId", "No such member."); }))
            return Redirect($"/w/{Workspace.WorkspaceId}/members");
        FileErrorsUnder($"role-{userId}", "role", "userId");
        await OnGetAsync(null, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (!Workspace.Can(Permission.ManageMembers)) return Forbid();
        if (await TryAsync(async () => { if (!await members.RemoveAsync(Workspace, userId, cancellationToken)) throw new InputException("userId", "No such member."); }))
            return Redirect(userId == Workspace.Actor.UserId ? "/" : $"/w/{Workspace.WorkspaceId}/members");
        FileErrorsUnder($"role-{userId}", "userId");
        await OnGetAsync(null, cancellationToken);
        return Page();
    }
}
