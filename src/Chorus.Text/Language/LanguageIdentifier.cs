using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Chorus.Text.Language;

/// <summary>
/// Identifies the language of a text (en, fr, es, de, it, pt, nl) with a naive-Bayes score over
/// character 1- to 4-grams of each folded word (lower case, no accents: "Très" and "tres" are the same
/// evidence, so French typed without accents reads as French) plus a bonus for strong words (function
/// words and chat abbreviations specific to one or two languages), which is what makes three-word texts
/// work. Hashtags, mentions, links and the "url" placeholder of anonymised exports are not evidence of a
/// language and are skipped. Allocation-free.
/// </summary>
public static class LanguageIdentifier
{
    private const int MaxLanguages = 8;
    private const int MaxWordLength = 48;
    private const int MaxChars = 20_000;
    // A strong word is worth about 8 nats of evidence, split between the languages sharing it: enough
    // to settle "das ist so cool", not enough to override the letters of a long text quoting a foreign word.
    private const int StrongWordBonus = 800;
    // The four n-gram orders overlap (each char is counted up to four times): dividing the log odds
    // by about that much keeps the confidence from saturating at 1 on short texts.
    private const double EvidenceTemperature = 4.0;

    /// <summary>Codes of the languages the model knows, in ISO 639-1.</summary>
    public static IReadOnlyList<string> SupportedLanguages => LanguageModel.Instance.Languages;

    // Below this confidence no language stands out (seven languages share the rest): the text says "und".
    private const double UnsureConfidence = 0.3;

    /// <summary>
    /// The most likely language of <paramref name="text"/>, or <c>und</c> when it has no letters outside
    /// hashtags, mentions and links, or when no language stands out.
    /// </summary>
    public static LanguageGuess Identify(ReadOnlySpan<char> text)
    {
        // The beginning of a long text is evidence enough, and keeps the int costs far from overflow.
        if (text.Length > MaxChars)
        {
            text = text[..MaxChars];
        }
        var model = LanguageModel.Instance;
        var count = model.Languages.Length;
        var total = Vector256<int>.Zero;
        Span<int> costs = stackalloc int[MaxLanguages];
        costs.Clear();
        // One char more than a word: the apostrophe of an elision ("j'") or of a contraction ("'ll").
        Span<char> word = stackalloc char[MaxWordLength + 1];
        var letters = 0;
        var knownLetters = 0;
        var wordLength = 0;
        var afterApostrophe = false;
        ulong window = ' ';
        var windowLength = 1; // chars of the current padded word held in the window, capped at 4

        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (wordLength == 0 && IsTokenStart(text, i) && SkipsAsNoEvidence(text, i) is var skipTo and > 0)
            {
                i = skipTo - 1;
                continue;
            }
            if (char.IsLetter(c))
            {
                c = CharFolding.Fold(c);
                letters++;
                if (wordLength < MaxWordLength)
                {
                    word[wordLength + (afterApostrophe ? 1 : 0)] = c;
                }
                wordLength++;
                window = (window << 16) | c;
                windowLength = Math.Min(windowLength + 1, 4);
                if (AddNgrams(model, ref total, window, windowLength, 1))
                {
                    knownLetters++;
                }
                continue;
            }
            if (wordLength == 0)
            {
                afterApostrophe = false;
                continue;
            }
            // End of word: n-grams that end with the boundary space.
            window = (window << 16) | ' ';
            windowLength = Math.Min(windowLength + 1, 4);
            AddNgrams(model, ref total, window, windowLength, 2);
            var apostropheNext = c is '\'' or '\u2019' && i + 1 < text.Length && char.IsLetter(text[i + 1]);
            AddStrongWordBonus(model, costs, word, wordLength, afterApostrophe, apostropheNext);
            afterApostrophe = apostropheNext;
            wordLength = 0;
            window = ' ';
            windowLength = 1;
        }

        // No letters, or letters from scripts the model has never seen (Cyrillic, CJK, ...).
        if (letters == 0 || knownLetters * 2 < letters)
        {
            return new LanguageGuess(LanguageGuess.Undetermined, 0);
        }
        for (var l = 0; l < count; l++)
        {
            costs[l] += total[l];
        }
        var best = 0;
        for (var l = 1; l < count; l++)
        {
            if (costs[l] < costs[best])
            {
                best = l;
            }
        }
        // Softmax over languages of log-likelihood / temperature; costs are -ln p × 100.
        double sum = 0;
        for (var l = 0; l < count; l++)
        {
            sum += Math.Exp((costs[best] - costs[l]) / (100.0 * EvidenceTemperature));
        }
        var confidence = 1.0 / sum;
        return confidence < UnsureConfidence
            ? new LanguageGuess(LanguageGuess.Undetermined, confidence)
            : new LanguageGuess(model.Languages[best], confidence);
    }

    /// <summary>
    /// Credits the languages of a strong word; a word cut by an apostrophe is looked up with it, as French
    /// and Italian elisions ("j'", "qu'", "l'") and English contractions ("'ll", "'t") are listed that way.
    /// </summary>
    private static void AddStrongWordBonus(LanguageModel model, Span<int> costs, Span<char> word, int wordLength, bool afterApostrophe, bool apostropheNext)
    {
        if (wordLength > MaxWordLength)
        {
            return;
        }
        ReadOnlySpan<char> key;
        if (afterApostrophe)
        {
            word[0] = '\'';
            key = word[..(wordLength + 1)];
        }
        else if (apostropheNext && wordLength < MaxWordLength)
        {
            word[wordLength] = '\'';
            key = word[..(wordLength + 1)];
        }
        else
        {
            key = word[..wordLength];
        }
        if (model.StrongWordLookup.TryGetValue(key, out var mask))
        {
            var share = StrongWordBonus / BitOperations.PopCount(mask);
            for (var l = 0; l < model.Languages.Length; l++)
            {
                if ((mask & (1 << l)) != 0)
                {
                    costs[l] -= share;
                }
            }
        }
    }

    private static bool IsTokenStart(ReadOnlySpan<char> text, int i) => i < text.Length && (i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '"' or '\'');

    /// <summary>
    /// The index after a hashtag, mention, link or "url" placeholder starting at <paramref name="i"/>, or 0:
    /// hashtags are often English in any language, and names, handles and links carry no language.
    /// </summary>
    private static int SkipsAsNoEvidence(ReadOnlySpan<char> text, int i)
    {
        var rest = text[i..];
        var isTag = rest.Length > 1 && rest[0] is '#' or '@' && char.IsLetterOrDigit(rest[1]);
        if (isTag || rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            var end = i;
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }
            return end;
        }
        if (rest.Length >= 3 && rest.StartsWith("url", StringComparison.OrdinalIgnoreCase) && (rest.Length == 3 || !char.IsLetterOrDigit(rest[3])))
        {
            return i + 3;
        }
        return 0;
    }

    /// <summary>Adds the costs of the n-grams ending at the newest char; returns whether its unigram is known.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AddNgrams(LanguageModel model, ref Vector256<int> total, ulong window, int windowLength, int minOrder)
    {
        var unigramKnown = false;
        for (var n = minOrder; n <= windowLength; n++)
        {
            var key = n == 4 ? window : window & ((1UL << (16 * n)) - 1);
            if (model.Ngrams.TryGetValue(key, out var row))
            {
                total += model.CostRows[row];
                unigramKnown |= n == 1;
            }
            else
            {
                total += model.FloorRows[n - 1];
            }
        }
        return unigramKnown;
    }
}
