using Chorus.Workspaces;
using Chorus.Platform.Accounts;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Chorus.Platform.Pages;

[EnableRateLimiting(WorkspacesModule.LoginRateLimit)]
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class LoginModel(UserAccounts accounts) : ChorusPageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await accounts.AnyAsync(cancellationToken) ? Page() : RedirectToPage("./Setup");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await accounts.SignInAsync(Email, Password, cancellationToken) is SignInOutcome.Success success)
        {
            await Sessions.SignInAsync(HttpContext, success.User);
            return LocalRedirect(Sessions.SafeReturnUrl(ReturnUrl));
        }
        ModelState.AddModelError(string.Empty, UserAccounts.SignInFailedMessage);
        return Page();
    }
}
