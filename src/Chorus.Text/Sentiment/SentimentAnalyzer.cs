using System.Buffers;
using Chorus.Text.Language;

namespace Chorus.Text.Sentiment;

/// <summary>
/// Lexicon-and-rules sentiment for English and French (VADER's model extended to French): valences
/// of words, emoji and emoticons, modified by negation (three-word window; French "ne … pas/plus/
/// jamais/rien/guère" and "pas" alone), boosters and dampeners, "least"/"moins", "kind of"/"un peu",
/// ALL-CAPS emphasis and stretched words ("sooo"), contrast ("but", "mais", "pourtant", "sauf que", …) and
/// concession ("although", "bien que") within each sentence, '!' and '?' emphasis and phrases. The score
/// weighs the positive against the negative opinions (<see cref="Normalize"/>), so a long mixed text stays
/// near 0 and a text with no opinion is 0.
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
        var opinions = new OpinionTally();
        var consumedUntil = 0;
        for (var i = 0; i < count; i++)
        {
            ref readonly var token = ref tokens[i];
            if (token.Kind == SentimentTokenKind.Boundary)
            {
                opinions.EndClause(token.EndsSentence);
                continue;
            }
            // Most tokens are words outside the lexicon: no valence, no role, nothing to do.
            if (token.Entry.Valence == 0 && token.Entry.Roles == WordRoles.None)
            {
                continue;
            }
            if (i < consumedUntil)
            {
                continue;
            }
            if (token.Entry.Has(WordRoles.Contrast))
            {
                opinions.Contrast();
            }
            else if (token.Entry.Has(WordRoles.Concession))
            {
                opinions.Concede();
            }
            else if (token.Entry.Has(WordRoles.PairLead) && i + 1 < count && tokens[i + 1].Kind == SentimentTokenKind.Word
                && lexicon.IsPair(folded.Slice(token.Start, token.Length), folded.Slice(tokens[i + 1].Start, tokens[i + 1].Length), out var isContrast))
            {
                if (isContrast)
                {
                    opinions.Contrast();
                }
                else
                {
                    opinions.Concede();
                }
                consumedUntil = i + 2;
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
                opinions.Add(Modify(tokens, i, valence, capsMatter));
            }
        }
        opinions.EndClause(endsSentence: true);
        var positive = opinions.Positive;
        var negative = opinions.Negative;
        // '!' and '?' strengthen whichever side the text leans to.
        if (positive != negative)
        {
            var emphasis = PunctuationEmphasis(stats);
            if (positive > negative)
            {
                positive += emphasis;
            }
            else
            {
                negative += emphasis;
            }
        }
        var score = Normalize(positive, negative, stats.CapitalWords + stats.OtherWords);
        var label = score >= SentimentRules.NeutralBand ? SentimentLabel.Positive
            : score <= -SentimentRules.NeutralBand ? SentimentLabel.Negative
            : SentimentLabel.Neutral;
        return new SentimentResult(label, score, language);
    }

    /// <summary>
    /// The balance of the opinions, scaled by how much opinion there is: (P − N) / sqrt((P + N)² + alpha + w × words).
    /// With one side only and no word term it is VADER's x / sqrt(x² + alpha); opinions that cancel out land near
    /// 0 however long the text, where a plain sum of valences drifts to ±1 as a long mixed review adds up words;
    /// and the word term asks a long text for more opinion than a short one before it leaves the neutral band
    /// (one mildly coloured word in a factual paragraph is not an opinion).
    /// </summary>
    private static double Normalize(double positive, double negative, int words)
    {
        var mass = positive + negative;
        return mass == 0 ? 0 : Math.Clamp((positive - negative) / Math.Sqrt((mass * mass) + SentimentRules.Alpha + (SentimentRules.WordWeight * words)), -1.0, 1.0);
    }

    /// <summary>
    /// Positive and negative opinion masses of a text, sentence by sentence: in a sentence with a contrast
    /// ("good but expensive", "mais", "sauf que") what precedes it weighs <see cref="SentimentRules.BeforeContrast"/>
    /// and what follows <see cref="SentimentRules.AfterContrast"/>; a contrast that opens a sentence ("But the
    /// service was awful.") weakens the sentence before. A concession ("although", "bien que", "même si") weighs
    /// <see cref="SentimentRules.BeforeContrast"/> up to the end of its clause, the rest of the sentence
    /// <see cref="SentimentRules.AfterContrast"/>.
    /// </summary>
    private struct OpinionTally
    {
        public float Positive;
        public float Negative;
        private float _sentencePositive;
        private float _sentenceNegative;
        private float _lastPositive;
        private float _lastNegative;
        private bool _contrasted;
        private bool _conceding;

        public void Add(float valence)
        {
            var weight = _conceding ? SentimentRules.BeforeContrast : _contrasted ? SentimentRules.AfterContrast : 1f;
            if (valence > 0)
            {
                _sentencePositive += valence * weight;
            }
            else
            {
                _sentenceNegative -= valence * weight;
            }
        }

        public void Contrast()
        {
            if (_sentencePositive == 0 && _sentenceNegative == 0)
            {
                Positive -= _lastPositive * (1 - SentimentRules.BeforeContrast);
                Negative -= _lastNegative * (1 - SentimentRules.BeforeContrast);
                _lastPositive *= SentimentRules.BeforeContrast;
                _lastNegative *= SentimentRules.BeforeContrast;
            }
            else if (!_contrasted)
            {
                _sentencePositive *= SentimentRules.BeforeContrast;
                _sentenceNegative *= SentimentRules.BeforeContrast;
            }
            _contrasted = true;
            _conceding = false;
        }

        public void Concede()
        {
            _conceding = true;
        }

        public void EndClause(bool endsSentence)
        {
            if (_conceding)
            {
                _conceding = false;
                _contrasted = true;
            }
            if (!endsSentence)
            {
                return;
            }
            Positive += _sentencePositive;
            Negative += _sentenceNegative;
            _lastPositive = _sentencePositive;
            _lastNegative = _sentenceNegative;
            _sentencePositive = 0;
            _sentenceNegative = 0;
            _contrasted = false;
        }
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
        if (tokens[i].Elongated)
        {
            valence += sign * SentimentRules.BoosterIncrement;
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
            // A negation before "but"/"mais" belongs to the other clause: "pas mal mais franchement génial".
            if (entry.Has(WordRoles.Contrast))
            {
                break;
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
