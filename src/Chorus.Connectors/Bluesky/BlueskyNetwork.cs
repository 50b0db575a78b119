using Chorus.Connectors.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chorus.Connectors.Bluesky;

/// <summary>Bluesky: an account connected with its handle and an app password, on bsky.social or its own server.</summary>
public sealed class BlueskyNetwork(BlueskyConnectorFactory factory) : NetworkDescriptor, INetworkSetup
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddNetworkOptions<BlueskyOptions>(BlueskyOptions.SectionName);
        // A channel may name its own server, so its connections go through the guard too.
        services.AddGuardedHttpClient(BlueskyOptions.HttpClientName);
        services.AddSingleton<BlueskyConnectorFactory>();
    }

    public override string Id => BlueskyConnector.NetworkId;

    public override string DisplayName => "Bluesky";

    public override string ConnectLabel => "Bluesky account";

    public override ConnectMethod ConnectMethod => ConnectMethod.AppPassword;

    public override IReadOnlyList<ConnectField> Fields { get; } =
    [
        new("handle", "Handle (e.g. brand.bsky.social)", Autocomplete: "username", MaxLength: 300),
        new("appPassword", "App password (Bluesky settings → Privacy and security → App passwords)", FieldInput.Password, "off"),
        new("url", "Server (optional: https://bsky.social by default)", FieldInput.Url, Required: false),
    ];

    public override IConnectorFactory Connectors => factory;

    /// <summary>As the app.bsky.feed.post lexicon says: text of at most 300 graphemes and 3000 UTF-8 bytes, links counted
    /// as written; up to 4 images (app.bsky.embed.images) of at most 1,000,000 bytes each; no free-text content warning.</summary>
    public override NetworkLimits Limits { get; } = new(
        new TextLimit(BlueskyConnector.MaxGraphemes, TextCounting.Graphemes) { MaxUtf8Bytes = BlueskyConnector.MaxTextBytes },
        TitleRequired: false,
        new MediaLimit(BlueskyConnector.MaxImages, [.. MediaLimit.Sized(BlueskyConnector.MaxImageBytes, BlueskyConnector.ImageTypes)]));

    public override string Icon => "bluesky";

    public override NetworkConnection Connection(ConnectForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new(form.Url("url"), new BlueskyCredentials(form.Required("handle").TrimStart('@'), form.Required("appPassword")).ToJson());
    }

    public override string AccountOf(ConnectedAccount who, ConnectForm form, NetworkConnection connection)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(form);
        return who.Handle ?? form.Required("handle");
    }

    public override string FieldOf(ConnectorResult failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.IsAuthFailure ? "appPassword" : failure.Outcome == ConnectorOutcome.Permanent ? "handle" : "url";
    }
}
