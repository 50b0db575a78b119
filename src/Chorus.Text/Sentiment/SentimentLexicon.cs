using System.Collections.Frozen;
using System.Globalization;
using Chorus.Text.Language;

namespace Chorus.Text.Sentiment;

/// <summary>
/// Words (accent-folded, lower case) with their valence and rule roles for one language, the phrases
/// of two or three words, and the emoji/emoticon table shared by all languages.
/// </summary>
internal sealed class SentimentLexicon
{
    private const int MaxPhraseLength = 64;

    private static readonly Lazy<SymbolTable> SharedSymbols = new(LoadSymbols);

    private static readonly Lazy<SentimentLexicon> SharedEnglish = new(BuildEnglish);

    private static readonly Lazy<SentimentLexicon> SharedFrench = new(BuildFrench);

    internal static SentimentLexicon BuildEnglish() => Build(
        "en",
        EmbeddedTextResource.ReadRecords("Chorus.Text.Sentiment.lexicon-en.tsv.gz"),
        [
            (SentimentRules.EnglishNegators, WordRoles.Negator, 0f),
            (SentimentRules.EnglishNearNegators, WordRoles.NearNegator, 0f),
            (SentimentRules.EnglishBoosters, WordRoles.Booster, SentimentRules.BoosterIncrement),
            (SentimentRules.EnglishDampeners, WordRoles.Booster, -SentimentRules.BoosterIncrement),
            (SentimentRules.EnglishContrasts, WordRoles.Contrast, 0f),
            (SentimentRules.EnglishConcessions, WordRoles.Concession, 0f),
            (["least"], WordRoles.Least, 0f),
            (["at", "very"], WordRoles.LeastGuard, 0f),
            (["kind", "sort"], WordRoles.KindOf, 0f),
            (["of"], WordRoles.Of, 0f),
            (["too"], WordRoles.Excess, 0f),
        ],
        SentimentRules.EnglishPairs);

    internal static SentimentLexicon BuildFrench() => Build(
        "fr",
        EmbeddedTextResource.ReadRecords("Chorus.Text.Sentiment.lexicon-fr.tsv.gz"),
        [
            (SentimentRules.FrenchNegators, WordRoles.Negator, 0f),
            (SentimentRules.FrenchPostNegators, WordRoles.PostNegator, 0f),
            (["ne", "n'"], WordRoles.NePrefix, 0f),
            (SentimentRules.FrenchBoosters, WordRoles.Booster, SentimentRules.BoosterIncrement),
            (SentimentRules.FrenchDampeners, WordRoles.Booster, -SentimentRules.BoosterIncrement),
            (SentimentRules.FrenchContrasts, WordRoles.Contrast, 0f),
            (SentimentRules.FrenchConcessions, WordRoles.Concession, 0f),
            (["moins"], WordRoles.Least, 0f),
            (["au", "du"], WordRoles.LeastGuard, 0f),
            (["peu"], WordRoles.Little, 0f),
            (["un"], WordRoles.One, 0f),
            (["trop"], WordRoles.Excess, 0f),
        ],
        SentimentRules.FrenchPairs);

    // Texts in languages without a lexicon are scored on emoji, emoticons and punctuation only.
    private static readonly Lazy<SentimentLexicon> SharedSymbolsOnly = new(() => Build("und", [], [], []));

    private readonly WordTable _words;
    private readonly FrozenDictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> _phrases;

    private readonly (string First, string Second, bool Contrast)[] _pairs;

