using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Feeds;

/// <summary>Per-feed polling state the app stores between polls.</summary>
/// <param name="Validators">ETag / Last-Modified from the last successful fetch, for conditional GET.</param>
/// <param name="ConsecutiveFailures">Failed polls in a row; 0 after any success (including 304).</param>
/// <param name="NextPollAt">Do not poll before this time; null means at once.</param>
/// <param name="LastError">Why the last poll failed, for the person who added the feed.</param>
public sealed record FeedPollState(FeedState? Validators, int ConsecutiveFailures, DateTimeOffset? NextPollAt, string? LastError)
{
    public static FeedPollState New { get; } = new(null, 0, null, null);
}

/// <summary>
/// Decides when each feed is polled next: the normal interval after a success, exponential backoff
/// after consecutive failures (first retry delay × 2^(failures−1), capped), and never earlier than a
/// server's Retry-After.
/// </summary>
public sealed class FeedPollSchedule(FeedOptions options, TimeProvider time)
{
    public bool IsDue(FeedPollState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.NextPollAt is null || state.NextPollAt <= time.GetUtcNow();
    }

    /// <summary>The state after a poll that ended with <paramref name="result"/>.</summary>
    public FeedPollState After(FeedPollState previous, ConnectorResult<FeedDownload> result)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(result);
        var now = time.GetUtcNow();
        if (result.Succeeded)
        {
            return new FeedPollState(result.Value!.State, 0, now + options.PollInterval, null);
        }

        var failures = previous.ConsecutiveFailures + 1;
        var next = now + Backoff(failures);
        if (result.RetryAt is { } retryAt && retryAt > next)
        {
            next = retryAt;
        }

        return new FeedPollState(previous.Validators, failures, next, result.Reason);
    }

    /// <summary>Wait after the given number of consecutive failures.</summary>
    public TimeSpan Backoff(int consecutiveFailures)
    {
        if (consecutiveFailures <= 0)
        {
            return options.PollInterval;
        }

        // 2^30 already exceeds any sane cap; clamp the exponent so the multiplication cannot overflow.
        var factor = Math.Pow(2, Math.Min(consecutiveFailures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.FirstRetryDelay.Ticks * factor, options.MaxBackoff.Ticks));
        return delay;
    }
}
