using System.Security.Claims;
using System.Text.Encodings.Web;
using Chorus.Workspaces;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chorus.Platform.Access;

/// <summary>Authenticates `Authorization: Bearer chorus_…` with a personal API token.</summary>
public sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var found = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (found is not { } token) return AuthenticateResult.Fail("The API token is unknown, revoked or expired.");
        var identity = new ClaimsIdentity(
        [
            new Claim(Actor.UserIdClaim, token.UserId.ToString()),
            new Claim(Actor.TokenIdClaim, token.TokenId.ToString()),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required.",
            detail: "Send a personal API token as 'Authorization: Bearer chorus_…' (create one on the workspace's API tokens page).").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You do not have permission to do this.").ExecuteAsync(Context);
}
