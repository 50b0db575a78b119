namespace Chorus.Connectors.Abstractions;

/// <summary>The client Chorus registered on an OAuth server (one per server and redirect address).</summary>
public sealed record OAuthClient(string ClientId, string ClientSecret);

/// <summary>An authorisation in progress: where the person is sent, and what must be kept (the state and the PKCE
/// verifier) until the server sends them back.</summary>
public sealed record OAuthStart(Uri Server, OAuthClient Client, Uri RedirectUri, string State, string CodeVerifier, Uri AuthorizeUrl);

/// <summary>
/// A network whose accounts are connected with OAuth 2 (authorisation code, state and PKCE): the protocol steps. The
/// app keeps the registered clients and the authorisations in progress, and sends the person to and from the server.
/// </summary>
public interface IOAuthNetwork
{
    /// <summary>The form field that names the server (an instance address); registration failures are reported on it.</summary>
    string ServerField { get; }

    /// <summary>The server a checked connect form names.</summary>
    Uri ServerOf(ConnectForm form);

    Task<ConnectorResult<OAuthClient>> RegisterClientAsync(Uri server, Uri redirectUri, CancellationToken cancellationToken);

    /// <summary>A fresh state and verifier, and the server's authorisation page for them.</summary>
    OAuthStart Start(Uri server, OAuthClient client, Uri redirectUri);

    /// <summary>Exchanges the code the server sent back for the channel's credentials (JSON, as the connector reads them).</summary>
    Task<ConnectorResult<string>> ExchangeCodeAsync(OAuthStart started, string? code, CancellationToken cancellationToken);

    /// <summary>The account people recognise, and the credentials to keep once the connector said who they are.</summary>
    (string Account, string CredentialsJson) Connected(ConnectedAccount who, Uri server, string credentialsJson);
}
