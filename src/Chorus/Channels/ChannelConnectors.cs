using Chorus.Connectors.Abstractions;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Chorus.Channels;

/// <summary>
/// Turns a stored channel into a working connector: decrypts its credentials and hands the connector a callback that
/// encrypts and stores refreshed tokens. Credentials are encrypted with Data Protection (keys in PostgreSQL), so the
/// table alone never reveals a password or token.
/// </summary>
public sealed class ChannelConnectors(NetworkCatalog networks, IDataProtectionProvider protection, NpgsqlDataSource dataSource)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Chorus.Channels.Credentials");

    public string Seal(string secret) => _protector.Protect(secret);

    public string Unseal(string sealedSecret) => _protector.Unprotect(sealedSecret);

    public IConnector Create(string network, ChannelConnection connection) =>
        networks.Find(network) is { } descriptor
            ? descriptor.Connectors.Create(connection)
            : throw new InvalidOperationException($"No connector is registered for the network '{network}'.");

    /// <summary>The connector of a stored channel, or null when the channel does not exist (any more).</summary>
    public async Task<IConnector?> OpenAsync(Guid channelId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Network, string? BaseUrl, string? Credentials)>(new CommandDefinition(
            "select network, base_url, credentials from channels where id = @channelId", new { channelId }, cancellationToken: cancellationToken));
        if (row.Network is null) return null;
        var credentials = row.Credentials is null ? "{}" : Unseal(row.Credentials);
        return Create(row.Network, new ChannelConnection(
            channelId.ToString(),
            row.BaseUrl is null ? null : new Uri(row.BaseUrl),
            credentials,
            (refreshed, ct) => StoreCredentialsAsync(channelId, refreshed, ct)));
    }

    private async Task StoreCredentialsAsync(Guid channelId, string credentialsJson, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("update channels set credentials = @credentials where id = @channelId",
            new { channelId, credentials = Seal(credentialsJson) }, cancellationToken: cancellationToken));
    }
}
