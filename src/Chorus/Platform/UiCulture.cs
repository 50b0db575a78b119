using System.Globalization;

namespace Chorus.Platform;

/// <summary>Renders in another language for the length of a using block (an e-mail to its reader, a command's output), then
/// gives the thread its own back.</summary>
public readonly struct UiCulture : IDisposable
{
    private readonly CultureInfo _previous;
    private readonly CultureInfo _previousFormat;

    public UiCulture(string language)
    {
        _previous = CultureInfo.CurrentUICulture;
        _previousFormat = CultureInfo.CurrentCulture;
        var culture = new CultureInfo(language is "fr" ? "fr" : "en");
        CultureInfo.CurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
    }

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = _previous;
        CultureInfo.CurrentCulture = _previousFormat;
    }
}
