using System.Globalization;

namespace Chorus.Publishing.Queues;

/// <summary>
/// The instants a channel's weekly slots stand for, in the workspace's zone: the zone's rules decide each date's
/// offset, so a Monday 09:00 slot in Paris is 08:00 UTC in winter and 07:00 UTC in summer, on either side of a change.
/// </summary>
public static class QueueTimes
{
    /// <summary>How far ahead "next free slot" looks before saying the queue is full.</summary>
    public const int SearchWeeks = 53;

    /// <summary>
    /// The instant of a wall-clock time in the zone, never refused: a time the clocks skip (02:30 when summer time
    /// starts) is taken with the offset before the change (so 03:30 summer time: the slot is not lost that week), and
    /// a time the clocks pass twice is its first occurrence, as <see cref="Calendar.ZonedTime.ToInstant"/> reads it.
    /// </summary>
    public static DateTimeOffset At(DateTime wallClock, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local)) return new DateTimeOffset(local, zone.GetUtcOffset(local.AddHours(-3))).ToUniversalTime();
        return Calendar.ZonedTime.ToInstant("at", local, zone);
    }

    /// <summary>The slots' instants after <paramref name="after"/>, soonest first, for <see cref="SearchWeeks"/> weeks.</summary>
    public static IEnumerable<DateTimeOffset> Upcoming(IReadOnlyCollection<QueueSlot> slots, TimeZoneInfo zone, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(slots);
        if (slots.Count == 0) yield break;
        var firstDay = DateOnly.FromDateTime(Calendar.ZonedTime.InZone(after, zone).DateTime);
        for (var day = firstDay; day <= firstDay.AddDays(7 * SearchWeeks); day = day.AddDays(1))
        {
            var weekday = ((int)day.DayOfWeek + 6) % 7 + 1;
            foreach (var instant in slots.Where(s => s.Weekday == weekday).Select(s => At(day.ToDateTime(s.Time), zone)).Order())
            {
                if (instant > after) yield return instant;
            }
        }
    }

    /// <summary>The first upcoming slot no other planned variant of the channel holds; null when all are taken or there are none.</summary>
    public static DateTimeOffset? NextFree(IReadOnlyCollection<QueueSlot> slots, TimeZoneInfo zone, DateTimeOffset after, IReadOnlySet<DateTimeOffset> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        foreach (var instant in Upcoming(slots, zone, after))
        {
            if (!taken.Contains(instant)) return instant;
        }
        return null;
    }

    /// <summary>monday..sunday (or 1..7, Monday first, as ISO 8601 counts) as 1..7.</summary>
    public static int ParseWeekday(string field, string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0) throw new InputException(field, "This field is required.");
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 7) return number;
        var index = Array.FindIndex(WeekdayNames, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index + 1 : throw new InputException(field, $"'{text}' is not a weekday; use monday … sunday (or 1 … 7, Monday first).");
    }

    /// <summary>A wall-clock time HH:mm.</summary>
    public static TimeOnly ParseTime(string field, string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0) throw new InputException(field, "This field is required.");
        return TimeOnly.TryParseExact(text, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && time.Second == 0
            ? time
            : throw new InputException(field, $"'{text}' is not a time of day such as 09:30.");
    }

    public static readonly string[] WeekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
}
