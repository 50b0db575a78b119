using System.Globalization;
using System.Text.RegularExpressions;

namespace Chorus.Publishing;

/// <summary>
/// ISO-8601 times with their offset (2026-12-24T09:00:00+01:00, 2026-12-24T08:00:00Z), as the command line and the CSV
/// files take them: a time without an offset would mean a different instant on each machine.
/// </summary>
public static partial class OffsetTime
{
    public const string Example = "2026-12-24T09:00:00+01:00";

    public static bool TryParse(string? value, out DateTimeOffset parsed)
    {
        parsed = default;
        var trimmed = value?.Trim() ?? "";
        return WithOffset().IsMatch(trimmed)
            && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out parsed);
    }

    /// <summary>The time in <paramref name="zone"/>, to the second, with that zone's offset at that instant.</summary>
    public static string Format(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex WithOffset();
}
