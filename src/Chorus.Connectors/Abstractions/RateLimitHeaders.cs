using System.Globalization;
using System.Net.Http.Headers;

namespace Chorus.Connectors.Abstractions;

/// <summary>Reads when a network lets us call again, from the headers networks actually send.</summary>
public static class RateLimitHeaders
{
    // A reset value this large cannot be a number of seconds to wait: it is a Unix time (Bluesky, GitHub).
    private const long UnixTimeThreshold = 1_000_000_000;

    private static readonly string[] ResetHeaders = ["RateLimit-Reset", "X-RateLimit-Reset", "X-Rate-Limit-Reset"];

    /// <summary>Retry-After (delta-seconds or HTTP-date) first, then the reset headers (delta seconds, Unix time or
    /// ISO 8601 instant). Null when none is present or readable.</summary>
    public static DateTimeOffset? ReadRetryAt(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return now + (delta < TimeSpan.Zero ? TimeSpan.Zero : delta);
            }

            if (retryAfter.Date is { } date)
            {
                return date < now ? now : date;
            }
        }

        // HttpResponseHeaders drops a Retry-After it cannot parse; look at the raw text too.
        if (headers.TryGetValues("Retry-After", out var raw) && ParseRetryAfter(raw.FirstOrDefault(), now) is { } fromRaw)
        {
            return fromRaw;
        }

        foreach (var name in ResetHeaders)
        {
            if (headers.TryGetValues(name, out var values) && ParseReset(values.FirstOrDefault(), now) is { } reset)
            {
                return reset;
            }
        }

        return null;
    }

    /// <summary>Parses a Retry-After value: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).</summary>
    public static DateTimeOffset? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return now.AddSeconds(seconds);
        }

        return TryParseDate(value, out var date) ? (date < now ? now : date) : null;
    }

    /// <summary>Parses a rate-limit reset value: seconds to wait, a Unix time, or an instant.</summary>
    public static DateTimeOffset? ParseReset(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            if (number >= UnixTimeThreshold)
            {
                var at = DateTimeOffset.FromUnixTimeMilliseconds((long)(number * 1000));
                return at < now ? now : at;
            }

            return now.AddSeconds(number);
        }

        return TryParseDate(value, out var date) ? (date < now ? now : date) : null;
    }

    private static bool TryParseDate(string value, out DateTimeOffset date) =>
        DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date)
        || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date);
}
