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
    /// <summary>The role offered first, or the one chosen when the form comes back with an error.</summary>
    public WorkspaceRole SelectedRole { get; private set; } = WorkspaceRole.CommunityManager;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Pending = await invitations.ListPendingAsync(Workspace, cancellationToken);

    public async Task<IActionResult> OnPostAsync(string? role, string? note, CancellationToken cancellationToken)
    {
        Note = note;
        var errors = new InputErrors();
        WorkspaceRole? wanted = WorkspaceRoles.TryParse(role, out var chosenRole) ? chosenRole : null;
        if (wanted is { } kept) SelectedRole = kept;
        if (wanted is null) errors.Check(() => WorkspaceRoles.Parse("role", role));
        Invitations.CheckNew(errors, Workspace, wanted, note);
        await TryAsync(async () =>
        {
            errors.ThrowIfAny();
            var created = await invitations.CreateAsync(Workspace, wanted!.Value, note, cancellationToken);
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
