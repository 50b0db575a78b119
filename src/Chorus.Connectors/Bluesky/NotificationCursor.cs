using System.Globalization;
using System.Text.Json;

namespace Chorus.Connectors.Bluesky;

/// <summary>Where a notification read stopped: the newest indexedAt returned, and the notifications returned with
/// exactly that time (two can share a millisecond). Bluesky's own cursor pages backwards, so it cannot say "newer".</summary>
internal sealed record NotificationCursor(DateTimeOffset At, IReadOnlyList<string> Seen)
{
    public bool IsNewer(DateTimeOffset indexedAt, string uri) => indexedAt > At || (indexedAt == At && !Seen.Contains(uri, StringComparer.Ordinal));

    public static NotificationCursor? Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(cursor);
            if (stored is null || !DateTimeOffset.TryParse(stored.At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                throw new FormatException($"'{cursor}' is not a cursor returned by the Bluesky connector.");
            }

            return new NotificationCursor(at, stored.Seen ?? []);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"'{cursor}' is not a cursor returned by the Bluesky connector.", ex);
        }
    }

    public override string ToString() =>
        JsonSerializer.Serialize(new Stored(At.ToString("O", CultureInfo.InvariantCulture), [.. Seen]));

    private sealed record Stored(string At, string[]? Seen);
}
