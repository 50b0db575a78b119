namespace Chorus.Text.Language;

/// <summary>
/// The language a text is most likely written in (ISO 639-1 code, or <c>und</c> when undetermined)
/// and a confidence in [0, 1].
/// </summary>
public readonly record struct LanguageGuess(string Language, double Confidence)
{
    /// <summary>Code returned when a text has no letters or none of the supported languages fits.</summary>
    public const string Undetermined = "und";

    /// <summary>True when a language was recognised.</summary>
    public bool IsDetermined => Language != Undetermined;
}
