using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chorus.Platform.Pages;

/// <summary>POST only (with antiforgery): a link or an image cannot sign someone out.</summary>
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await Sessions.SignOutAsync(HttpContext);
        // The browser forgets what it kept of the session's pages (its cache, and any page htmx stored).
        Response.Headers["Clear-Site-Data"] = "\"cache\", \"storage\"";
        return Redirect("/login");
    }
}
