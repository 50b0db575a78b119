using System.Buffers;
using Chorus.Text.Language;

namespace Chorus.Text.Sentiment;

/// <summary>
/// Lexicon-and-rules sentiment for English and French (VADER's model extended to French): valences
/// of words, emoji and emoticons, modified by negation (three-word window; French "ne … pas/plus/
/// jamais/rien/guère" and "pas" alone), boosters and dampeners, "least"/"moins", "kind of"/"un peu",
/// ALL-CAPS emphasis, contrast ("but", "mais", "pourtant", …), '!' and '?' emphasis and phrases.
/// Allocation-free for texts up to <see cref="StackLimit"/> chars; thread-safe.
/// </summary>
public static class SentimentAnalyzer
{
    /// <summary>Texts up to this many chars are analysed on the stack; longer ones use pooled buffers.</summary>
    public const int StackLimit = 512;

    // Below this confidence a text detected as another language is still read with the English
    // lexicon: short English texts are the most frequent case and English words leak into all languages.
    private const double OtherLanguageConfidence = 0.9;

    /// <summary>Analyses <paramref name="text"/>; detects the language when <paramref name="language"/> is null or empty.</summary>
    public static SentimentResult Analyze(ReadOnlySpan<char> text, string? language = null)
    {
        if (string.IsNullOrEmpty(language))
        {
            var guess = LanguageIdentifier.Identify(text);
            var lexicon = guess.Language switch
            {
                "fr" => SentimentLexicon.French,
                "en" or LanguageGuess.Undetermined => SentimentLexicon.English,
                _ when guess.Confidence < OtherLanguageConfidence => SentimentLexicon.English,
                _ => SentimentLexicon.SymbolsOnly,
            };
            return Analyze(text, lexicon, guess.Language);
        }
        var code = NormalizeLanguage(language);
        return Analyze(text, SentimentLexicon.For(code), code);
    }

    /// <summary>"fr-FR", "FR", "fr_CA" → "fr"; unknown codes are returned unchanged.</summary>
    internal static string NormalizeLanguage(string language)
    {
        if (language is "en" or "fr")
        {
            return language;
        }
        if (language.Length >= 2 && (language.Length == 2 || language[2] is '-' or '_'))
        {
            foreach (var known in LanguageModel.Instance.Languages)
            {
                if (char.ToLowerInvariant(language[0]) == known[0] && char.ToLowerInvariant(language[1]) == known[1])
                {
                    return known;
                }
            }
        }
        return language;
    }

    internal static SentimentResult Analyze(ReadOnlySpan<char> text, SentimentLexicon lexicon, string language)
    {
        if (text.Length <= StackLimit)
        {
            Span<char> folded = stackalloc char[(2 * text.Length) + 2];
            Span<SentimentToken> tokens = stackalloc SentimentToken[text.Length + 1];
            return Score(text, lexicon, language, folded, tokens);
        }
        var foldedArray = ArrayPool<char>.Shared.Rent((2 * text.Length) + 2);
        var tokenArray = ArrayPool<SentimentToken>.Shared.Rent(text.Length + 1);
        try
        {
            return Score(text, lexicon, language, foldedArray, tokenArray);
        }
        finally
        {
            ArrayPool<SentimentToken>.Shared.Return(tokenArray);
            ArrayPool<char>.Shared.Return(foldedArray);
        }
    }

    private static SentimentResult Score(
        ReadOnlySpan<char> text, SentimentLexicon lexicon, string language,
        Span<char> folded, Span<SentimentToken> tokens)
    {
        var count = SentimentScanner.Scan(text, lexicon, folded, tokens, out var stats);
        tokens = tokens[..count];
        SentimentScanner.LookUpWords(lexicon, folded, tokens);
        var capsMatter = stats.CapitalWords > 0 && stats.OtherWords > 0;
        // Valences before the first contrast word weigh 0.5, after it 1.5 ("good but expensive").
        var contrastAt = -1;
        float beforeContrast = 0;
        float sum = 0;
        var consumedUntil = 0;
        for (var i = 0; i < count; i++)
        {
            ref readonly var token = ref tokens[i];
            // Most tokens are words outside the lexicon, and boundaries: no valence, no role, nothing to do.
            if (token.Entry.Valence == 0 && token.Entry.Roles == WordRoles.None)
            {
                continue;
            }
            if (contrastAt < 0 && token.Entry.Has(WordRoles.Contrast))
            {
                contrastAt = i;
                beforeContrast = sum;
                sum = 0;
            }
            if (i < consumedUntil)
            {
                continue;
            }
            var valence = token.Entry.Valence;
            if (token.Entry.Has(WordRoles.Excess) && i + 1 < count && tokens[i + 1].Kind == SentimentTokenKind.Word
                && tokens[i + 1].Entry == default)
            {
                valence = SentimentRules.ExcessValence;
            }
            if (token.Entry.Has(WordRoles.PhraseStart) && TryPhrase(tokens, folded, lexicon, i, out var phraseValence, out var phraseWords))
            {
                valence = phraseValence;
                consumedUntil = i + phraseWords;
            }
            else if (valence == 0 || IsModifierHere(tokens, i))
            {
                continue;
            }
            if (valence != 0)
            {
                sum += Modify(tokens, i, valence, capsMatter);
            }
        }

        if (contrastAt >= 0)
        {
            sum = (beforeContrast * SentimentRules.BeforeContrast) + (sum * SentimentRules.AfterContrast);
        }
        if (sum != 0)
        {
            sum += MathF.Sign(sum) * PunctuationEmphasis(stats);
        }
        var score = Math.Clamp(sum / Math.Sqrt((sum * sum) + SentimentRules.Alpha), -1.0, 1.0);
        var label = score >= SentimentRules.NeutralBand ? SentimentLabel.Positive
            : score <= -SentimentRules.NeutralBand ? SentimentLabel.Negative
            : SentimentLabel.Neutral;
        return new SentimentResult(label, score, language);
    }