    private SentimentLexicon(
        string language, Dictionary<string, LexiconEntry> words, FrozenDictionary<string, float> phrases,
        (string First, string Second, bool Contrast)[] pairs)
    {
        Language = language;
        _pairs = pairs;
        _words = new WordTable(words);
        _phrases = phrases.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static SentimentLexicon English => SharedEnglish.Value;

    public static SentimentLexicon French => SharedFrench.Value;

    public static SentimentLexicon SymbolsOnly => SharedSymbolsOnly.Value;

    /// <summary>Emoji and emoticons (folded chars packed into a key) with their valence.</summary>
    public static SymbolTable Symbols => SharedSymbols.Value;

    public string Language { get; }

    /// <summary>The lexicon for an ISO 639-1 code: English, French, or symbols only for other languages.</summary>
    public static SentimentLexicon For(string language) => language switch
    {
        "en" => English,
        "fr" => French,
        _ => SymbolsOnly,
    };

    public bool TryGetWord(ReadOnlySpan<char> folded, out LexiconEntry entry) => _words.TryGetValue(folded, out entry);

    /// <summary>
    /// False when the word whose hash is <paramref name="hash"/> is surely not in the lexicon (one read of a
    /// small filter); true for the words of the lexicon and about 1 in 30 others, to look up with TryGetWord.
    /// </summary>
    public bool MayContain(uint hash) => _words.MayContain(hash);

    /// <summary>Lookup with the <see cref="WordTable.Hash"/> the scanner computed while folding.</summary>
    public bool TryGetWord(ReadOnlySpan<char> folded, uint hash, out LexiconEntry entry) => _words.TryGetValue(folded, hash, out entry);

    /// <summary>Looks up the phrase made of the given folded words joined by single spaces.</summary>
    public bool TryGetPhrase(ReadOnlySpan<char> first, ReadOnlySpan<char> second, ReadOnlySpan<char> third, out float valence)
    {
        Span<char> key = stackalloc char[MaxPhraseLength];
        var length = first.Length + 1 + second.Length + (third.IsEmpty ? 0 : third.Length + 1);
        if (length > MaxPhraseLength)
        {
            valence = 0;
            return false;
        }
        first.CopyTo(key);
        key[first.Length] = ' ';
        second.CopyTo(key[(first.Length + 1)..]);
        if (!third.IsEmpty)
        {
            key[first.Length + 1 + second.Length] = ' ';
            third.CopyTo(key[(first.Length + second.Length + 2)..]);
        }
        return _phrases.TryGetValue(key[..length], out valence);
    }

    /// <summary>
    /// Whether <paramref name="first"/> <paramref name="second"/> (folded) is a two-word contrast ("sauf que":
    /// <paramref name="contrast"/> true) or concession ("bien que": false). Only asked for words with the
    /// <see cref="WordRoles.PairLead"/> role.
    /// </summary>
    public bool IsPair(ReadOnlySpan<char> first, ReadOnlySpan<char> second, out bool contrast)
    {
        foreach (var pair in _pairs)
        {
            if (first.SequenceEqual(pair.First) && second.SequenceEqual(pair.Second))
            {
                contrast = pair.Contrast;
                return true;
            }
        }
        contrast = false;
        return false;
    }

    private static SentimentLexicon Build(
        string language,
        IEnumerable<string[]> records,
        (string[] Words, WordRoles Role, float Boost)[] rules,
        (string First, string Second, bool Contrast)[] pairs)
    {
        var words = new Dictionary<string, LexiconEntry>(StringComparer.Ordinal);
        var phrases = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var key = CharFolding.Fold(record[0]);
            var valence = float.Parse(record[1], CultureInfo.InvariantCulture);
            if (key.Contains(' ', StringComparison.Ordinal))
            {
                phrases[key] = valence;
                continue;
            }
            // Folding merges a few words ("pêche"/"péché"): keep the stronger valence.
            if (!words.TryGetValue(key, out var existing) || Math.Abs(existing.Valence) < Math.Abs(valence))
            {
                words[key] = new LexiconEntry(valence, 0, WordRoles.None);
            }
        }
        AddInflections(words, language);
        foreach (var (ruleWords, role, boost) in rules)
        {
            foreach (var word in ruleWords)
            {
                var key = CharFolding.Fold(word);
                words.TryGetValue(key, out var existing);
                words[key] = existing with { Roles = existing.Roles | role, Boost = boost != 0 ? boost : existing.Boost };
            }
        }
        foreach (var pair in pairs)
        {
            words.TryGetValue(pair.First, out var lead);
            words[pair.First] = lead with { Roles = lead.Roles | WordRoles.PairLead };
        }
        foreach (var phrase in phrases.Keys)
        {
            var parts = phrase.Split(' ');
            words.TryGetValue(parts[0], out var first);
            words[parts[0]] = first with { Roles = first.Roles | WordRoles.PhraseStart };
            words.TryGetValue(parts[1], out var second);
            words[parts[1]] = second with { Roles = second.Roles | WordRoles.PhraseSecond };
        }
        return new SentimentLexicon(language, words, phrases.ToFrozenDictionary(StringComparer.Ordinal), pairs);
    }

