using Chorus.Platform.Accounts;
using Chorus.Platform.Shell;
using Chorus.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Chorus.Platform.Pages;

/// <summary>Asks for a reset link. The answer is the same whether or not the address has an account.</summary>
[EnableRateLimiting(WorkspacesModule.LoginRateLimit)]
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class ForgotPasswordModel(PasswordResets resets) : ChorusPageModel
{
    [BindProperty] public string? Email { get; set; }
    public bool Sent { get; private set; }
    public bool ByEmail => resets.ByEmail;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Sent = await TryAsync(() => resets.RequestAsync(Email, cancellationToken));
        return Page();
    }
}
