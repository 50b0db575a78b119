using System.Runtime.CompilerServices;
using Chorus.Text.Language;

namespace Chorus.Text.Sentiment;

/// <summary>Counts gathered while scanning, used by the emphasis rules.</summary>
internal struct ScanStatistics
{
    public int Exclamations;
    public int Questions;
    public int CapitalWords;
    public int OtherWords;
}

/// <summary>
/// Single pass over the chars: words (folded into a buffer and looked up as they end, French
/// elisions split off: "n'est" → "n'" + "est"), emoji and emoticons, sentence boundaries, counts of
/// '!' and '?'. Keeps case information for ALL-CAPS emphasis. URLs and @mentions are skipped.
/// </summary>
internal static class SentimentScanner
{
    /// <summary>
    /// Scans <paramref name="text"/>; <paramref name="folded"/> needs 2 × text length and
    /// <paramref name="tokens"/> text length + 1 entries. Returns the number of tokens.
    /// </summary>
    public static int Scan(ReadOnlySpan<char> text, SentimentLexicon lexicon, Span<char> folded, Span<SentimentToken> tokens, out ScanStatistics stats)
    {
        stats = default;
        var count = 0;
        var written = 0;
        var i = 0;
        while (i < text.Length)
        {
            i = ScanPlainRun(text, i, lexicon, folded, ref written, tokens, ref count, ref stats);
            if (i == text.Length)
            {
                break;
            }
            // One unit the plain run leaves to this loop: a word with a ligature or a char from U+2100, a
            // possible url, a mention, an emoticon, an emoji, a symbol.
            var c = text[i];
            var facts = SentimentChars.Of(c);
            if ((facts & SentimentChars.WordChar) != 0)
            {
                if ((c | 0x20) is 'h' or 'w' && StartsUrl(text[i..]))
                {
                    i = SkipToWhitespace(text, i);
                    continue;
                }
                i = ScanWord(text, i, lexicon, folded, ref written, tokens, ref count, ref stats);
                continue;
            }
            switch (SentimentChars.Mark(facts))
            {
                case CharMark.Space:
                    i++;
                    continue;
                case CharMark.Exclamation:
                    stats.Exclamations++;
                    AddBoundary(tokens, ref count, endsSentence: true);
                    i++;
                    continue;
                case CharMark.Question:
                    stats.Questions++;
                    AddBoundary(tokens, ref count, endsSentence: true);
                    i++;
                    continue;
                case CharMark.At when i + 1 < text.Length && SentimentChars.IsWordChar(text[i + 1]):
                    i = SkipToWhitespace(text, i);
                    continue;
                case CharMark.HighSurrogate:
                    if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                        && SentimentLexicon.Symbols.TryGetValence(((ulong)c << 16) | text[i + 1], out var emojiValence))
                    {
                        AddSymbol(tokens, ref count, emojiValence);
                    }
                    i += 2;
                    continue;
                case CharMark.EmoticonStart or CharMark.EmoticonOrBoundary:
                    if (TryEmoticon(text, i, SentimentLexicon.Symbols, out var length, out var emoticonValence))
                    {
                        AddSymbol(tokens, ref count, emoticonValence);
                        i += length;
                        continue;
                    }
                    break;
                default:
                    break;
            }
            // Emoji of one char ('☺', '♥') and the typographic symbols are in the symbol table, from U+2000.
            if (c >= 0x2000 && SentimentLexicon.Symbols.TryGetValence(c, out var symbolValence))
            {
                AddSymbol(tokens, ref count, symbolValence);
            }
            else if (SentimentChars.Mark(facts) is CharMark.Boundary or CharMark.EmoticonOrBoundary)
            {
                AddBoundary(tokens, ref count, endsSentence: c is '.' or '…');
            }
            i++;
        }
        return count;
    }

    /// <summary>
    /// The common case in one loop without calls, so that its state stays in registers: words of table chars
    /// without ligature (French elisions included) separated by spaces, '.', ',', '!', '?' and other
    /// punctuation below U+2000. Returns the index of the first unit it leaves to <see cref="Scan"/>; a word
    /// it has begun and cannot finish (a ligature or a char from U+2100 follows) is given back whole.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ScanPlainRun(
        ReadOnlySpan<char> text, int i, SentimentLexicon lexicon, Span<char> folded, ref int written,
        Span<SentimentToken> tokens, ref int count, ref ScanStatistics stats)
    {
        var end = written;
        var tokenCount = count;
        var runStats = stats;
        // Only table chars: the Unicode look-ups of the others are calls, which would send this loop's
        // variables to the stack.
        var table = SentimentChars.Table;
        while (i < text.Length)
        {
            var c = text[i];
            if (c >= SentimentChars.TableSize)
            {
                break;
            }
            var facts = table[c];
            if ((facts & SentimentChars.WordChar) != 0)
            {
                if ((facts & SentimentChars.Ligature) != 0 || ((c | 0x20) is 'h' or 'w' && MayStartUrl(text, i)))
                {
                    break;
                }
                var wordStart = i;
                var start = end;
                var hash = WordTable.Seed;
                var upper = 0;
                var lower = 0;
                while (true)
                {
                    do
                    {
                        var f = SentimentChars.Folded(facts);
                        folded[end++] = f;
                        hash = WordTable.Step(hash, f);
                        upper += (int)(facts >> SentimentChars.UpperShift) & 1;
                        lower += (int)(facts >> SentimentChars.LowerShift) & 1;
                        if (++i == text.Length)
                        {
                            break;
                        }
                        var next = text[i];
                        facts = next < SentimentChars.TableSize ? table[next] : OutsideTable;
                    }
                    while ((facts & (SentimentChars.WordChar | SentimentChars.Ligature)) == SentimentChars.WordChar);
                    if (i == text.Length || (facts & (SentimentChars.WordChar | SentimentChars.Apostrophe)) == 0)
                    {
                        break;
                    }
                    // An apostrophe between word chars stays in the word ("don't", "aujourd'hui") or ends a
                    // French elision ("l'" + "avis"), as in ScanWord. A ligature, a char from U+2100 or a
                    // prefix that may be "jusqu'", "lorsqu'"...: Scan takes the word again from its start.
                    var after = i + 1 < text.Length ? text[i + 1] : '\0';
                    var afterFacts = after < SentimentChars.TableSize ? table[after] : OutsideTable;
                    if ((facts & SentimentChars.Apostrophe) != 0 && (afterFacts & SentimentChars.WordChar) == 0)
                    {
                        break;
                    }
                    var prefixLength = end - start;
                    if ((facts & SentimentChars.Apostrophe) == 0 || (afterFacts & SentimentChars.Ligature) != 0
                        || (prefixLength >= 3 && folded[end - 2] == 'q' && folded[end - 1] == 'u'))
                    {
                        i = wordStart;
                        end = start;
                        goto done;
                    }
                    folded[end++] = '\'';
                    hash = WordTable.Step(hash, '\'');
                    i++;
                    facts = afterFacts;
                    if (prefixLength == 1 ? folded[start] is 'l' or 'j' or 'd' or 'n' or 'm' or 't' or 's' or 'c'
                        : prefixLength == 2 && folded[start] == 'q' && folded[start + 1] == 'u')
                    {
                        AddWord(lexicon, start, end, hash, tokens, ref tokenCount, upper, lower, ref runStats);
                        wordStart = i;
                        start = end;
                        hash = WordTable.Seed;
                        upper = 0;
                        lower = 0;
                    }
                }
                AddWord(lexicon, start, end, hash, tokens, ref tokenCount, upper, lower, ref runStats);
                continue;
            }
            var mark = SentimentChars.Mark(facts);
            if (mark == CharMark.Space || (mark == CharMark.None && c < 0x2000))
            {
                i++;
                continue;
            }
            if (mark == CharMark.Exclamation || mark == CharMark.Question || (mark == CharMark.Boundary && c < 0x2000))
            {
                runStats.Exclamations += mark == CharMark.Exclamation ? 1 : 0;
                runStats.Questions += mark == CharMark.Question ? 1 : 0;
                AddBoundary(tokens, ref tokenCount, endsSentence: mark != CharMark.Boundary || c == '.');
                i++;
                continue;
            }
            break;
        }
    done:
        written = end;
        count = tokenCount;
        stats = runStats;
        return i;
    }

    // Stands for a char from U+2100 in the plain run: it may be a letter, and it is handled (like a ligature)
    // by taking the word again in ScanWord.
    private const uint OutsideTable = SentimentChars.WordChar | SentimentChars.Ligature;

    // Cheap test before StartsUrl: the words of a text that start with 'h' or 'w' rarely continue with 't' or 'w'.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool MayStartUrl(ReadOnlySpan<char> text, int i) => i + 1 < text.Length && (text[i + 1] | 0x20) is 't' or 'w';

    /// <summary>
    /// Folds the word at <paramref name="i"/> into <paramref name="folded"/> while hashing it, splits French
    /// elisions off ("l'" + "avis") and adds a token per word; returns the index after the word.
    /// </summary>
    private static int ScanWord(
        ReadOnlySpan<char> text, int i, SentimentLexicon lexicon, Span<char> folded, ref int written,
        Span<SentimentToken> tokens, ref int count, ref ScanStatistics stats)
    {
        var end = written;
        var start = end;
        var upper = 0;
        var lower = 0;
        var hash = WordTable.Seed;
        while (i < text.Length)
        {
            var c = text[i];
            var facts = SentimentChars.Of(c);
            if ((facts & (SentimentChars.WordChar | SentimentChars.Ligature)) == SentimentChars.WordChar)
            {
                var f = SentimentChars.Folded(facts);
                folded[end++] = f;
                hash = WordTable.Step(hash, f);
                upper += (int)(facts >> SentimentChars.UpperShift) & 1;
                lower += (int)(facts >> SentimentChars.LowerShift) & 1;
                i++;
                continue;
            }
            if ((facts & SentimentChars.Ligature) != 0)
            {
                upper += (int)(facts >> SentimentChars.UpperShift) & 1;
                lower += (int)(facts >> SentimentChars.LowerShift) & 1;
                var added = CharFolding.Fold([c], folded[end..]);
                for (var k = 0; k < added; k++)
                {
                    hash = WordTable.Step(hash, folded[end + k]);
                }
                end += added;
                i++;
                continue;
            }
            if ((facts & SentimentChars.Apostrophe) != 0 && i + 1 < text.Length && SentimentChars.IsWordChar(text[i + 1]) && end > start)
            {
                folded[end++] = '\'';
                hash = WordTable.Step(hash, '\'');
                i++;
                if (IsElision(folded[start..(end - 1)]))
                {
                    AddWord(lexicon, start, end, hash, tokens, ref count, upper, lower, ref stats);
                    start = end;
                    upper = 0;
                    lower = 0;
                    hash = WordTable.Seed;
                }
                continue;
            }
            break;
        }
        if (end > start)
        {
            AddWord(lexicon, start, end, hash, tokens, ref count, upper, lower, ref stats);
        }
        written = end;
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddWord(
        SentimentLexicon lexicon, int start, int end, uint hash, Span<SentimentToken> tokens, ref int count,
        int upper, int lower, ref ScanStatistics stats)
    {
        if (count == tokens.Length)
        {
            return;
        }
        ref var token = ref tokens[count++];
        token.Kind = SentimentTokenKind.Word;
        token.Start = start;
        token.Length = end - start;
        token.Hash = hash;
        token.AllCaps = upper >= 2 && lower == 0;
        token.EndsSentence = false;
        token.Elongated = false;
        if (upper + lower >= 2)
        {
            if (token.AllCaps)
            {
                stats.CapitalWords++;
            }
            else
            {
                stats.OtherWords++;
            }
        }
        // Most words are not in the lexicon, and a small filter says so at once. The others are looked up
        // after the scan (LookUpWords), so that the scan loop has no call and keeps its state in registers.
        token.Entry = default;
        token.MayBeListed = lexicon.MayContain(hash);
    }

    /// <summary>
    /// Fills the lexicon entry of the word tokens that got through the lexicon's filter while scanning, and of
    /// words stretched for emphasis ("sooo", "merciii", "nooon"): a letter written three times or more is read
    /// twice, then once ("goooood" → "good"; "sooo" → "soo", "so"), and the token is marked
    /// <see cref="SentimentToken.Elongated"/>.
    /// </summary>
    public static void LookUpWords(SentimentLexicon lexicon, ReadOnlySpan<char> folded, Span<SentimentToken> tokens)
    {
        Span<char> shortened = stackalloc char[MaxElongatedWord];
        foreach (ref var token in tokens)
        {
            if (token.Kind != SentimentTokenKind.Word)
            {
                continue;
            }
            var word = folded.Slice(token.Start, token.Length);
            if (token.MayBeListed && lexicon.TryGetWord(word, token.Hash, out token.Entry))
            {
                continue;
            }
            if (word.Length >= 3 && word.Length <= MaxElongatedWord && HasTripleLetter(word))
            {
                token.Elongated = TryShortened(lexicon, word, shortened, 2, out token.Entry)
                    || TryShortened(lexicon, word, shortened, 1, out token.Entry);
            }
        }
    }

    private const int MaxElongatedWord = 64;

    private static bool HasTripleLetter(ReadOnlySpan<char> word)
    {
        for (var k = 2; k < word.Length; k++)
        {
            if (word[k] == word[k - 1] && word[k] == word[k - 2] && char.IsLetter(word[k]))
            {
                return true;
            }
        }
        return false;
    }

    // The word with every run of three or more identical letters cut to keepRun letters.
    private static bool TryShortened(SentimentLexicon lexicon, ReadOnlySpan<char> word, Span<char> buffer, int keepRun, out LexiconEntry entry)
    {
        var length = 0;
        var hash = WordTable.Seed;
        for (var k = 0; k < word.Length; k++)
        {
            var run = 1;
            while (k + run < word.Length && word[k + run] == word[k])
            {
                run++;
            }
            var keep = run >= 3 ? keepRun : run;
            for (var r = 0; r < keep; r++)
            {
                buffer[length++] = word[k];
                hash = WordTable.Step(hash, word[k]);
            }
            k += run - 1;
        }
        if (lexicon.MayContain(hash) && lexicon.TryGetWord(buffer[..length], hash, out entry))
        {
            return true;
        }
        entry = default;
        return false;
    }

    private static void AddSymbol(Span<SentimentToken> tokens, ref int count, float valence) =>
        AddMark(tokens, ref count, SentimentTokenKind.Symbol, valence);

    // Consecutive boundaries ("?!", "...", ". ,") collapse into one, which ends a sentence if any of them does.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddBoundary(Span<SentimentToken> tokens, ref int count, bool endsSentence)
    {
        if (count == 0 || tokens[count - 1].Kind != SentimentTokenKind.Boundary)
        {
            AddMark(tokens, ref count, SentimentTokenKind.Boundary, 0);
        }
        if (count > 0)
        {
            tokens[count - 1].EndsSentence |= endsSentence;
        }
    }

    private static void AddMark(Span<SentimentToken> tokens, ref int count, SentimentTokenKind kind, float valence)
    {
        if (count == tokens.Length)
        {
            return;
        }
        ref var token = ref tokens[count++];
        token.Kind = kind;
        token.Start = 0;
        token.Length = 0;
        token.Hash = 0;
        token.MayBeListed = false;
        token.AllCaps = false;
        token.EndsSentence = false;
        token.Elongated = false;
        token.Entry = new LexiconEntry(valence, 0, WordRoles.None);
    }

    /// <summary>Longest emoticon (4 to 2 chars) at <paramref name="i"/> not glued to a following letter or digit.</summary>
    private static bool TryEmoticon(ReadOnlySpan<char> text, int i, SymbolTable symbols, out int length, out float valence)
    {
        for (length = Math.Min(4, text.Length - i); length >= 2; length--)
        {
            if (i + length < text.Length && SentimentChars.IsWordChar(text[i + length]))
            {
                continue;
            }
            ulong key = 0;
            var valid = true;
            for (var k = 0; k < length; k++)
            {
                var c = text[i + k];
                if (char.IsWhiteSpace(c))
                {
                    valid = false;
                    break;
                }
                key = (key << 16) | CharFolding.Fold(c);
            }
            if (valid && symbols.TryGetValence(key, out valence))
            {
                return true;
            }
        }
        valence = 0;
        return false;
    }

    // French elided articles and pronouns: l', j', d', n', m', t', s', c', qu', jusqu', lorsqu', puisqu', quoiqu'.
    private static bool IsElision(ReadOnlySpan<char> prefix) => prefix.Length switch
    {
        1 => prefix[0] is 'l' or 'j' or 'd' or 'n' or 'm' or 't' or 's' or 'c',
        2 => prefix[0] == 'q' && prefix[1] == 'u',
        _ => prefix.EndsWith("qu") && (prefix.SequenceEqual("jusqu") || prefix.SequenceEqual("lorsqu") || prefix.SequenceEqual("puisqu") || prefix.SequenceEqual("quoiqu")),
    };

    // Called at every word starting with 'h' or 'w': the second char rules out most words cheaply.
    private static bool StartsUrl(ReadOnlySpan<char> text) =>
        text.Length >= 4 && (text[1] | 0x20) is 't' or 'w'
        && (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("www.", StringComparison.OrdinalIgnoreCase));

    private static int SkipToWhitespace(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && !char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        return i;
    }
}
