using System.Globalization;

namespace Chorus.Publishing.Calendar;

/// <summary>
/// Wall-clock times in a named (IANA) time zone and the instants they stand for. Times are stored in UTC and shown and
/// entered in a person's zone; the zone's own rules decide the offset of each date, so 09:00 in Paris is 08:00 UTC in
/// winter and 07:00 UTC in summer, whichever side of the change the date falls.
/// </summary>
public static class ZonedTime
{
    public const string DefaultZone = "UTC";

    private static readonly string[] WallClockFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    /// <summary>The zone of an IANA id (Europe/Paris, America/New_York, UTC); bad input naming the field otherwise.
    /// Windows names are refused so every stored id means the same on every machine.</summary>
    public static TimeZoneInfo Zone(string field, string? id)
    {
        var given = id?.Trim() ?? "";
        if (given.Length == 0) throw new InputException(field, "This field is required.");
        if (given.Length > 100 || !TimeZoneInfo.TryFindSystemTimeZoneById(given, out var zone) || !zone.HasIanaId)
            throw new InputException(field, $"'{given}' is not a time zone; use an IANA name such as Europe/Paris or America/Montreal.");
        return zone;
    }

    /// <summary>
    /// The instant a wall-clock time stands for in <paramref name="zone"/>. A time the clocks skip (when summer time
    /// starts) does not exist and is refused; a time the clocks pass twice (when it ends) is its first occurrence,
    /// still in summer time.
    /// </summary>
    public static DateTimeOffset ToInstant(string field, DateTime wallClock, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
            throw new InputException(field, $"{local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} does not exist in {zone.Id}: the clocks skip that hour when summer time starts. Choose a time before or after it.");
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The instant as the zone's clocks show it, with the zone's offset at that instant.</summary>
    public static DateTimeOffset InZone(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>
    /// Reads a time as ISO-8601: with an offset (Z, +02:00) it is that instant; without one it is a wall-clock time in
    /// <paramref name="zone"/> (what a form's date and time field sends).
    /// </summary>
    public static DateTimeOffset Parse(string field, string? value, TimeZoneInfo zone)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0) throw new InputException(field, "This field is required.");
        if (HasOffset(text))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)
                ? instant.ToUniversalTime()
                : throw NotATime(field, text);
        }
        return DateTime.TryParseExact(text, WallClockFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall)
            ? ToInstant(field, wall, zone)
            : throw NotATime(field, text);
    }

    /// <summary>A date (yyyy-MM-dd).</summary>
    public static DateOnly ParseDate(string field, string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0) throw new InputException(field, "This field is required.");
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InputException(field, $"'{text}' is not a date such as 2027-03-28.");
    }

    /// <summary>The zone's wall clock for a date and time field (yyyy-MM-ddTHH:mm).</summary>
    public static string ForInput(DateTimeOffset instant, TimeZoneInfo zone) =>
        InZone(instant, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static bool HasOffset(string text)
    {
        if (text.EndsWith('Z') || text.EndsWith('z')) return true;
        var time = text.IndexOf('T', StringComparison.Ordinal);
        return time > 0 && text.AsSpan(time).IndexOfAny('+', '-') > 0;
    }

    private static InputException NotATime(string field, string text) =>
        new(field, $"'{text}' is not a time; use ISO-8601 such as 2027-03-28T09:00 (in your time zone) or 2027-03-28T09:00:00+02:00.");
}
