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

    public async Task<IActionResult> OnGetAsync() => await accounts.AnyAsync() ? Page() : RedirectToPage("./Setup");

    public async Task<IActionResult> OnPostAsync()
    {
        switch (await accounts.SignInAsync(Email, Password))
        {
            case SignInOutcome.Success success:
                await Sessions.SignInAsync(HttpContext, success.User);
                return LocalRedirect(Sessions.SafeReturnUrl(ReturnUrl));
            case SignInOutcome.LockedOut:
                ModelState.AddModelError(string.Empty, "Too many failed attempts: this account is locked for 15 minutes.");
                break;
            default:
                ModelState.AddModelError(string.Empty, "The e-mail address or the password is not right.");
                break;
        }
        return Page();
    }
}
