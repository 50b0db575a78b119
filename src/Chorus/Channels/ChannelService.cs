using Chorus.Connectors.Abstractions;
using Chorus.Platform.Audit;
using Chorus.Workspaces;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Chorus.Channels;

/// <summary>
/// The channels a workspace has: list, find, rename, disconnect. Connecting is <see cref="ChannelConnections"/>,
/// testing <see cref="ChannelHealth"/>. The API, the pages and the CLI all go through these, so a rule holds
/// everywhere or nowhere.
/// </summary>
public sealed partial class ChannelService(
    NpgsqlDataSource dataSource,
    NetworkCatalog networks,
    ChannelConnectors connectors,
    AuditLog audit,
    ILogger<ChannelService> logger)
{
    /// <summary>The longest name of a channel (the database checks it too).</summary>
    public const int NameMaxLength = 200;

    public async Task<Page<Channel>> ListAsync(WorkspaceContext context, string? cursor, int? limit, CancellationToken cancellationToken = default)
    {
        var take = Cursor.Limit(limit);
        var after = Cursor.Decode(cursor) is { } key
            ? Guid.TryParse(key, out var id) ? id : throw Cursor.NotOurs()
            : Guid.Empty;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await ChannelRows.QueryAsync(connection,
            $"select {ChannelRows.Columns} from channels where workspace_id = @workspaceId and id > @after order by id limit @take",
            new { workspaceId = context.WorkspaceId, after, take = take + 1 }, cancellationToken)).ToList();
        return Cursor.PageOf(rows, take, c => c.Id.ToString());
    }

    public async Task<Channel?> FindAsync(WorkspaceContext context, Guid channelId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await ChannelRows.QueryAsync(connection, $"select {ChannelRows.Columns} from channels where id = @channelId and workspace_id = @workspaceId",
            new { channelId, workspaceId = context.WorkspaceId }, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The workspace's broken channels, for the banner every member sees.</summary>
    public async Task<IReadOnlyList<Channel>> BrokenAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await ChannelRows.QueryAsync(connection, $"select {ChannelRows.Columns} from channels where workspace_id = @workspaceId and status = 'broken' order by id",
            new { workspaceId }, cancellationToken)).ToList();
    }

    public async Task<Channel?> RenameAsync(WorkspaceContext context, Guid channelId, string? name, CancellationToken cancellationToken = default)
    {
        var newName = Input.Required("name", name, NameMaxLength);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var previous = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select name from channels where id = @channelId and workspace_id = @workspaceId for update",
            new { channelId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (previous is null) return null;
        // The same name again changes nothing, and the audit log records changes only.
        if (previous == newName) return await FindAsync(context, channelId, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("update channels set name = @newName where id = @channelId",
            new { channelId, newName }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "channel.renamed", "channel",
            channelId.ToString(), new { from = previous, to = newName }, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, channelId, cancellationToken);
    }

    /// <summary>Removes the channel; a grant the network can revoke (an OAuth token) is revoked first. If the network
    /// cannot be reached the channel is still removed, and the audit entry says the token may still be live.</summary>
    public async Task<bool> DisconnectAsync(WorkspaceContext context, Guid channelId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Network, string Account, string? BaseUrl, string? Credentials)>(new CommandDefinition(
            "select network, account, base_url, credentials from channels where id = @channelId and workspace_id = @workspaceId",
            new { channelId, workspaceId = context.WorkspaceId }, cancellationToken: cancellationToken));
        if (row.Network is null) return false;
        string? revoked = null;
        if (networks.Find(row.Network) is { } network && row.Credentials is not null
            && await network.RevokeAsync(row.BaseUrl is null ? null : new Uri(row.BaseUrl), connectors.Unseal(row.Credentials), cancellationToken) is { } result)
        {
            revoked = result.Succeeded ? "revoked" : $"not revoked: {result.Reason}";
            if (!result.Succeeded) LogRevokeFailed(logger, channelId, result.Reason);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition("delete from channels where id = @channelId and workspace_id = @workspaceId",
            new { channelId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (deleted == 0) return false;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "channel.disconnected", "channel",
            channelId.ToString(), new { network = row.Network, account = row.Account, token = revoked }, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token of channel {ChannelId} could not be revoked: {Reason}")]
    private static partial void LogRevokeFailed(ILogger logger, Guid channelId, string? reason);
}
