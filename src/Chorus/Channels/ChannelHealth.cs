using System.Globalization;
using Chorus.Data.Jobs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chorus.Channels;

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
public sealed class ChannelHealthJob(ChannelService channels, ChannelHealthSchedule schedule, NpgsqlDataSource dataSource) : IJobHandler
{
    public async Task<JobOutcome> HandleAsync(Job job, CancellationToken cancellationToken)
    {
        var channelId = job.PayloadAs<ChannelHealthSchedule.Payload>().ChannelId;
        var check = await channels.CheckAsync(channelId, cancellationToken);
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
public sealed class ChannelHealthSeeder(NpgsqlDataSource dataSource, ChannelHealthSchedule schedule) : Microsoft.Extensions.Hosting.IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var channels = await Dapper.SqlMapper.QueryAsync<(Guid Id, Guid WorkspaceId)>(connection,
            new Dapper.CommandDefinition("select id, workspace_id from channels", cancellationToken: cancellationToken));
        foreach (var (id, workspaceId) in channels)
        {
            await schedule.EnqueueNextAsync(connection, null, id, workspaceId, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
