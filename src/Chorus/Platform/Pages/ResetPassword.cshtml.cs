using Chorus.Platform.Accounts;
using Chorus.Platform.Shell;
using Chorus.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Chorus.Platform.Pages;

/// <summary>The page a reset link opens: a new password, once, within the hour.</summary>
[EnableRateLimiting(WorkspacesModule.LoginRateLimit)]
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class ResetPasswordModel(PasswordResets resets, IStringLocalizer<SharedResource> localizer) : ChorusPageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    public bool Usable { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Usable = await resets.IsUsableAsync(Token, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var reset = false;
        if (!await TryAsync(async () => reset = await resets.ResetAsync(Token, NewPassword, cancellationToken)))
        {
            // A password refused: the form again, with the reason, while the link still works.
            Usable = await resets.IsUsableAsync(Token, cancellationToken);
            return Page();
        }
        if (!reset) return Page();
        // This browser's own session (if any) ended with the others: it signs in again with the new password.
        await Sessions.SignOutAsync(HttpContext);
        Flash(localizer["Your password was changed and every session of your account ended. Sign in with the new password."]);
        return Redirect("/login");
    }
}
