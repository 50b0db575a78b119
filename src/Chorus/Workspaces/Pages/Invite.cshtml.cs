using System.Globalization;
using Chorus.Platform.Accounts;
using Chorus.Workspaces;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Npgsql;

namespace Chorus.Workspaces.Pages;

// The sign-up form checks passwords of existing accounts: its posts share the sign-in form's budget per address.
[EnableRateLimiting(WorkspacesModule.LoginRateLimit)]
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
    /// The account and the membership are made in one transaction: a bad link creates no orphan account. Every field
    /// is checked as for a new account first, whoever the address belongs to, so the same typing gets the same errors.
    /// Then an address that already has an account joins with that account's password, and a wrong one gets the answer
    /// of a failed sign-in (counted towards its lockout): the form never says whether an address has an account.
    /// </summary>
    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken cancellationToken)
    {
        Preview = await invitations.PreviewAsync(Token, cancellationToken);
        if (Preview is null) return Page();
        var culture = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var errors = new InputErrors();
        UserAccounts.CheckNewAccount(errors, Email, DisplayName, Password, culture);
        try
        {
            errors.ThrowIfAny();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            Guid userId;
            if (await UserAccounts.ExistsAsync(connection, transaction, Email!, cancellationToken))
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
                userId = await accounts.CreateAsync(connection, transaction, Email, DisplayName, Password, culture, cancellationToken);
            }
            var workspaceId = await invitations.AcceptAsync(Token, userId, connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await Sessions.SignInAsync(HttpContext, (await accounts.FindAsync(userId, cancellationToken))!);
            return Redirect($"/w/{workspaceId}");
        }
        catch (InputException input)
        {
            foreach (var error in input.Errors) ModelState.AddModelError(error.Field == "token" ? string.Empty : error.Field, error.Reason);
        }
        Preview = await invitations.PreviewAsync(Token, cancellationToken);
        return Page();
    }
}
