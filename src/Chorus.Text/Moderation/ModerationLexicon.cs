using System.Collections.Frozen;
using System.Globalization;
using Chorus.Text.Language;

namespace Chorus.Text.Moderation;

/// <summary>A key of the term table: the abuse term and/or spam phrase it stands for, and how long phrases starting with it are.</summary>
internal readonly record struct TermSlot(ModerationTerm? Abuse, ModerationTerm? Spam, int LongestPhrase);

/// <summary>
/// Abuse terms (Data/terms.tsv) and spam phrases (Data/spam-terms.tsv), keyed by their decoded form
/// (the same <see cref="ObfuscationDecoder"/> that reads the text), with two more tables for
/// obfuscated spellings: letters squeezed ("connnnard" → "conard") and 'l' read as '1' → 'i'.
/// </summary>
internal sealed class ModerationLexicon
{
    public const int MaxPhraseWords = 5;

    private static readonly Lazy<ModerationLexicon> Shared = new(Load);

    private ModerationLexicon(
        FrozenDictionary<string, TermSlot> terms, FrozenDictionary<string, ModerationTerm> squeezed, FrozenDictionary<string, ModerationTerm> leet)
    {
        Terms = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        Squeezed = squeezed.GetAlternateLookup<ReadOnlySpan<char>>();
        Leet = leet.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static ModerationLexicon Instance => Shared.Value;

    public FrozenDictionary<string, TermSlot>.AlternateLookup<ReadOnlySpan<char>> Terms { get; }

    public FrozenDictionary<string, ModerationTerm>.AlternateLookup<ReadOnlySpan<char>> Squeezed { get; }

    public FrozenDictionary<string, ModerationTerm>.AlternateLookup<ReadOnlySpan<char>> Leet { get; }

    /// <summary>Collapses runs of a repeated char to one ("connnnard" → "conard"); returns the length written.</summary>
    public static int Squeeze(ReadOnlySpan<char> word, Span<char> destination)
    {
        var written = 0;
        for (var i = 0; i < word.Length; i++)
        {
            if (i == 0 || word[i] != word[i - 1])
            {
                destination[written++] = word[i];
            }
        }
        return written;
    }

    private static ModerationLexicon Load()
    {
        var slots = new Dictionary<string, TermSlot>(StringComparer.Ordinal);
        var squeezed = new Dictionary<string, ModerationTerm>(StringComparer.Ordinal);
        var leet = new Dictionary<string, ModerationTerm>(StringComparer.Ordinal);
        foreach (var record in EmbeddedTextResource.ReadRecords("Chorus.Text.Moderation.terms.tsv"))
        {
            var term = new ModerationTerm(record[0], record[1], double.Parse(record[3], CultureInfo.InvariantCulture), ParseLanguages(record[2]));
            var key = DecodeKey(record[0]);
            if (key.Length == 0)
            {
                continue;
            }
            slots.TryGetValue(key, out var slot);
            var merged = slot.Abuse is null ? term : term with
            {
                Languages = slot.Abuse.Languages | term.Languages,
                Weight = Math.Max(slot.Abuse.Weight, term.Weight),
            };
            slots[key] = slot with { Abuse = merged };
            if (!key.Contains(' ', StringComparison.Ordinal))
            {
                var buffer = new char[key.Length];
                AddPreferringHeavier(squeezed, new string(buffer, 0, Squeeze(key, buffer)), merged);
                AddPreferringHeavier(leet, key.Replace('l', 'i'), merged);
            }
        }
        foreach (var record in EmbeddedTextResource.ReadRecords("Chorus.Text.Moderation.spam-terms.tsv"))
        {
            var kind = record.Length > 3 && record[3] == "praise" ? "praise" : "spam-term";
            var term = new ModerationTerm(record[0], kind, double.Parse(record[1], CultureInfo.InvariantCulture), ParseLanguages(record[2]));
            var key = DecodeKey(record[0]);
            if (key.Length > 0)
            {
                slots.TryGetValue(key, out var slot);
                slots[key] = slot with { Spam = term };
            }
        }
        foreach (var key in slots.Keys.Where(k => k.Contains(' ', StringComparison.Ordinal)).ToList())
        {
            var words = key.Split(' ');
            slots.TryGetValue(words[0], out var first);
            slots[words[0]] = first with { LongestPhrase = Math.Max(first.LongestPhrase, Math.Min(words.Length, MaxPhraseWords)) };
        }
        return new ModerationLexicon(
            slots.ToFrozenDictionary(StringComparer.Ordinal),
            squeezed.ToFrozenDictionary(StringComparer.Ordinal),
            leet.ToFrozenDictionary(StringComparer.Ordinal));
    }

    // Variants collide ("connard" and "conard" squeeze alike): the curated, heavier term names the match.
    private static void AddPreferringHeavier(Dictionary<string, ModerationTerm> table, string key, ModerationTerm term)
    {
        if (!table.TryGetValue(key, out var existing) || existing.Weight < term.Weight)
        {
            table[key] = term;
        }
    }

    /// <summary>A term's key: its words as the decoder reads them, joined by single spaces.</summary>
    internal static string DecodeKey(string term)
    {
        var buffer = new char[(term.Length * 2) + 2];
        var words = new DecodedWord[term.Length + 1];
        var counts = default(ChunkCounts);
        var count = ObfuscationDecoder.Decode(term, buffer, words, ref counts);
        return string.Join(' ', words[..count].Select(w => new string(buffer, w.Start, w.Length)));
    }

    private static TermLanguages ParseLanguages(string code) => code switch
    {
        "en" => TermLanguages.English,
        "fr" => TermLanguages.French,
        _ => TermLanguages.Any,
    };
}
