namespace Chorus.Connectors.Abstractions;

/// <summary>Everything a connector needs to act for one channel.</summary>
/// <param name="ChannelId">The app's id for the channel (keys the rate budget, appears in logs).</param>
/// <param name="BaseUrl">Instance/site/server URL for networks that have several (validated by <see cref="SsrfGuard"/>).</param>
/// <param name="CredentialsJson">The connector's credentials record as JSON (the app keeps it encrypted at rest).</param>
/// <param name="PersistCredentials">Called with the new credentials JSON after a token refresh, so the next
/// connector created for the channel starts from them. Null when the app does not persist (tests, one-off checks).</param>
public sealed record ChannelConnection(
    string ChannelId,
    Uri? BaseUrl,
    string CredentialsJson,
    Func<string, CancellationToken, Task>? PersistCredentials = null);

/// <summary>Creates connectors for one network; registered once per network in the app.</summary>
public interface IConnectorFactory
{
    string Network { get; }

    ConnectorCapabilities Capabilities { get; }

    /// <summary>Builds a connector for a channel. Throws <see cref="ArgumentException"/> naming the field when the
    /// connection is unusable (credentials JSON missing a field, URL refused).</summary>
    IConnector Create(ChannelConnection connection);
}
