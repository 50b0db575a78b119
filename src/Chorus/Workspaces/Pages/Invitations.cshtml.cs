using Chorus.Workspaces;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Workspaces.Pages;

public sealed class InvitationsModel(Invitations invitations, IStringLocalizer<SharedResource> localizer) : WorkspacePageModel
{
    public IReadOnlyList<Invitation> Pending { get; private set; } = [];
    public string? CreatedLink { get; private set; }
    public string? Note { get; private set; }

    public async Task OnGetAsync() => Pending = await invitations.ListPendingAsync(Workspace);

    public async Task<IActionResult> OnPostAsync(string? role, string? note)
    {
        Note = note;
        await TryAsync(async () =>
        {
            var created = await invitations.CreateAsync(Workspace, WorkspacesApi.ParseRole(role), note);
            CreatedLink = $"{Request.Scheme}://{Request.Host}/invite/{created.Token}";
        });
        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId)
    {
        if (await invitations.RevokeAsync(Workspace, invitationId)) Flash(localizer["The invitation is revoked."]);
        return Redirect($"/w/{Workspace.WorkspaceId}/invitations");
    }
}
