using Chorus.Workspaces;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Workspaces.Pages;

public sealed class TokensModel(ApiTokens tokens) : WorkspacePageModel
{
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];
    public string? CreatedSecret { get; private set; }

    public async Task OnGetAsync() => Tokens = await tokens.ListAsync(Workspace);

    public async Task<IActionResult> OnPostAsync(string? name, string? role, string? expiresInDays)
    {
        await TryAsync(async () =>
        {
            int? days = string.IsNullOrWhiteSpace(expiresInDays) ? null
                : int.TryParse(expiresInDays, out var d) ? d : throw new InputException("expiresInDays", "Give a whole number of days.");
            CreatedSecret = (await tokens.CreateAsync(Workspace, name, WorkspacesApi.ParseRole(role), days)).Secret;
        });
        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid tokenId)
    {
        await tokens.RevokeAsync(Workspace, tokenId);
        return Redirect($"/w/{Workspace.WorkspaceId}/tokens");
    }
}
