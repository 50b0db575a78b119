using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Chorus.Text.Language;

/// <summary>
/// Identifies the language of a text (en, fr, es, de, it, pt, nl) with a naive-Bayes score over
/// character 1- to 4-grams of each word plus a bonus for strong words (function words specific to
/// one or two languages), which is what makes three-word texts work. Allocation-free.
/// </summary>
public static class LanguageIdentifier
{
    private const int MaxLanguages = 8;
    private const int MaxWordLength = 48;
    private const int MaxChars = 20_000;
    // A strong word is worth about 6 nats of evidence, split between the languages sharing it: enough
    // to settle "das ist so cool", not enough to override the letters of a long text quoting a foreign word.
    private const int StrongWordBonus = 600;
    // The four n-gram orders overlap (each char is counted up to four times): dividing the log odds
    // by about that much keeps the confidence from saturating at 1 on short texts.
    private const double EvidenceTemperature = 4.0;

    /// <summary>Codes of the languages the model knows, in ISO 639-1.</summary>
    public static IReadOnlyList<string> SupportedLanguages => LanguageModel.Instance.Languages;

    /// <summary>The most likely language of <paramref name="text"/>, or <c>und</c> when it has no letters.</summary>
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
        Span<char> word = stackalloc char[MaxWordLength];
        var letters = 0;
        var knownLetters = 0;
        var wordLength = 0;
        ulong window = ' ';
        var windowLength = 1; // chars of the current padded word held in the window, capped at 4

        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetter(c))
            {
                c = char.ToLowerInvariant(c);
                letters++;
                if (wordLength < MaxWordLength)
                {
                    word[wordLength] = c;
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
                continue;
            }
            // End of word: n-grams that end with the boundary space.
            window = (window << 16) | ' ';
            windowLength = Math.Min(windowLength + 1, 4);
            AddNgrams(model, ref total, window, windowLength, 2);
            if (wordLength <= MaxWordLength && model.StrongWordLookup.TryGetValue(word[..wordLength], out var mask))
            {
                var share = StrongWordBonus / BitOperations.PopCount(mask);
                for (var l = 0; l < count; l++)
                {
                    if ((mask & (1 << l)) != 0)
                    {
                        costs[l] -= share;
                    }
                }
            }
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
        return new LanguageGuess(model.Languages[best], 1.0 / sum);
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
