using Chorus.Connectors.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chorus.Connectors.WordPress;

/// <summary>WordPress: a site connected with a user name and an application password (WordPress 5.6 and later).</summary>
public sealed class WordPressNetwork(WordPressConnectorFactory factory) : NetworkDescriptor, INetworkSetup
{
    /// <summary>Name of the HttpClient WordPress connectors share.</summary>
    public const string HttpClientName = "Chorus.Connectors.WordPress";

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddNetworkOptions<WordPressOptions>("Connectors:WordPress");
        services.AddGuardedHttpClient(HttpClientName);
        services.AddSingleton(sp => new WordPressConnectorFactory(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), sp.GetRequiredService<SsrfGuard>(),
            sp.GetRequiredService<WordPressOptions>(), sp.GetRequiredService<TimeProvider>()));
    }

    public override string Id => WordPressConnector.NetworkId;

    public override string DisplayName => "WordPress";

    public override string ConnectLabel => "WordPress site";

    public override ConnectMethod ConnectMethod => ConnectMethod.AppPassword;

    public override IReadOnlyList<ConnectField> Fields { get; } =
    [
        new("url", "Site address", FieldInput.Url),
        new("username", "User name", Autocomplete: "username"),
        new("password", "Application password (Users → Profile → Application Passwords)", FieldInput.Password, "off"),
    ];

    public override IConnectorFactory Connectors => factory;

    /// <summary>No length limit; a post needs a title; one image, the featured image, whose size the site decides.</summary>
    public override NetworkLimits Limits { get; } = new(
        Text: null,
        TitleRequired: true,
        new MediaLimit(1, [.. MediaLimit.Sized(maxBytes: null, "image/jpeg", "image/png", "image/gif", "image/webp")]));

    public override string Icon => "wordpress";

    public override NetworkConnection Connection(ConnectForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new(form.Url("url"), CredentialsJson.Write(new WordPressCredentials(form.Required("username"), form.Required("password"))));
    }

    public override string AccountOf(ConnectedAccount who, ConnectForm form, NetworkConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.BaseUrl!.AbsoluteUri;
    }

    public override string FieldOf(ConnectorResult failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.IsAuthFailure ? "password" : "url";
    }
}
