using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chorus.Platform.Pages;

/// <summary>
/// What a browser shows for an error status without a body (an unknown page or workspace, a refused permission, too
/// many sign-in attempts): a page in the person's language with a way back. The API answers problem+json instead.
/// </summary>
[IgnoreAntiforgeryToken]
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class StatusModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Code { get; set; }

    /// <summary>The address that failed, when Chorus re-executed this page for it.</summary>
    public string? OriginalPath { get; private set; }

    public void OnGet() => OriginalPath = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath;

    /// <summary>A refused form (too many sign-ins) arrives here as the POST it was.</summary>
    public void OnPost() => OnGet();

    public bool IsSignInLimit => Code == StatusCodes.Status429TooManyRequests;
}
