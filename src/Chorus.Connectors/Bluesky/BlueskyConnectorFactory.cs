using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Bluesky;

/// <summary>Creates <see cref="BlueskyConnector"/>s. Register with the named HttpClient
/// <see cref="BlueskyOptions.HttpClientName"/> (its primary handler built by <see cref="SsrfGuard.CreateHandler"/>,
/// because a channel may name its own PDS).</summary>
public sealed class BlueskyConnectorFactory(IHttpClientFactory httpClients, TimeProvider time, BlueskyOptions options) : IConnectorFactory
{
    public string Network => BlueskyConnector.NetworkId;

    public ConnectorCapabilities Capabilities => BlueskyConnector.SupportedCapabilities;

    public IConnector Create(ChannelConnection connection) => CreateBluesky(connection);

    public BlueskyConnector CreateBluesky(ChannelConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var credentials = BlueskyCredentials.FromJson(connection.CredentialsJson);
        var service = connection.BaseUrl ?? options.DefaultServiceUrl;
        if (service.Scheme != Uri.UriSchemeHttps && service.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"BaseUrl: Bluesky servers are reached over https, not '{service.Scheme}'.", nameof(connection));
        }

        var client = new BlueskyClient(
            httpClients.CreateClient(BlueskyOptions.HttpClientName),
            time,
            options.RequestTimeout,
            service,
            credentials,
            connection.PersistCredentials);
        return new BlueskyConnector(client, time, options);
    }
}
