using System.Collections.Concurrent;

namespace Chorus.Connectors.Abstractions;

/// <summary>Size of a channel's token bucket: <see cref="Capacity"/> calls at once, refilled by
/// <see cref="RefillTokens"/> every <see cref="RefillPeriod"/>.</summary>
public sealed record RateBudgetOptions(int Capacity, int RefillTokens, TimeSpan RefillPeriod)
{
    public void Validate()
    {
        if (Capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Capacity), Capacity, "Capacity must be at least 1 call.");
        }

        if (RefillTokens < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RefillTokens), RefillTokens, "RefillTokens must be at least 1.");
        }

        if (RefillPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RefillPeriod), RefillPeriod, "RefillPeriod must be positive.");
        }
    }
}

/// <summary>Whether a call may go now; when not, the instant when it may.</summary>
public readonly record struct RateDecision(bool Granted, DateTimeOffset? RetryAt);

/// <summary>Per-channel token buckets, so one busy channel cannot exhaust a network's limits for the others, and a
/// channel the network rate-limited stays paused until the time the network gave.</summary>
public sealed class RateBudget
{
    private readonly RateBudgetOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public RateBudget(RateBudgetOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _options = options;
        _time = time;
    }

    /// <summary>Takes <paramref name="tokens"/> from the channel's bucket, or says when enough will be there.</summary>
    public RateDecision TryAcquire(string channelKey, int tokens = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelKey);
        if (tokens < 1 || tokens > _options.Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), tokens, $"tokens must be between 1 and the capacity ({_options.Capacity}).");
        }

        var bucket = _buckets.GetOrAdd(channelKey, _ => new Bucket(_options.Capacity, _time.GetTimestamp()));
        var now = _time.GetUtcNow();
        lock (bucket)
        {
            if (bucket.PausedUntil is { } paused && paused > now)
            {
                return new RateDecision(false, paused);
            }

            Refill(bucket);
            if (bucket.Tokens >= tokens)
            {
                bucket.Tokens -= tokens;
                return new RateDecision(true, null);
            }

            var missing = tokens - bucket.Tokens;
            var periods = (missing + _options.RefillTokens - 1) / _options.RefillTokens;
            var sinceRefill = _time.GetElapsedTime(bucket.LastRefillTimestamp);
            var wait = (_options.RefillPeriod * periods) - sinceRefill;
            return new RateDecision(false, now + (wait > TimeSpan.Zero ? wait : TimeSpan.Zero));
        }
    }

    /// <summary>Pauses the channel until the network's reset time (from a RateLimited result) and empties its bucket.</summary>
    public void PauseUntil(string channelKey, DateTimeOffset until)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelKey);
        var bucket = _buckets.GetOrAdd(channelKey, _ => new Bucket(_options.Capacity, _time.GetTimestamp()));
        lock (bucket)
        {
            bucket.Tokens = 0;
            bucket.LastRefillTimestamp = _time.GetTimestamp();
            if (bucket.PausedUntil is null || bucket.PausedUntil < until)
            {
                bucket.PausedUntil = until;
            }
        }
    }

    private void Refill(Bucket bucket)
    {
        var elapsed = _time.GetElapsedTime(bucket.LastRefillTimestamp);
        var periods = (long)(elapsed.Ticks / _options.RefillPeriod.Ticks);
        if (periods <= 0)
        {
            return;
        }

        bucket.Tokens = (int)Math.Min(_options.Capacity, bucket.Tokens + (periods * _options.RefillTokens));
        if (bucket.Tokens == _options.Capacity)
        {
            bucket.LastRefillTimestamp = _time.GetTimestamp();
        }
        else
        {
            // Keep the unused part of the current period so refills stay on schedule.
            bucket.LastRefillTimestamp += (long)(periods * _options.RefillPeriod.Ticks * (_time.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
        }
    }

    private sealed class Bucket(int tokens, long lastRefillTimestamp)
    {
        public int Tokens { get; set; } = tokens;

        public long LastRefillTimestamp { get; set; } = lastRefillTimestamp;

        public DateTimeOffset? PausedUntil { get; set; }
    }
}
