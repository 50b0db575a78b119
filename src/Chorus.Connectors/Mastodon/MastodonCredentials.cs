using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Mastodon;

/// <summary>What a Mastodon channel stores (encrypted at rest by the app): the app registered on the instance and
/// the user's access token. Mastodon tokens do not expire; a revoked one makes calls fail with 401.</summary>
public sealed record MastodonCredentials(
    string ClientId,
    string ClientSecret,
    string AccessToken,
    string? AccountId = null)
{
    public string ToJson() => CredentialsJson.Write(this);

    /// <summary>Reads stored credentials; throws <see cref="ArgumentException"/> naming the missing field.</summary>
    public static MastodonCredentials FromJson(string json) =>
        CredentialsJson.Read<MastodonCredentials>(
            json, "Mastodon", (c => c.ClientId, "clientId"), (c => c.ClientSecret, "clientSecret"), (c => c.AccessToken, "accessToken"));

    public override string ToString() => $"MastodonCredentials {{ ClientId = {ClientId}, AccountId = {AccountId} }}";
}

/// <summary>An application registered on an instance (POST /api/v1/apps).</summary>
public sealed record MastodonApp(string ClientId, string ClientSecret);

/// <summary>An authorisation in progress: send the person to <see cref="AuthorizeUrl"/>, keep the rest (server-side)
/// until the instance redirects back with a code and the same state.</summary>
public sealed record MastodonAuthorizationRequest(Uri Instance, MastodonApp App, Uri RedirectUri, string State, string CodeVerifier, Uri AuthorizeUrl);
