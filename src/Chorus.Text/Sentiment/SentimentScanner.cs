using System.Globalization;
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
        var symbols = SentimentLexicon.Symbols;
        var count = 0;
        var written = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsWordChar(c))
            {
                if ((c | 0x20) is 'h' or 'w' && StartsUrl(text[i..]))
                {
                    i = SkipToWhitespace(text, i);
                    continue;
                }
                i = ScanWord(text, i, lexicon, folded, ref written, tokens, ref count, ref stats);
                continue;
            }
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                    && symbols.TryGetValence(((ulong)c << 16) | text[i + 1], out var emojiValence))
                {
                    AddSymbol(tokens, ref count, emojiValence);
                }
                i += 2;
                continue;
            }
            switch (c)
            {
                case ' ' or '\t' or '\n' or '\r' or '#':
                    i++;
                    continue;
                case '!':
                    stats.Exclamations++;
                    AddBoundary(tokens, ref count);
                    i++;
                    continue;
                case '?':
                    stats.Questions++;
                    AddBoundary(tokens, ref count);
                    i++;
                    continue;
                case '@' when i + 1 < text.Length && IsWordChar(text[i + 1]):
                    i = SkipToWhitespace(text, i);
                    continue;
                default:
                    break;
            }
            if (c is ':' or ';' or '=' or '<' or '>' or '(' && TryEmoticon(text, i, symbols, out var length, out var emoticonValence))
            {
                AddSymbol(tokens, ref count, emoticonValence);
                i += length;
                continue;
            }
            if (c >= 0x2000 && symbols.TryGetValence(c, out var symbolValence))
            {
                AddSymbol(tokens, ref count, symbolValence);
            }
            else if (c is '.' or ',' or ';' or '…')
            {
                AddBoundary(tokens, ref count);
            }
            i++;
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWordChar(char c)
    {
        if (c < 128)
        {
            return (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9;
        }
        return char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';

    private static int ScanWord(
        ReadOnlySpan<char> text, int i, SentimentLexicon lexicon, Span<char> folded, ref int written,
        Span<SentimentToken> tokens, ref int count, ref ScanStatistics stats)
    {
        var start = written;
        var upper = 0;
        var lower = 0;
        var hash = WordTable.Seed;
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 128)
            {
                if ((uint)(c - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9)
                {
                    lower += c >= 'a' ? 1 : 0;
                    folded[written++] = c;
                    hash = WordTable.Step(hash, c);
                    i++;
                    continue;
                }
                if ((uint)(c - 'A') <= 'Z' - 'A')
                {
                    upper++;
                    c = (char)(c | 0x20);
                    folded[written++] = c;
                    hash = WordTable.Step(hash, c);
                    i++;
                    continue;
                }
            }
            else if (IsWordChar(c))
            {
                if (char.IsUpper(c))
                {
                    upper++;
                }
                else if (char.IsLower(c))
                {
                    lower++;
                }
                var added = CharFolding.Fold([c], folded[written..]);
                for (var k = 0; k < added; k++)
                {
                    hash = WordTable.Step(hash, folded[written + k]);
                }
                written += added;
                i++;
                continue;
            }
            if (IsApostrophe(c) && i + 1 < text.Length && IsWordChar(text[i + 1]) && written > start)
            {
                folded[written++] = '\'';
                hash = WordTable.Step(hash, '\'');
                i++;
                if (IsElision(folded[start..(written - 1)]))
                {
                    AddWord(lexicon, folded, start, written, hash, tokens, ref count, upper, lower, ref stats);
                    start = written;
                    upper = 0;
                    lower = 0;
                    hash = WordTable.Seed;
                }
                continue;
            }
            break;
        }
        if (written > start)
        {
            AddWord(lexicon, folded, start, written, hash, tokens, ref count, upper, lower, ref stats);
        }
        return i;
    }

    private static void AddWord(
        SentimentLexicon lexicon, Span<char> folded, int start, int end, uint hash, Span<SentimentToken> tokens, ref int count,
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
        token.AllCaps = upper >= 2 && lower == 0;
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
        lexicon.TryGetWord(folded.Slice(start, end - start), hash, out token.Entry);
    }

    private static void AddSymbol(Span<SentimentToken> tokens, ref int count, float valence) =>
        AddMark(tokens, ref count, SentimentTokenKind.Symbol, valence);

    // Consecutive boundaries ("?!", "...") collapse into one.
    private static void AddBoundary(Span<SentimentToken> tokens, ref int count)
    {
        if (count == 0 || tokens[count - 1].Kind != SentimentTokenKind.Boundary)
        {
            AddMark(tokens, ref count, SentimentTokenKind.Boundary, 0);
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
        token.AllCaps = false;
        token.Entry = new LexiconEntry(valence, 0, WordRoles.None);
    }

    /// <summary>Longest emoticon (4 to 2 chars) at <paramref name="i"/> not glued to a following letter or digit.</summary>
    private static bool TryEmoticon(ReadOnlySpan<char> text, int i, SymbolTable symbols, out int length, out float valence)
    {
        for (length = Math.Min(4, text.Length - i); length >= 2; length--)
        {
            if (i + length < text.Length && IsWordChar(text[i + length]))
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
