using System.Globalization;
using System.Runtime.CompilerServices;
using Chorus.Text.Language;

namespace Chorus.Text.Sentiment;

/// <summary>What a non-word char means to the scanner.</summary>
internal enum CharMark : byte
{
    /// <summary>Skipped (emoji and other symbols from U+2000 are still looked up in the symbol table).</summary>
    None,
    /// <summary>Space, tab, line break and '#': skipped without a symbol look-up.</summary>
    Space,
    Exclamation,
    Question,
    /// <summary>'@': a mention when a word char follows.</summary>
    At,
    /// <summary>':', '=', '&lt;', '&gt;', '(': may start an emoticon.</summary>
    EmoticonStart,
    /// <summary>';': may start an emoticon ";)", else ends a clause.</summary>
    EmoticonOrBoundary,
    /// <summary>'.', ',', '…': ends a clause.</summary>
    Boundary,
    HighSurrogate,
}

/// <summary>
/// Everything the sentiment scanner needs to know about a char, packed in one <see cref="uint"/>: its folded
/// form (lower case, no accent; <see cref="CharFolding"/>), whether it belongs to a word, its case, and its
/// <see cref="CharMark"/>. Chars below U+2100 (Latin, Greek, Cyrillic, general punctuation) are read from a
/// table built once from the same definitions, so the scanner does one array read per char instead of
/// Unicode category look-ups and comparison chains.
/// </summary>
internal static class SentimentChars
{
    public const uint WordChar = 1u << 16;
    public const uint Upper = 1u << 17;
    public const uint Lower = 1u << 18;
    /// <summary>œ, æ, ß: fold to two chars (<see cref="CharFolding.Fold(ReadOnlySpan{char}, Span{char})"/>).</summary>
    public const uint Ligature = 1u << 19;
    /// <summary>'\'' and '’' (the modifier letter 'ʼ' is a word char and folds to '\'').</summary>
    public const uint Apostrophe = 1u << 20;
    public const int UpperShift = 17;
    public const int LowerShift = 18;
    private const int MarkShift = 24;

    private const int TableSize = 0x2100;
    private static readonly uint[] Table = BuildTable();

    /// <summary>The packed facts of <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Of(char c) => c < TableSize ? Table[c] : Describe(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static char Folded(uint facts) => (char)facts;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CharMark Mark(uint facts) => (CharMark)(facts >> MarkShift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWordChar(char c) => (Of(c) & WordChar) != 0;

    /// <summary>
    /// Folds the run of word chars at <paramref name="i"/> that need nothing but the table (no ligature, below
    /// U+2100) into <paramref name="folded"/> from <paramref name="end"/>, hashing them (<see cref="WordTable.Step"/>)
    /// and counting upper- and lower-case letters; returns the index of the first char it did not take.
    /// </summary>
    /// <remarks>
    /// The hot loop of the analyser. It has no calls, so the JIT keeps its state in registers; not inlined, because
    /// inside the caller (whose state is live across calls) the same variables would live on the stack.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int FoldRun(ReadOnlySpan<char> text, int i, Span<char> folded, ref int end, ref uint hash, ref int upper, ref int lower)
    {
        ReadOnlySpan<uint> table = Table;
        var written = end;
        var h = hash;
        var upperCount = upper;
        var lowerCount = lower;
        while ((uint)i < (uint)text.Length)
        {
            var c = text[i];
            if (c >= TableSize)
            {
                break;
            }
            var facts = table[c];
            if ((facts & (WordChar | Ligature)) != WordChar)
            {
                break;
            }
            var f = (char)facts;
            folded[written++] = f;
            h = WordTable.Step(h, f);
            upperCount += (int)(facts >> UpperShift) & 1;
            lowerCount += (int)(facts >> LowerShift) & 1;
            i++;
        }
        end = written;
        hash = h;
        upper = upperCount;
        lower = lowerCount;
        return i;
    }

    /// <summary>Letters, digits and combining marks belong to words.</summary>
    private static bool IsLetterDigitOrMark(char c)
    {
        if (c < 128)
        {
            return (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9;
        }
        return char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;
    }

    private static uint Describe(char c)
    {
        uint facts = CharFolding.Fold(c);
        if (IsLetterDigitOrMark(c))
        {
            facts |= WordChar;
            facts |= char.IsUpper(c) ? Upper : char.IsLower(c) ? Lower : 0;
            Span<char> folded = stackalloc char[2];
            facts |= CharFolding.Fold([c], folded) == 2 ? Ligature : 0;
            return facts;
        }
        facts |= c is '\'' or '\u2019' ? Apostrophe : 0;
        var mark = c switch
        {
            ' ' or '\t' or '\n' or '\r' or '#' => CharMark.Space,
            '!' => CharMark.Exclamation,
            '?' => CharMark.Question,
            '@' => CharMark.At,
            ':' or '=' or '<' or '>' or '(' => CharMark.EmoticonStart,
            ';' => CharMark.EmoticonOrBoundary,
            '.' or ',' or '…' => CharMark.Boundary,
            _ when char.IsHighSurrogate(c) => CharMark.HighSurrogate,
            _ => CharMark.None,
        };
        return facts | ((uint)mark << MarkShift);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[TableSize];
        for (var c = 0; c < TableSize; c++)
        {
            table[c] = Describe((char)c);
        }
        return table;
    }
}
