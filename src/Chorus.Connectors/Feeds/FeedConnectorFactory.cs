using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Feeds;

/// <summary>Builds <see cref="FeedConnector"/>s: the channel's BaseUrl is the feed URL and a feed needs no credentials.
/// <paramref name="http"/> must use a handler from <see cref="SsrfGuard.CreateHandler"/>.</summary>
public sealed class FeedConnectorFactory(HttpClient http, SsrfGuard guard, FeedOptions options, TimeProvider time) : IConnectorFactory
{
    /// <summary>Name of the HttpClient the app registers for feeds.</summary>
    public const string HttpClientName = "Chorus.Connectors.Feeds";

    public string Network => FeedConnector.NetworkId;

    public ConnectorCapabilities Capabilities => ConnectorCapabilities.FetchFeed;

    public IConnector Create(ChannelConnection connection) => CreateFeed(connection);

    public FeedConnector CreateFeed(ChannelConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.BaseUrl is null || !connection.BaseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("BaseUrl: a feed channel needs the feed's URL.", nameof(connection));
        }

        return new FeedConnector(new FeedClient(http, time, options), guard, connection.BaseUrl, time);
    }
}
