using System.Security.Claims;
using Chorus.Platform.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;

namespace Chorus.Platform.Shell;

/// <summary>Signing people in and out of the UI, and remembering their language.</summary>
public static class Sessions
{
    public static async Task SignInAsync(HttpContext http, UserAccount user)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(Actor.UserIdClaim, user.Id.ToString()),
            new Claim(Actor.SecurityStampClaim, user.SecurityStamp.ToString()),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Email, user.Email),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true });
        if (user.Culture is { } culture) SetCulture(http, culture);
    }

    public static void SetCulture(HttpContext http, string culture) =>
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.MaxValue, HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });

    /// <summary>Only paths of this site: an open redirect through ?returnUrl= is refused.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl : "/";
}
