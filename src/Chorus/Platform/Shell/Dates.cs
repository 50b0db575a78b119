using System.Globalization;

namespace Chorus.Platform.Shell;

/// <summary>Dates as people of the page's language write them, day first and with the month's name (never 3/4/2026,
/// which a French and an American read differently), in the server's time zone.</summary>
public static class Dates
{
    public static string DateAndTime(DateTimeOffset value) => value.ToLocalTime().ToString("d MMM yyyy, HH:mm", CultureInfo.CurrentCulture);

    public static string Day(DateTimeOffset value) => value.ToLocalTime().ToString("d MMM yyyy", CultureInfo.CurrentCulture);
}