    // Regular inflections of lexicon words that the lexicon lacks ("disappoint" → "disappoints",
    // "nul" → "nuls"), with the base word's valence. Forms that do not exist are never met in text.
    private static void AddInflections(Dictionary<string, LexiconEntry> words, string language)
    {
        string[] suffixes = language switch
        {
            "en" => ["s", "es", "ed", "d", "ing", "ly"],
            "fr" => ["s", "e", "es", "x", "ment"],
            _ => [],
        };
        var additions = new Dictionary<string, LexiconEntry>(StringComparer.Ordinal);
        foreach (var (word, entry) in words)
        {
            if (word.Length < 4 || entry.Valence == 0)
            {
                continue;
            }
            // French verbs the lexicon lists in one form ("adorer" or "adore"): "adorent", "adorait", "adorée".
            if (language == "fr")
            {
                AddFrenchVerbForms(word, entry, words, additions);
            }
            foreach (var suffix in suffixes)
            {
                var stem = language == "en" && suffix is "ing" or "ed" && word[^1] == 'e' ? word[..^1] : word;
                // French adverbs: "agréable" → "agréablement", "lent" → "lentement".
                var form = suffix == "ment" && word[^1] != 'e' ? stem + "ement" : stem + suffix;
                if (!words.ContainsKey(form) && !additions.ContainsKey(form))
                {
                    additions[form] = entry;
                }
            }
        }
        foreach (var (form, entry) in additions)
        {
            words[form] = entry;
        }
    }

    private static readonly string[] FrenchVerbEndings = ["e", "es", "ent", "ait", "ais", "aient", "ee", "ees", "ez", "ons", "er"];

    private static void AddFrenchVerbForms(string word, LexiconEntry entry, Dictionary<string, LexiconEntry> words, Dictionary<string, LexiconEntry> additions)
    {
        var stem = word.EndsWith("er", StringComparison.Ordinal) ? word[..^2] : word.EndsWith('e') ? word[..^1] : null;
        if (stem is null || stem.Length < 3)
        {
            return;
        }
        foreach (var ending in FrenchVerbEndings)
        {
            var form = stem + ending;
            if (!words.ContainsKey(form) && !additions.ContainsKey(form))
            {
                additions[form] = entry;
            }
        }
    }

    private static SymbolTable LoadSymbols()
    {
        var entries = new List<KeyValuePair<ulong, int>>();
        var valences = new List<float>();
        Span<char> folded = stackalloc char[8];
        foreach (var record in EmbeddedTextResource.ReadRecords("Chorus.Text.Sentiment.symbols.tsv"))
        {
            var length = CharFolding.Fold(record[0], folded);
            if (length is < 1 or > 4)
            {
                continue;
            }
            entries.Add(new(PackedKeyTable.Pack(folded[..length]), valences.Count));
            valences.Add(float.Parse(record[1], CultureInfo.InvariantCulture));
        }
        return new SymbolTable(new PackedKeyTable(entries), valences.ToArray());
    }
}
