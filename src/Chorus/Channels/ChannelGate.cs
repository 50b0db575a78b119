using Chorus.Connectors.Abstractions;
using Chorus.Data.Jobs;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chorus.Channels;

/// <summary>
/// The first thing a job handler that acts through a channel (publish, read the inbox, poll a feed) asks. Work for a
/// broken channel is postponed, never failed: failing would use up the job's attempts and drop the work into the dead
/// list while the only cure is a person reconnecting the channel. Work for a channel that has spent its request budget
/// (<see cref="RateBudget"/>: a token bucket per channel, and a pause until the time a network gave when it
/// rate-limited us) is postponed until the budget allows it, so one busy channel cannot exhaust a network's limits and
/// nothing is sent while the network asked us to wait. Usage:
/// <code>if (await gate.HoldAsync(channelId, ct) is { } postponed) return postponed;
/// var result = await connector.PublishAsync(...);
/// if (result.Outcome == ConnectorOutcome.RateLimited) return gate.RateLimited(channelId, result);</code>
/// </summary>
public sealed class ChannelGate(NpgsqlDataSource dataSource, RateBudget budget, IOptions<ChannelOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Null when the channel may be used now. For a broken channel, a <see cref="JobOutcome.RetryAt"/> after
    /// <see cref="ChannelOptions.BrokenChannelRetryDelay"/> (which does not use up an attempt); for a channel that was
    /// disconnected, <see cref="JobOutcome.Dead"/>, so a person sees the work that could not be done.
    /// </summary>
    public async Task<JobOutcome?> HoldAsync(Guid channelId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Name, string Status, string? StatusReason)>(new CommandDefinition(
            "select name, status, status_reason from channels where id = @channelId", new { channelId }, cancellationToken: cancellationToken));
        if (row.Name is null) return JobOutcome.Dead($"Channel {channelId} was disconnected; this work cannot be done through it.");
        if (row.Status == Channel.Broken)
        {
            return JobOutcome.RetryAt(clock.GetUtcNow() + options.Value.BrokenChannelRetryDelay,
                $"Channel '{row.Name}' is broken ({row.StatusReason}); waiting for it to be reconnected.");
        }
        var decision = budget.TryAcquire(BudgetKey(channelId));
        return decision.Granted ? null : JobOutcome.RetryAt(decision.RetryAt ?? clock.GetUtcNow(),
            $"Channel '{row.Name}' is waiting for its request budget (the network's rate limits).");
    }

    /// <summary>
    /// After a call the network answered with <see cref="ConnectorOutcome.RateLimited"/>: the channel is paused until the
    /// time the network gave (a minute when it gave none), and the job is postponed to then without using an attempt.
    /// </summary>
    public JobOutcome RateLimited(Guid channelId, ConnectorResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var until = result.RetryAt ?? clock.GetUtcNow().AddMinutes(1);
        budget.PauseUntil(BudgetKey(channelId), until);
        return JobOutcome.RetryAt(until, result.Reason ?? "The network asked us to slow down.");
    }

    private static string BudgetKey(Guid channelId) => channelId.ToString("N");
}
