using Chorus.Connectors.Abstractions;

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
    public string ToJson() => CredentialsJson.Write(this);

    /// <summary>Reads stored credentials; throws <see cref="ArgumentException"/> naming the missing field.</summary>
    public static BlueskyCredentials FromJson(string json) =>
        CredentialsJson.Read<BlueskyCredentials>(json, "Bluesky", (c => c.Identifier, "identifier"), (c => c.AppPassword, "appPassword"));

    public override string ToString() => $"BlueskyCredentials {{ Identifier = {Identifier}, Did = {Did} }}";
}
