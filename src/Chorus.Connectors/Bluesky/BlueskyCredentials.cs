using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chorus.Connectors.Bluesky;

/// <summary>What a Bluesky channel stores (encrypted at rest by the app). The app password lets the connector
/// open a new session when the refresh token has expired too.</summary>
/// <param name="Identifier">Handle or DID ("alice.bsky.social").</param>
/// <param name="AppPassword">An app password created in Bluesky's settings (never the account password).</param>
/// <param name="Did">The account's DID, known after the first session.</param>
/// <param name="AccessJwt">Current access token.</param>
/// <param name="RefreshJwt">Current refresh token.</param>
public sealed record BlueskyCredentials(
    string Identifier,
    string AppPassword,
    string? Did = null,
    string? AccessJwt = null,
    string? RefreshJwt = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads stored credentials; throws <see cref="ArgumentException"/> naming the missing field.</summary>
    public static BlueskyCredentials FromJson(string json)
    {
        BlueskyCredentials? credentials;
        try
        {
            credentials = JsonSerializer.Deserialize<BlueskyCredentials>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Bluesky credentials: not valid JSON ({ex.Message}).", nameof(json), ex);
        }

        if (credentials is null || string.IsNullOrWhiteSpace(credentials.Identifier))
        {
            throw new ArgumentException("Bluesky credentials: 'identifier' (handle or DID) is required.", nameof(json));
        }

        if (string.IsNullOrWhiteSpace(credentials.AppPassword))
        {
            throw new ArgumentException("Bluesky credentials: 'appPassword' is required.", nameof(json));
        }

        return credentials;
    }

    public override string ToString() => $"BlueskyCredentials {{ Identifier = {Identifier}, Did = {Did} }}";
}
