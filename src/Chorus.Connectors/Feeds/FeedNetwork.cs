using Chorus.Connectors.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chorus.Connectors.Feeds;

/// <summary>Feeds (RSS, Atom, JSON Feed): a public address, read only, nothing to log in with.</summary>
public sealed class FeedNetwork(FeedConnectorFactory factory) : NetworkDescriptor, INetworkSetup
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddNetworkOptions<FeedOptions>("Connectors:Feeds");
        services.AddGuardedHttpClient(FeedConnectorFactory.HttpClientName);
        services.AddSingleton(sp => new FeedConnectorFactory(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(FeedConnectorFactory.HttpClientName), sp.GetRequiredService<SsrfGuard>(),
            sp.GetRequiredService<FeedOptions>(), sp.GetRequiredService<TimeProvider>()));
    }

    public override string Id => FeedConnector.NetworkId;

    public override string DisplayName => "Feed";

    public override string ConnectLabel => "Feed (RSS, Atom, JSON Feed)";

    public override ConnectMethod ConnectMethod => ConnectMethod.UrlOnly;

    public override IReadOnlyList<ConnectField> Fields { get; } =
    [
        new("url", "Feed address (RSS, Atom or JSON Feed)", FieldInput.Url),
    ];

    public override IConnectorFactory Connectors => factory;

    public override NetworkLimits Limits => NetworkLimits.None;

    public override string Icon => "rss";

    public override NetworkConnection Connection(ConnectForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new(form.Url("url"), CredentialsJson: null);
    }

    public override string AccountOf(ConnectedAccount who, ConnectForm form, NetworkConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.BaseUrl!.AbsoluteUri;
    }
}
