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
        "burn", "hang", "punch", "smash", "butcher", "gut", "execute", "torture", "slit", "end", "bury", "break", "cut", "find");

    private static readonly FrozenSet<string> EnglishSubjects = Set(
        "i", "i'll", "ill", "im", "i'm", "we", "we'll", "gonna", "will", "going", "gon", "wanna", "shall");

    private static readonly FrozenSet<string> EnglishTargets = Set("you", "u", "ya", "your", "ur", "yall", "y'all", "yourself");

    private static readonly FrozenSet<string> FrenchVerbs = Set(
        "tuer", "tue", "tuerai", "buter", "bute", "buterai", "crever", "defoncer", "defonce", "defoncerai", "egorger",
        "egorge", "poignarder", "poignarde", "frapper", "frappe", "cogner", "cogne", "violer", "viole", "massacrer",
        "massacre", "flinguer", "flingue", "fumer", "etrangler", "etrangle", "bruler", "brule", "tabasser", "tabasse",
        "casser", "casse", "exploser", "explose", "demonter", "demonte", "saigner", "saigne", "planter", "plante",
        "pendre", "decapiter", "abattre", "descendre", "eclater", "eclate", "niquer", "nique", "buterai", "egorgerai", "retrouver",
        "fusiller", "gazer", "exterminer", "egorger", "bruler", "bute", "defonce", "allumer", "trouer", "crever");

    private static readonly FrozenSet<string> FrenchSubjects = Set("je", "j'", "on", "vais", "va", "allons", "vas", "nous", "jvais", "jte", "jvai", "jv", "jais");

    private static readonly FrozenSet<string> FrenchTargets = Set("te", "t'", "vous");

    // "je vais brûler ta baraque", "on va éclater ta tronche": the target follows the verb.
    private static readonly FrozenSet<string> FrenchPossessives = Set("ta", "tes", "ton", "vos", "votre");

    // Incitement: a modal and a violent verb aimed at a group — "faut les pendre", "on devrait tous les fusiller",
    // "they should all be shot", "they deserve to be hanged".
    private static readonly FrozenSet<string> FrenchModals = Set("faut", "faudrait", "faudra", "devrait", "devraient", "doit", "doivent", "meritent", "merite");

    private static readonly FrozenSet<string> FrenchObjects = Set("les", "le", "la", "l'");

    private static readonly FrozenSet<string> EnglishModals = Set("should", "must", "deserve", "deserves", "need", "needs", "ought");

    private static readonly FrozenSet<string> EnglishParticiples = Set(
        "shot", "killed", "hanged", "hung", "burned", "burnt", "gassed", "executed", "exterminated", "lynched", "murdered",
        "slaughtered", "beheaded", "stabbed", "raped", "beaten", "wiped", "eradicated");

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
            if ((languages & TermLanguages.French) != 0 && frenchVerbs.Contains(word)
                && TryFindNear(buffer, words, FrenchPossessives, i + 1, i + 1, out last)
                && TryFindNear(buffer, words, FrenchSubjects, i - 3, i - 1, out first))
            {
                last = Math.Min(last + 1, words.Length - 1);
                return true;
            }
        }
        return TryFindIncitement(buffer, words, languages, out first, out last);
    }

    private static bool TryFindIncitement(ReadOnlySpan<char> buffer, ReadOnlySpan<DecodedWord> words, TermLanguages languages, out int first, out int last)
    {
        var frenchVerbs = FrenchVerbs.GetAlternateLookup<ReadOnlySpan<char>>();
        var participles = EnglishParticiples.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 1; i < words.Length; i++)
        {
            var word = Text(buffer, words[i]);
            if ((languages & TermLanguages.French) != 0 && frenchVerbs.Contains(word)
                && TryFindNear(buffer, words, FrenchObjects, i - 1, i - 1, out _)
                && TryFindNear(buffer, words, FrenchModals, i - 4, i - 2, out first))
            {
                last = i;
                return true;
            }
            if ((languages & TermLanguages.English) != 0 && participles.Contains(word)
                && Text(buffer, words[i - 1]) is "be" or "get"
                && TryFindNear(buffer, words, EnglishModals, i - 4, i - 2, out first))
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
