using Chorus.Platform.Accounts;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chorus.Platform.Pages;

/// <summary>The language switch: a cookie for everyone, and the account's preference for signed-in people.</summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class CultureModel(UserAccounts accounts) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl, CancellationToken cancellationToken)
    {
        if (culture is not ("en" or "fr")) return BadRequest();
        Sessions.SetCulture(HttpContext, culture);
        if (Actor.From(User) is { } actor) await accounts.SetCultureAsync(actor.UserId, culture, cancellationToken);
        return LocalRedirect(Sessions.SafeReturnUrl(returnUrl));
    }
}
