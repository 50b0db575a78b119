using System.Security.Claims;
using System.Text;
using Chorus.Platform.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;

namespace Chorus.Platform.Shell;

/// <summary>Signing people in and out of the UI, and remembering their language.</summary>
public static class Sessions
{
    /// <summary>Starts a server-side session (<see cref="SignInSessions"/>) and gives the browser a cookie naming it.</summary>
    public static async Task SignInAsync(HttpContext http, UserAccount user)
    {
        var sessionId = await http.RequestServices.GetRequiredService<SignInSessions>().StartAsync(user.Id, http.RequestAborted);
        var identity = new ClaimsIdentity(
        [
            new Claim(Actor.UserIdClaim, user.Id.ToString()),
            new Claim(Actor.SessionIdClaim, sessionId.ToString()),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Email, user.Email),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true });
        if (user.Culture is { } culture) SetCulture(http, culture);
    }

    /// <summary>Ends this browser's session on the server (a copy of the cookie stops working too) and drops the cookie.</summary>
    public static async Task SignOutAsync(HttpContext http)
    {
        if (SessionIdOf(http.User) is { } sessionId)
            await http.RequestServices.GetRequiredService<SignInSessions>().EndAsync(sessionId, http.RequestAborted);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    public static Guid? SessionIdOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(Actor.SessionIdClaim), out var id) ? id : null;

    public static void SetCulture(HttpContext http, string culture) =>
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.MaxValue, HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });

    /// <summary>
    /// Only paths of this site: an open redirect through ?returnUrl= is refused, and so is a control character, which
    /// cannot go in a Location header and which browsers drop ("/\t/evil.example" would become "//evil.example").
    /// Other characters outside ASCII are percent-encoded.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal)
            || returnUrl.StartsWith("/\\", StringComparison.Ordinal) || returnUrl.Any(char.IsControl))
        {
            return "/";
        }
        if (returnUrl.All(char.IsAscii)) return returnUrl;
        var encoded = new StringBuilder(returnUrl.Length);
        foreach (var rune in returnUrl.EnumerateRunes())
        {
            if (rune.IsAscii) encoded.Append((char)rune.Value);
            else encoded.Append(Uri.EscapeDataString(rune.ToString()));
        }
        return encoded.ToString();
    }
}
