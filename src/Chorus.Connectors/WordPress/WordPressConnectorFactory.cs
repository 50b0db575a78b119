using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.WordPress;

/// <summary>Builds <see cref="WordPressConnector"/>s for channels. <paramref name="http"/> must use a handler from
/// <see cref="SsrfGuard.CreateHandler"/> so every connection is checked; it is shared by all channels.</summary>
public sealed class WordPressConnectorFactory(HttpClient http, SsrfGuard guard, WordPressOptions options, TimeProvider time) : IConnectorFactory
{
    public string Network => WordPressConnector.NetworkId;

    public ConnectorCapabilities Capabilities => WordPressConnector.SupportedCapabilities;

    public IConnector Create(ChannelConnection connection) => CreateWordPress(connection);

    public WordPressConnector CreateWordPress(ChannelConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.BaseUrl is null || !connection.BaseUrl.IsAbsoluteUri
            || (connection.BaseUrl.Scheme != Uri.UriSchemeHttp && connection.BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("BaseUrl: the WordPress site URL (http or https) is required.", nameof(connection));
        }

        var credentials = CredentialsJson.Read<WordPressCredentials>(connection.CredentialsJson, "WordPress",
            (c => c.UserName, "userName"), (c => c.ApplicationPassword, "applicationPassword"));
        var client = new WordPressClient(http, time, options, connection.BaseUrl, credentials);
        return new WordPressConnector(client, guard, options, time);
    }
}
