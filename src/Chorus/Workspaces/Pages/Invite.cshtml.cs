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

    public async Task OnGetAsync(CancellationToken cancellationToken) => Preview = await invitations.PreviewAsync(Token, cancellationToken);

    public async Task<IActionResult> OnPostJoinAsync(CancellationToken cancellationToken)
    {
        if (Actor.From(User) is not { } actor) return Redirect($"/login?returnUrl=/invite/{Uri.EscapeDataString(Token)}");
        try
        {
            return Redirect($"/w/{await invitations.AcceptAsync(Token, actor.UserId, cancellationToken: cancellationToken)}");
        }
        catch (InputException input)
        {
            ModelState.AddModelError(string.Empty, input.Message);
        }
        Preview = await invitations.PreviewAsync(Token, cancellationToken);
        return Page();
    }

    /// <summary>
    /// The account and the membership are made in one transaction: a bad link creates no orphan account. An address
    /// that already has an account joins with that account's password; any other outcome gets the answer of a failed
    /// sign-in, so the form never says whether an address has an account.
    /// </summary>
    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken cancellationToken)
    {
        Preview = await invitations.PreviewAsync(Token, cancellationToken);
        if (Preview is null) return Page();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            Guid userId;
            if (!string.IsNullOrWhiteSpace(Email) && await UserAccounts.ExistsAsync(connection, transaction, Email, cancellationToken))
            {
                if (await accounts.SignInAsync(connection, transaction, Email, Password, cancellationToken) is not SignInOutcome.Success success)
                {
                    // Committed: a failed password here counts towards the lockout as on the sign-in page.
                    await transaction.CommitAsync(cancellationToken);
                    ModelState.AddModelError(string.Empty, UserAccounts.SignInFailedMessage);
                    return Page();
                }
                userId = success.User.Id;
            }
            else
            {
                userId = await accounts.CreateAsync(connection, transaction, Email, DisplayName, Password, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, cancellationToken);
            }
            var workspaceId = await invitations.AcceptAsync(Token, userId, connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await Sessions.SignInAsync(HttpContext, (await accounts.FindAsync(userId, cancellationToken))!);
            return Redirect($"/w/{workspaceId}");
        }
        catch (InputException input)
        {
            ModelState.AddModelError(input.Field == "token" ? string.Empty : input.Field, input.Message);
        }
        Preview = await invitations.PreviewAsync(Token, cancellationToken);
        return Page();
    }
}
