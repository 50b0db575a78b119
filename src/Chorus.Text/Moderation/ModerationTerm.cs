namespace Chorus.Text.Moderation;

/// <summary>Languages a term applies to.</summary>
[Flags]
internal enum TermLanguages : byte
{
    English = 1,
    French = 2,
    Any = English | French,
}

/// <summary>
/// An abuse term or spam phrase: category ("spam-term" for spam phrases), weight in [0, 1], the
/// languages it applies to ("con" is an insult in French only) and its display form.
/// </summary>
internal sealed record ModerationTerm(string Display, string Category, double Weight, TermLanguages Languages)
{
    public bool IsSpam => Category is "spam-term" or "praise";
}
