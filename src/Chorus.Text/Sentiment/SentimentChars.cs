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

    /// <summary>Chars below this have their facts in <see cref="Table"/>.</summary>
    public const int TableSize = 0x2100;
    private static readonly uint[] TableArray = BuildTable();

    /// <summary>The facts of the chars below <see cref="TableSize"/>, indexed by char.</summary>
    public static ReadOnlySpan<uint> Table => TableArray;

    /// <summary>The packed facts of <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Of(char c) => c < TableSize ? TableArray[c] : Describe(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static char Folded(uint facts) => (char)facts;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CharMark Mark(uint facts) => (CharMark)(facts >> MarkShift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWordChar(char c) => (Of(c) & WordChar) != 0;

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
