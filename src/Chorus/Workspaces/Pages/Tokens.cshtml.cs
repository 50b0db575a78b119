using Chorus.Workspaces;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Workspaces.Pages;

public sealed class TokensModel(ApiTokens tokens, IStringLocalizer<SharedResource> localizer) : WorkspacePageModel
{
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];
    public string? CreatedSecret { get; private set; }
    public string? Name { get; private set; }
    public string? ExpiresInDays { get; private set; } = "90";
    /// <summary>Least privilege first: the weakest role the person may grant, unless they chose another.</summary>
    public WorkspaceRole SelectedRole { get; private set; }

    public override void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context)
    {
        SelectedRole = Enum.GetValues<WorkspaceRole>().Where(role => PermissionMatrix.CanGrant(Workspace.Role, role))
            .OrderBy(role => PermissionMatrix.PermissionsOf(role).Count).ThenByDescending(role => role).First();
        base.OnPageHandlerExecuting(context);
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Tokens = await tokens.ListAsync(Workspace, cancellationToken);

    public async Task<IActionResult> OnPostAsync(string? name, string? role, string? expiresInDays, CancellationToken cancellationToken)
    {
        (Name, ExpiresInDays) = (name, expiresInDays);
        var errors = new InputErrors();
        int? days = null;
        if (!string.IsNullOrWhiteSpace(expiresInDays))
        {
            if (int.TryParse(expiresInDays, out var parsed)) days = parsed;
            else errors.Add("expiresInDays", "Give a whole number of days.");
        }
        WorkspaceRole? wanted = WorkspaceRoles.TryParse(role, out var chosenRole) ? chosenRole : null;
        if (wanted is { } kept) SelectedRole = kept;
        if (wanted is null) errors.Check(() => WorkspaceRoles.Parse("role", role));
        ApiTokens.CheckNew(errors, Workspace, name, wanted, days);
        var created = await TryAsync(async () =>
        {
            errors.ThrowIfAny();
            CreatedSecret = (await tokens.CreateAsync(Workspace, name, wanted!.Value, days, cancellationToken)).Secret;
        });
        // The form starts empty again once the token exists, so a second click does not make a twin.
        if (created) (Name, ExpiresInDays) = (null, "90");
        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid tokenId, CancellationToken cancellationToken)
    {
        if (await tokens.RevokeAsync(Workspace, tokenId, cancellationToken)) Flash(localizer["The token is revoked."]);
        return Redirect($"/w/{Workspace.WorkspaceId}/tokens");
    }
}