    // A booster that carries its own valence ("super", "pretty") or "kind" in "kind of" modifies the
    // next word instead of counting itself.
    private static bool IsModifierHere(ReadOnlySpan<SentimentToken> tokens, int i)
    {
        if (i + 1 >= tokens.Length || tokens[i + 1].Kind != SentimentTokenKind.Word)
        {
            return false;
        }
        var entry = tokens[i].Entry;
        var next = tokens[i + 1].Entry;
        return (entry.Has(WordRoles.Booster) && next.Valence != 0)
            || (entry.Has(WordRoles.KindOf) && next.Has(WordRoles.Of));
    }

    private static float Modify(ReadOnlySpan<SentimentToken> tokens, int i, float valence, bool capsMatter)
    {
        var sign = valence > 0 ? 1f : -1f;
        if (capsMatter && tokens[i].AllCaps)
        {
            valence += sign * SentimentRules.CapsIncrement;
        }
        var negated = false;
        var afterNe = false;
        var seen = 0;
        for (var j = i - 1; j >= 0 && seen < 3; j--)
        {
            ref readonly var before = ref tokens[j];
            if (before.Kind == SentimentTokenKind.Boundary)
            {
                break;
            }
            seen++;
            var entry = before.Entry;
            if (entry.Roles == WordRoles.None)
            {
                continue;
            }
            var decay = seen switch { 1 => 1f, 2 => 0.95f, _ => 0.9f };
            if (entry.Has(WordRoles.Booster))
            {
                var boost = entry.Boost * sign;
                if (capsMatter && before.AllCaps)
                {
                    boost += sign * SentimentRules.CapsIncrement;
                }
                valence += boost * decay;
            }
            negated |= entry.Has(WordRoles.Negator)
                || (seen == 1 && entry.Has(WordRoles.NearNegator))
                || (seen == 1 && entry.Has(WordRoles.Least) && !(j > 0 && tokens[j - 1].Entry.Has(WordRoles.LeastGuard)));
            if (entry.Has(WordRoles.Little))
            {
                if (j > 0 && tokens[j - 1].Entry.Has(WordRoles.One))
                {
                    valence -= sign * SentimentRules.BoosterIncrement * decay;
                }
                else
                {
                    negated = true;
                }
            }
            if (seen == 1 && entry.Has(WordRoles.Of) && j > 0 && tokens[j - 1].Entry.Has(WordRoles.KindOf))
            {
                valence -= sign * SentimentRules.BoosterIncrement;
            }
            afterNe |= entry.Has(WordRoles.NePrefix);
        }
        // French "ne … pas": "je n'aime pas", "je ne l'aime plus".
        if (afterNe && !negated)
        {
            for (var j = i + 1; j < tokens.Length && j <= i + 2; j++)
            {
                if (tokens[j].Kind == SentimentTokenKind.Boundary)
                {
                    break;
                }
                if (tokens[j].Entry.Has(WordRoles.PostNegator))
                {
                    negated = true;
                    break;
                }
            }
        }
        return negated ? valence * SentimentRules.NegationScalar : valence;
    }

    private static bool TryPhrase(ReadOnlySpan<SentimentToken> tokens, ReadOnlySpan<char> folded, SentimentLexicon lexicon, int i, out float valence, out int words)
    {
        valence = 0;
        words = 0;
        if (i + 1 >= tokens.Length || !tokens[i + 1].Entry.Has(WordRoles.PhraseSecond))
        {
            return false;
        }
        var first = folded.Slice(tokens[i].Start, tokens[i].Length);
        var second = folded.Slice(tokens[i + 1].Start, tokens[i + 1].Length);
        if (i + 2 < tokens.Length && tokens[i + 2].Kind == SentimentTokenKind.Word
            && lexicon.TryGetPhrase(first, second, folded.Slice(tokens[i + 2].Start, tokens[i + 2].Length), out valence))
        {
            words = 3;
            return true;
        }
        if (lexicon.TryGetPhrase(first, second, [], out valence))
        {
            words = 2;
            return true;
        }
        return false;
    }

    private static float PunctuationEmphasis(in ScanStatistics stats)
    {
        var emphasis = Math.Min(stats.Exclamations, SentimentRules.MaxExclamations) * SentimentRules.ExclamationIncrement;
        if (stats.Questions > 1)
        {
            emphasis += stats.Questions <= 3 ? stats.Questions * SentimentRules.QuestionIncrement : 0.96f;
        }
        return emphasis;
    }
}
