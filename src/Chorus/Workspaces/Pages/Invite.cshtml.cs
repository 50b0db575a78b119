using System.Globalization;
using Chorus.Platform.Accounts;
using Chorus.Workspaces;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Chorus.Workspaces.Pages;

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class InviteModel(Invitations invitations, UserAccounts accounts, NpgsqlDataSource dataSource) : ChorusPageModel
{
    [FromRoute] public string Token { get; set; } = "";
    public InvitationPreview? Preview { get; private set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }

    public async Task OnGetAsync() => Preview = await invitations.PreviewAsync(Token);

    public async Task<IActionResult> OnPostJoinAsync()
    {
        if (Actor.From(User) is not { } actor) return Redirect($"/login?returnUrl=/invite/{Uri.EscapeDataString(Token)}");
        try
        {
            return Redirect($"/w/{await invitations.AcceptAsync(Token, actor.UserId)}");
        }
        catch (InputException input)
        {
            ModelState.AddModelError(string.Empty, input.Message);
        }
        Preview = await invitations.PreviewAsync(Token);
        return Page();
    }

    /// <summary>The account and the membership are made in one transaction: a bad link creates no orphan account.</summary>
    public async Task<IActionResult> OnPostRegisterAsync()
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var userId = await accounts.CreateAsync(connection, transaction, Email, DisplayName, Password, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
            var workspaceId = await invitations.AcceptAsync(Token, userId, connection, transaction);
            await transaction.CommitAsync();
            await Sessions.SignInAsync(HttpContext, (await accounts.FindAsync(userId))!);
            return Redirect($"/w/{workspaceId}");
        }
        catch (InputException input)
        {
            ModelState.AddModelError(input.Field == "token" ? string.Empty : input.Field, input.Message);
        }
        Preview = await invitations.PreviewAsync(Token);
        return Page();
    }
}
