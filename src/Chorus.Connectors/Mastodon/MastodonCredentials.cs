using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chorus.Connectors.Mastodon;

/// <summary>What a Mastodon channel stores (encrypted at rest by the app): the app registered on the instance and
/// the user's access token. Mastodon tokens do not expire; a revoked one makes calls fail with 401.</summary>
public sealed record MastodonCredentials(
    string ClientId,
    string ClientSecret,
    string AccessToken,
    string? AccountId = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads stored credentials; throws <see cref="ArgumentException"/> naming the missing field.</summary>
    public static MastodonCredentials FromJson(string json)
    {
        MastodonCredentials? credentials;
        try
        {
            credentials = JsonSerializer.Deserialize<MastodonCredentials>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Mastodon credentials: not valid JSON ({ex.Message}).", nameof(json), ex);
        }

        foreach (var (value, field) in new[]
                 {
                     (credentials?.ClientId, "clientId"), (credentials?.ClientSecret, "clientSecret"), (credentials?.AccessToken, "accessToken"),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"Mastodon credentials: '{field}' is required.", nameof(json));
            }
        }

        return credentials!;
    }

    public override string ToString() => $"MastodonCredentials {{ ClientId = {ClientId}, AccountId = {AccountId} }}";
}

/// <summary>An application registered on an instance (POST /api/v1/apps).</summary>
public sealed record MastodonApp(string ClientId, string ClientSecret);

/// <summary>An authorisation in progress: send the person to <see cref="AuthorizeUrl"/>, keep the rest (server-side)
/// until the instance redirects back with a code and the same state.</summary>
public sealed record MastodonAuthorizationRequest(Uri Instance, MastodonApp App, Uri RedirectUri, string State, string CodeVerifier, Uri AuthorizeUrl);
