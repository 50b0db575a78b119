using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;

namespace Chorus.Connectors.Abstractions;

/// <summary>Size of a channel's token bucket: <see cref="Capacity"/> calls at once, refilled by
/// <see cref="RefillTokens"/> every <see cref="RefillPeriod"/> (the "Connectors:RateBudget" configuration section).</summary>
public sealed record RateBudgetOptions(
    [property: Range(1, 1_000_000, ErrorMessage = "Capacity must be between 1 and 1000000 calls.")] int Capacity,
    [property: Range(1, 1_000_000, ErrorMessage = "RefillTokens must be between 1 and 1000000.")] int RefillTokens,
    [property: Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ParseLimitsInInvariantCulture = true,
        ErrorMessage = "RefillPeriod must be between 1 ms and one day.")] TimeSpan RefillPeriod)
{
    /// <summary>The defaults: 30 calls at once, one more every 2 seconds.</summary>
    public RateBudgetOptions() : this(30, 1, TimeSpan.FromSeconds(2))
    {
    }

    /// <summary>Throws for a value out of its range (the same ranges the configuration is validated with at start).</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true)) return;
        throw new ArgumentOutOfRangeException(results[0].MemberNames.FirstOrDefault(), results[0].ErrorMessage);
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
