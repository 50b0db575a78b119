using Chorus.Workspaces;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Workspaces.Pages;

public sealed class SettingsModel(Tenancy tenancy) : WorkspacePageModel
{
    /// <summary>The name typed in the rename form, shown again when it was refused.</summary>
    public string? Name { get; private set; }

    /// <summary>The name typed to confirm a deletion, shown again when it was refused.</summary>
    public string? ConfirmName { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostRenameAsync(string? name, CancellationToken cancellationToken)
    {
        Name = name;
        return await TryAsync(() => tenancy.RenameWorkspaceAsync(Workspace, name, cancellationToken)) ? Redirect($"/w/{Workspace.WorkspaceId}/settings") : Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? confirmName, CancellationToken cancellationToken)
    {
        if (!Workspace.Can(Permission.DeleteWorkspace)) return Forbid();
        ConfirmName = confirmName;
        return await TryAsync(async () =>
        {
            if (!string.Equals(confirmName?.Trim(), Workspace.WorkspaceName, StringComparison.Ordinal))
                throw new InputException("confirmName", "Type the workspace's exact name to delete it.");
            await tenancy.DeleteWorkspaceAsync(Workspace, cancellationToken);
        }) ? Redirect("/") : Page();
    }
}
