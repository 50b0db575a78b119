using System.Security.Claims;

namespace Chorus.Platform;

/// <summary>Who is acting: a signed-in person, or a person through one of their API tokens.</summary>
public sealed record Actor(Guid UserId, Guid? TokenId)
{
    public const string UserIdClaim = "chorus:user";
    public const string TokenIdClaim = "chorus:token";
    public const string SessionIdClaim = "chorus:session";

    public static Actor? From(ClaimsPrincipal principal)
    {
        if (!Guid.TryParse(principal.FindFirstValue(UserIdClaim), out var userId)) return null;
        Guid? tokenId = Guid.TryParse(principal.FindFirstValue(TokenIdClaim), out var t) ? t : null;
        return new Actor(userId, tokenId);
    }
}
