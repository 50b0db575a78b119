using System.Collections.Frozen;

namespace Chorus.Text.Moderation;

/// <summary>
/// Threats built from parts rather than listed: a first-person subject, a violent verb and a
/// second-person target, in English ("I'm gonna kill you", "we will hurt you") and French
/// ("je vais te tuer", "on va t'exploser", "je te bute").
/// </summary>
internal static class ThreatRules
{
    public const double Weight = 0.9;

    private static readonly FrozenSet<string> EnglishVerbs = Set(
        "kill", "murder", "stab", "shoot", "hurt", "beat", "strangle", "choke", "rape", "slaughter", "behead",
        "burn", "hang", "punch", "smash", "butcher", "gut", "execute", "torture");

    private static readonly FrozenSet<string> EnglishSubjects = Set(
        "i", "i'll", "ill", "im", "i'm", "we", "we'll", "gonna", "will", "going", "gon", "wanna", "shall");

    private static readonly FrozenSet<string> EnglishTargets = Set("you", "u", "ya", "your", "ur", "yall", "y'all", "yourself");

    private static readonly FrozenSet<string> FrenchVerbs = Set(
        "tuer", "tue", "tuerai", "buter", "bute", "buterai", "crever", "defoncer", "defonce", "defoncerai", "egorger",
        "egorge", "poignarder", "poignarde", "frapper", "frappe", "cogner", "cogne", "violer", "viole", "massacrer",
        "massacre", "flinguer", "flingue", "fumer", "etrangler", "etrangle", "bruler", "brule", "tabasser", "tabasse",
        "casser", "casse", "exploser", "explose", "demonter", "demonte", "saigner", "saigne", "planter", "plante",
        "pendre", "decapiter", "abattre", "descendre", "eclater", "eclate");

    private static readonly FrozenSet<string> FrenchSubjects = Set("je", "j'", "on", "vais", "va", "allons", "vas", "nous");

    private static readonly FrozenSet<string> FrenchTargets = Set("te", "t'", "vous");

    /// <summary>Index range [first, last] of the first threat among the words, or false.</summary>
    public static bool TryFind(ReadOnlySpan<char> buffer, ReadOnlySpan<DecodedWord> words, TermLanguages languages, out int first, out int last)
    {
        var englishVerbs = EnglishVerbs.GetAlternateLookup<ReadOnlySpan<char>>();
        var frenchVerbs = FrenchVerbs.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < words.Length; i++)
        {
            var word = Text(buffer, words[i]);
            if ((languages & TermLanguages.English) != 0 && englishVerbs.Contains(word)
                && TryFindNear(buffer, words, EnglishTargets, i + 1, i + 2, out last)
                && TryFindNear(buffer, words, EnglishSubjects, i - 4, i - 1, out first))
            {
                return true;
            }
            if ((languages & TermLanguages.French) != 0 && frenchVerbs.Contains(word)
                && TryFindNear(buffer, words, FrenchTargets, i - 2, i - 1, out var target)
                && TryFindNear(buffer, words, FrenchSubjects, i - 5, target - 1, out first))
            {
                last = i;
                return true;
            }
        }
        first = last = -1;
        return false;
    }

    private static bool TryFindNear(ReadOnlySpan<char> buffer, ReadOnlySpan<DecodedWord> words, FrozenSet<string> set, int from, int to, out int found)
    {
        var lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var j = Math.Max(0, from); j <= to && j < words.Length; j++)
        {
            if (lookup.Contains(Text(buffer, words[j])))
            {
                found = j;
                return true;
            }
        }
        found = -1;
        return false;
    }

    private static ReadOnlySpan<char> Text(ReadOnlySpan<char> buffer, DecodedWord word) => buffer.Slice(word.Start, word.Length);

    private static FrozenSet<string> Set(params string[] words) => words.ToFrozenSet(StringComparer.Ordinal);
}
