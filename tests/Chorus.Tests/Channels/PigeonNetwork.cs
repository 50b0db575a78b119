using System.Text.Json;
using Chorus.Connectors.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chorus.Tests.Channels;

/// <summary>
/// A network that exists only in these tests: an account is a pigeon loft, which accepts one ring code. It is written
/// as a real network would be (descriptor, connector factory, connector) and added with one registration line, to show
/// that the app needs no other change for a new network.
/// </summary>
public sealed class PigeonNetwork(PigeonNetwork.ConnectorFactory factory) : NetworkDescriptor, INetworkSetup
{
    public const string KnownRing = "ring-0042";

    public static void AddServices(IServiceCollection services, IConfiguration configuration) => services.AddSingleton<ConnectorFactory>();

    public override string Id => "pigeon";

    public override string DisplayName => "Pigeon";

    public override string ConnectLabel => "Pigeon loft";

    public override ConnectMethod ConnectMethod => ConnectMethod.AppPassword;

    public override IReadOnlyList<ConnectField> Fields { get; } =
    [
        new("loft", "Loft name", Autocomplete: "username", MaxLength: 40),
        new("ringCode", "Ring code", FieldInput.Password, "off"),
    ];

    public override IConnectorFactory Connectors => factory;

    public override NetworkLimits Limits { get; } = new(new TextLimit(140, TextCounting.Characters), TitleRequired: false, Media: null);

    public override string Icon => "pigeon";

    public override NetworkConnection Connection(ConnectForm form) =>
        new(null, JsonSerializer.Serialize(new Credentials(form.Required("loft"), form.Required("ringCode")), JsonSerializerOptions.Web));

    public override string FieldOf(ConnectorResult failure) => failure.IsAuthFailure ? "ringCode" : "loft";

    public sealed record Credentials(string Loft, string RingCode);

    public sealed class ConnectorFactory : IConnectorFactory
    {
        public string Network => "pigeon";

        public ConnectorCapabilities Capabilities => ConnectorCapabilities.PublishText | ConnectorCapabilities.ReadReplies;

        public IConnector Create(ChannelConnection connection) =>
            new Connector(JsonSerializer.Deserialize<Credentials>(connection.CredentialsJson, JsonSerializerOptions.Web)
                ?? throw new ArgumentException("Pigeon credentials: empty.", nameof(connection)));
    }

    private sealed class Connector(Credentials credentials) : IConnector
    {
        public string Network => "pigeon";

        public ConnectorCapabilities Capabilities => ConnectorCapabilities.PublishText | ConnectorCapabilities.ReadReplies;

        public Task<ConnectorResult<ConnectedAccount>> TestAsync(CancellationToken cancellationToken) => Task.FromResult(
            credentials.RingCode == KnownRing
                ? ConnectorResult.Ok(new ConnectedAccount($"pigeon:{credentials.Loft}", $"Loft {credentials.Loft}", $"{credentials.Loft}@pigeon", null))
                : ConnectorResult.Permanent("The loft does not know this ring code.", isAuthFailure: true).As<ConnectedAccount>());
    }
}
