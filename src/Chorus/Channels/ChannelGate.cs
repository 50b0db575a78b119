using Chorus.Data.Jobs;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chorus.Channels;

/// <summary>
/// The first thing a job handler that acts through a channel (publish, read the inbox, poll a feed) asks. Work for a
/// broken channel is postponed, never failed: failing would use up the job's attempts and drop the work into the dead
/// list while the only cure is a person reconnecting the channel. Usage:
/// <code>if (await gate.HoldAsync(channelId, ct) is { } postponed) return postponed;</code>
/// </summary>
public sealed class ChannelGate(NpgsqlDataSource dataSource, IOptions<ChannelOptions> options, TimeProvider clock)
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
        if (row.Status != Channel.Broken) return null;
        return JobOutcome.RetryAt(clock.GetUtcNow() + options.Value.BrokenChannelRetryDelay,
            $"Channel '{row.Name}' is broken ({row.StatusReason}); waiting for it to be reconnected.");
    }
}
