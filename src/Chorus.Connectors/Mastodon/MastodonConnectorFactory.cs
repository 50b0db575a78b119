using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Mastodon;

/// <summary>Creates <see cref="MastodonConnector"/>s. The channel's BaseUrl is the instance; it was checked by
/// <see cref="SsrfGuard"/> when the account was connected, and the named HttpClient
/// <see cref="MastodonOptions.HttpClientName"/> must use <see cref="SsrfGuard.CreateHandler"/> so every connection is
/// checked again.</summary>
public sealed class MastodonConnectorFactory(IHttpClientFactory httpClients, TimeProvider time, MastodonOptions options) : IConnectorFactory
{
    public string Network => MastodonConnector.NetworkId;

    public ConnectorCapabilities Capabilities => MastodonConnector.SupportedCapabilities;

    public IConnector Create(ChannelConnection connection) => CreateMastodon(connection);

    public MastodonConnector CreateMastodon(ChannelConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var instance = connection.BaseUrl ?? throw new ArgumentException("BaseUrl: a Mastodon channel needs its instance URL.", nameof(connection));
        if (instance.Scheme != Uri.UriSchemeHttps && instance.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"BaseUrl: Mastodon instances are reached over https, not '{instance.Scheme}'.", nameof(connection));
        }

        var credentials = MastodonCredentials.FromJson(connection.CredentialsJson);
        var client = new MastodonClient(httpClients.CreateClient(MastodonOptions.HttpClientName), time, options.RequestTimeout, instance, credentials.AccessToken);
        return new MastodonConnector(client, credentials, time, options);
    }

    /// <summary>The connect/disconnect flow (app registration, authorisation, revoke) over the same HttpClient.</summary>
    public MastodonAuthorization CreateAuthorization(SsrfGuard guard) =>
        new(httpClients.CreateClient(MastodonOptions.HttpClientName), time, guard, options);
}
