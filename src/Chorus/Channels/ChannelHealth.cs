using System.Globalization;
using Chorus.Connectors.Abstractions;
using Chorus.Data.Jobs;
using Chorus.Notifications;
using Chorus.Platform.Audit;
using Chorus.Workspaces;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chorus.Channels;

/// <summary>Whether a channel still works: tested by a person (the "Test" button) or by the health job.</summary>
public sealed partial class ChannelHealth(
    NpgsqlDataSource dataSource,
    ChannelConnectors connectors,
    AuditLog audit,
    NotificationService notifications,
    IOptions<ChannelOptions> options,
    TimeProvider clock,
    ILogger<ChannelHealth> logger)
{
    /// <summary>Tests a channel of the workspace now; null when it is not one of the workspace's.</summary>
    public async Task<ChannelCheck?> TestAsync(WorkspaceContext context, Guid channelId, CancellationToken cancellationToken = default)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            var isOurs = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select 1 from channels where id = @channelId and workspace_id = @workspaceId)",
                new { channelId, workspaceId = context.WorkspaceId }, cancellationToken: cancellationToken));
            if (!isOurs) return null;
        }
        return await CheckAsync(channelId, cancellationToken);
    }

    /// <summary>
    /// Asks the channel's network whether its credentials still work and records the answer: refused credentials
    /// break the channel at once, other failures after <see cref="ChannelOptions.FailuresBeforeBroken"/> in a row; a
    /// success heals it. Becoming broken writes a "channel.broken" audit entry and notifies the workspace's owners and
    /// admins, in the same transaction.
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
                    new { name = current.Name, reason, authFailure = result.IsAuthFailure, failures }, cancellationToken: cancellationToken);
                await notifications.NotifyAsync(connection, transaction, current.WorkspaceId,
                    NotificationRecipients.WithRoles(WorkspaceRole.Owner, WorkspaceRole.Admin), NotificationKindIds.ChannelBroken,
                    new Dictionary<string, string> { ["channel"] = current.Name, ["reason"] = reason },
                    $"/w/{current.WorkspaceId}/channels", cancellationToken);
                LogBroken(logger, channelId, reason);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        var channel = await ChannelRows.OneAsync(connection, channelId, cancellationToken);
        return new ChannelCheck(result.Succeeded, result.Succeeded ? null : result.Reason, channel);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {ChannelId} is now broken: {Reason}")]
    private static partial void LogBroken(ILogger logger, Guid channelId, string reason);
}

/// <summary>
/// When each channel is tested next. Time is cut into slots of <see cref="ChannelOptions.HealthCheckInterval"/>; the
/// check of a channel in a slot has the idempotency key (channel, slot), so a check that runs twice (at least once)
/// still schedules a single next one.
/// </summary>
public sealed class ChannelHealthSchedule(JobQueue queue, IOptions<ChannelOptions> options, TimeProvider clock)
{
    public const string JobKind = "channels.health";

    public sealed record Payload(Guid ChannelId);

    public async Task EnqueueNextAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid channelId, Guid workspaceId,
        CancellationToken cancellationToken)
    {
        var interval = options.Value.HealthCheckInterval.Ticks;
        var slot = (clock.GetUtcNow().UtcTicks / interval) + 1;
        var dueAt = new DateTimeOffset(slot * interval, TimeSpan.Zero);
        await queue.EnqueueAsync(connection, transaction, JobKind, new Payload(channelId), dueAt,
            $"{channelId}:{slot.ToString(CultureInfo.InvariantCulture)}", workspaceId, cancellationToken: cancellationToken);
    }
}

/// <summary>The "channels.health" job: tests one channel, then schedules its next test. A disconnected channel's
/// chain simply ends.</summary>
public sealed class ChannelHealthJob(ChannelHealth health, ChannelHealthSchedule schedule, NpgsqlDataSource dataSource) : IJobHandler
{
    public async Task<JobOutcome> HandleAsync(Job job, CancellationToken cancellationToken)
    {
        var channelId = job.PayloadAs<ChannelHealthSchedule.Payload>().ChannelId;
        var check = await health.CheckAsync(channelId, cancellationToken);
        if (check is null) return JobOutcome.Succeeded;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await schedule.EnqueueNextAsync(connection, null, channelId, check.Channel.WorkspaceId, cancellationToken);
        return JobOutcome.Succeeded;
    }
}

/// <summary>
/// Restarts the health-check chain of every channel when the app starts: a chain ends if its job died (the database
/// was down through all its attempts, say). The keys are per channel and slot, so a channel whose next check is already
/// queued gets nothing new.
/// </summary>
public sealed class ChannelHealthSeeder(NpgsqlDataSource dataSource, ChannelHealthSchedule schedule, IOptions<JobOptions> jobs)
    : Microsoft.Extensions.Hosting.IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A node that runs no jobs (Jobs:Enabled false, as every command) leaves the schedule to the nodes that do.
        if (!jobs.Value.Enabled) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var channels = await connection.QueryAsync<(Guid Id, Guid WorkspaceId)>(
            new CommandDefinition("select id, workspace_id from channels", cancellationToken: cancellationToken));
        foreach (var (id, workspaceId) in channels)
        {
            await schedule.EnqueueNextAsync(connection, null, id, workspaceId, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
