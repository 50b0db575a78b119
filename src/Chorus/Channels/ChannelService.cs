using System.Text.Json;
using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Mastodon;
using Chorus.Workspaces;
using Chorus.Platform.Audit;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chorus.Channels;

/// <summary>
/// The channels of a workspace: connect, list, rename, test, disconnect. The API, the pages and the CLI all go through
/// these methods, so a rule holds everywhere or nowhere.
/// </summary>
public sealed partial class ChannelService(
    NpgsqlDataSource dataSource,
    ChannelConnectors connectors,
    SsrfGuard guard,
    MastodonConnectorFactory mastodon,
    ChannelHealthSchedule schedule,
    WorkspaceAccess access,
    AuditLog audit,
    IOptions<ChannelOptions> options,
    TimeProvider clock,
    ILogger<ChannelService> logger)
{
    internal const string Columns =
        "id, workspace_id, network, name, account, base_url, status, status_reason, checked_at, created_at";

    public async Task<Page<Channel>> ListAsync(WorkspaceContext context, string? cursor, int? limit, CancellationToken cancellationToken = default)
    {
        var take = Cursor.Limit(limit);
        var after = Cursor.Decode(cursor) is { } key
            ? Guid.TryParse(key, out var id) ? id : throw new InputException("cursor", "The cursor is not one this server gave out; start again without it.")
            : Guid.Empty;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await QueryAsync(connection, $"select {Columns} from channels where workspace_id = @workspaceId and id > @after order by id limit @take",
            new { workspaceId = context.WorkspaceId, after, take = take + 1 }, cancellationToken)).ToList();
        return Cursor.PageOf(rows, take, c => c.Id.ToString());
    }

    public async Task<Channel?> FindAsync(WorkspaceContext context, Guid channelId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await QueryAsync(connection, $"select {Columns} from channels where id = @channelId and workspace_id = @workspaceId",
            new { channelId, workspaceId = context.WorkspaceId }, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The workspace's broken channels, for the banner every member sees.</summary>
    public async Task<IReadOnlyList<Channel>> BrokenAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await QueryAsync(connection, $"select {Columns} from channels where workspace_id = @workspaceId and status = 'broken' order by id",
            new { workspaceId }, cancellationToken)).ToList();
    }

    public async Task<Channel?> RenameAsync(WorkspaceContext context, Guid channelId, string? name, CancellationToken cancellationToken = default)
    {
        var newName = Input.Required("name", name, 200);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var previous = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select name from channels where id = @channelId and workspace_id = @workspaceId for update",
            new { channelId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (previous is null) return null;
        await connection.ExecuteAsync(new CommandDefinition("update channels set name = @newName where id = @channelId",
            new { channelId, newName }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "channel.renamed", "channel",
            channelId.ToString(), new { from = previous, to = newName });
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, channelId, cancellationToken);
    }

    /// <summary>Removes the channel; a Mastodon token is revoked on the instance first (if the instance cannot be
    /// reached the channel is still removed, and the audit entry says the token may still be live).</summary>
    public async Task<bool> DisconnectAsync(WorkspaceContext context, Guid channelId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Network, string Account, string? BaseUrl, string? Credentials)>(new CommandDefinition(
            "select network, account, base_url, credentials from channels where id = @channelId and workspace_id = @workspaceId",
            new { channelId, workspaceId = context.WorkspaceId }, cancellationToken: cancellationToken));
        if (row.Network is null) return false;
        string? revoked = null;
        if (row.Network == ChannelNetworks.Mastodon && row.Credentials is not null && row.BaseUrl is not null)
        {
            var result = await mastodon.CreateAuthorization(guard).RevokeAsync(new Uri(row.BaseUrl), MastodonCredentials.FromJson(connectors.Unseal(row.Credentials)), cancellationToken);
            revoked = result.Succeeded ? "revoked" : $"not revoked: {result.Reason}";
            if (!result.Succeeded) LogRevokeFailed(logger, channelId, result.Reason);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition("delete from channels where id = @channelId and workspace_id = @workspaceId",
            new { channelId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (deleted == 0) return false;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "channel.disconnected", "channel",
            channelId.ToString(), new { network = row.Network, account = row.Account, token = revoked });
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Tests a channel of the workspace now (the "Test" button); null when it is not one of the workspace's.</summary>
    public async Task<ChannelCheck?> TestAsync(WorkspaceContext context, Guid channelId, CancellationToken cancellationToken = default) =>
        await FindAsync(context, channelId, cancellationToken) is null ? null : await CheckAsync(channelId, cancellationToken);

    /// <summary>
    /// Asks the channel's network whether its credentials still work and records the answer: refused credentials
    /// break the channel at once, other failures after <see cref="ChannelOptions.FailuresBeforeBroken"/> in a row; a
    /// success heals it. Becoming broken writes a "channel.broken" audit entry, which is how admins are told.
    /// </summary>
    public async Task<ChannelCheck?> CheckAsync(Guid channelId, CancellationToken cancellationToken = default)
    {
        ConnectorResult result;
        try
        {
            var connector = await connectors.OpenAsync(channelId, cancellationToken);
            if (connector is null) return null;
            result = await connector.TestAsync(cancellationToken);
        }
        catch (ArgumentException unusable)
        {
            // Stored credentials the connector cannot use: only reconnecting helps.
            result = ConnectorResult.Permanent(unusable.Message, isAuthFailure: true);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await connection.QuerySingleOrDefaultAsync<(Guid WorkspaceId, string Status, int Failures, string Name)>(new CommandDefinition(
            "select workspace_id, status, consecutive_failures as failures, name from channels where id = @channelId for update",
            new { channelId }, transaction, cancellationToken: cancellationToken));
        if (current.WorkspaceId == Guid.Empty) return null;
        var now = clock.GetUtcNow();
        if (result.Succeeded)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update channels set status = 'healthy', status_reason = null, consecutive_failures = 0, checked_at = @now where id = @channelId",
                new { channelId, now }, transaction, cancellationToken: cancellationToken));
        }
        else
        {
            var failures = current.Failures + 1;
            var broken = current.Status == Channel.Broken || result.IsAuthFailure || failures >= options.Value.FailuresBeforeBroken;
            var reason = result.Reason ?? "The network refused without saying why.";
            await connection.ExecuteAsync(new CommandDefinition("""
                update channels set status = @status, status_reason = @reason, consecutive_failures = @failures, checked_at = @now
                where id = @channelId
                """, new { channelId, now, failures, reason, status = broken ? Channel.Broken : Channel.Healthy }, transaction, cancellationToken: cancellationToken));
            if (broken && current.Status != Channel.Broken)
            {
                var organizationId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
                    "select organization_id from workspaces where id = @id", new { id = current.WorkspaceId }, transaction, cancellationToken: cancellationToken));
                await audit.WriteAsync(connection, transaction, null, organizationId, current.WorkspaceId, "channel.broken", "channel", channelId.ToString(),
                    new { name = current.Name, reason, authFailure = result.IsAuthFailure, failures });
                LogBroken(logger, channelId, reason);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        var channel = (await QueryAsync(connection, $"select {Columns} from channels where id = @channelId", new { channelId }, cancellationToken)).Single();
        return new ChannelCheck(result.Succeeded, result.Succeeded ? null : result.Reason, channel);
    }

    internal static async Task<IEnumerable<Channel>> QueryAsync(NpgsqlConnection connection, string sql, object parameters, CancellationToken cancellationToken,
        NpgsqlTransaction? transaction = null)
    {
        var rows = await connection.QueryAsync<(Guid Id, Guid WorkspaceId, string Network, string Name, string Account, string? BaseUrl, string Status,
            string? StatusReason, DateTime? CheckedAt, DateTime CreatedAt)>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        return rows.Select(r => new Channel(r.Id, r.WorkspaceId, r.Network, r.Name, r.Account, r.BaseUrl, r.Status, r.StatusReason,
            r.CheckedAt is { } checkedAt ? new DateTimeOffset(DateTime.SpecifyKind(checkedAt, DateTimeKind.Utc)) : null,
            new DateTimeOffset(DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc))));
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {ChannelId} is now broken: {Reason}")]
    private static partial void LogBroken(ILogger logger, Guid channelId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Mastodon token of channel {ChannelId} could not be revoked: {Reason}")]
    private static partial void LogRevokeFailed(ILogger logger, Guid channelId, string? reason);
}
