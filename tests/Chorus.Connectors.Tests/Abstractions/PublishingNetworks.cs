using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Bluesky;
using Chorus.Connectors.Mastodon;
using Chorus.Connectors.WordPress;

namespace Chorus.Connectors.Tests.Abstractions;

/// <summary>The descriptors of the networks Chorus publishes to, built as the app builds them (no request is sent).</summary>
internal static class PublishingNetworks
{
    private static readonly SsrfGuard Guard = new(new SsrfGuardOptions());

    public static BlueskyNetwork Bluesky { get; } = new(new BlueskyConnectorFactory(new NoClients(), TimeProvider.System, new BlueskyOptions()));

    public static MastodonNetwork Mastodon { get; } = new(new MastodonConnectorFactory(new NoClients(), TimeProvider.System, new MastodonOptions()), Guard);

    public static WordPressNetwork WordPress { get; } = new(new WordPressConnectorFactory(new HttpClient(), Guard, new WordPressOptions(), TimeProvider.System));

    private sealed class NoClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new InvalidOperationException("The rules send no request.");
    }
}
