using System.Globalization;
using System.Text.RegularExpressions;

namespace Chorus.Connectors.Feeds;

/// <summary>
/// Reads the dates feeds actually contain: RFC 822/1123 with named or numeric zones, missing
/// seconds, one-digit days, two-digit years, day and month names in English or French, ISO 8601
/// variants with or without a zone. Anything else gives null: a bad date never loses the item.
/// A date without a zone is taken as UTC.
/// </summary>
public static partial class FeedDateParser
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jan"] = 1, ["january"] = 1, ["janv"] = 1, ["janvier"] = 1,
        ["feb"] = 2, ["february"] = 2, ["fév"] = 2, ["févr"] = 2, ["fev"] = 2, ["fevr"] = 2, ["février"] = 2, ["fevrier"] = 2,
        ["mar"] = 3, ["march"] = 3, ["mars"] = 3,
        ["apr"] = 4, ["april"] = 4, ["avr"] = 4, ["avril"] = 4,
        ["may"] = 5, ["mai"] = 5,
        ["jun"] = 6, ["june"] = 6, ["juin"] = 6,
        ["jul"] = 7, ["july"] = 7, ["juil"] = 7, ["juillet"] = 7,
        ["aug"] = 8, ["august"] = 8, ["aoû"] = 8, ["aou"] = 8, ["août"] = 8, ["aout"] = 8,
        ["sep"] = 9, ["sept"] = 9, ["september"] = 9, ["septembre"] = 9,
        ["oct"] = 10, ["october"] = 10, ["octobre"] = 10,
        ["nov"] = 11, ["november"] = 11, ["novembre"] = 11,
        ["dec"] = 12, ["december"] = 12, ["déc"] = 12, ["décembre"] = 12, ["decembre"] = 12,
    };

    // RFC 822 zone names and the common ones seen in the wild; ambiguous ones (IST) are left out.
    private static readonly Dictionary<string, int> ZoneMinutes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0, ["WET"] = 0,
        ["EST"] = -300, ["EDT"] = -240, ["CST"] = -360, ["CDT"] = -300,
        ["MST"] = -420, ["MDT"] = -360, ["PST"] = -480, ["PDT"] = -420,
        ["AKST"] = -540, ["AKDT"] = -480, ["HST"] = -600,
        ["BST"] = 60, ["CET"] = 60, ["CEST"] = 120, ["MET"] = 60, ["MEST"] = 120, ["WEST"] = 60,
        ["EET"] = 120, ["EEST"] = 180, ["MSK"] = 180, ["JST"] = 540, ["KST"] = 540,
        ["AEST"] = 600, ["AEDT"] = 660, ["NZST"] = 720, ["NZDT"] = 780,
    };

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
        "yyyyMMdd'T'HHmmssK", "yyyyMMdd'T'HHmmss", "yyyy-MM-dd", "yyyyMMdd",
    ];

    /// <summary>Parses a feed date, or returns null when the text is missing or not a date.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        return ParseIso(value) ?? ParseRfc822(value);
    }

    private static DateTimeOffset? ParseIso(string value)
    {
        if (value.Length < 8 || !char.IsAsciiDigit(value[0]) || !char.IsAsciiDigit(value[3]))
        {
            return null;
        }

        // "+0200" zones (no colon) are common in ISO-ish feed dates; .NET's K wants "+02:00".
        var normalised = IsoCompactZone().Replace(value, "$1:$2");
        return DateTimeOffset.TryParseExact(normalised, IsoFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed
            : null;
    }

    private static DateTimeOffset? ParseRfc822(string value)
    {
        // The day name is optional and may be in any language: drop everything up to the comma.
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0 && comma < 16)
        {
            value = value[(comma + 1)..];
        }

        var match = Rfc822().Match(value);
        if (!match.Success)
        {
            return null;
        }

        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        if (!Months.TryGetValue(match.Groups["month"].Value.TrimEnd('.'), out var month))
        {
            return null;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (year < 100)
        {
            year += year < 70 ? 2000 : 1900;
        }

        var hour = match.Groups["hour"].Success ? int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture) : 0;
        var minute = match.Groups["minute"].Success ? int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture) : 0;
        var second = match.Groups["second"].Success ? int.Parse(match.Groups["second"].Value, CultureInfo.InvariantCulture) : 0;
        var offset = ZoneOffset(match.Groups["zone"].Value);
        if (offset is null || day is < 1 or > 31 || hour > 23 || minute > 59 || second > 60
            || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        // A leap second (":60") is folded into the next minute rather than rejected.
        var leap = second == 60 ? 1 : 0;
        var localTicks = new DateTime(year, month, day, hour, minute, second - leap, DateTimeKind.Unspecified).Ticks + (leap * TimeSpan.TicksPerSecond);
        var utcTicks = localTicks - offset.Value.Ticks;
        // 31 Dec 9999 23:59 -0100 is a valid text for a time no DateTimeOffset can hold.
        if (localTicks > DateTime.MaxValue.Ticks || utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return null;
        }

        return new DateTimeOffset(localTicks, offset.Value);
    }

    private static TimeSpan? ZoneOffset(string zone)
    {
        if (zone.Length == 0)
        {
            return TimeSpan.Zero;
        }

        if (zone[0] is '+' or '-')
        {
            var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
            if (digits.Length is not (2 or 4) || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
            {
                return null;
            }

            var minutes = digits.Length == 2 ? hhmm * 60 : (hhmm / 100 * 60) + (hhmm % 100);
            return minutes > 14 * 60 ? null : TimeSpan.FromMinutes(zone[0] == '-' ? -minutes : minutes);
        }

        return ZoneMinutes.TryGetValue(zone, out var named) ? TimeSpan.FromMinutes(named) : null;
    }

    [GeneratedRegex(@"^\s*(?<day>\d{1,2})\s*[ \-]\s*(?<month>[\p{L}]{3,9}\.?)\s*[ \-]\s*(?<year>\d{4}|\d{2})(?:\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?)?\s*(?<zone>[+\-]\d{2}:?\d{2}|[+\-]\d{2}|[A-Za-z]{1,5})?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc822();

    [GeneratedRegex(@"([+\-]\d{2})(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoCompactZone();
}
