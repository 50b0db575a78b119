using Chorus.Workspaces;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Workspaces.Pages;

public sealed class InvitationsModel(Invitations invitations, PublicAddress publicAddress, IStringLocalizer<SharedResource> localizer) : WorkspacePageModel
{
    public IReadOnlyList<Invitation> Pending { get; private set; } = [];
    public string? CreatedLink { get; private set; }
    public string? Note { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Pending = await invitations.ListPendingAsync(Workspace, cancellationToken);

    public async Task<IActionResult> OnPostAsync(string? role, string? note, CancellationToken cancellationToken)
    {
        Note = note;
        await TryAsync(async () =>
        {
            var created = await invitations.CreateAsync(Workspace, WorkspaceRoles.Parse("role", role), note, cancellationToken);
            CreatedLink = Invitations.LinkOf(publicAddress, created.Token);
        });
        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        if (await invitations.RevokeAsync(Workspace, invitationId, cancellationToken)) Flash(localizer["The invitation is revoked."]);
        return Redirect($"/w/{Workspace.WorkspaceId}/invitations");
    }
}
