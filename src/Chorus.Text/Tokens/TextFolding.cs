using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Chorus.Text.Tokens;

/// <summary>
/// Case and accent folding of single UTF-16 units. The table is computed once from Unicode
/// decompositions so the hot path folds a character with one array read.
/// </summary>
public static class TextFolding
{
    // 0 = drop (a combining mark), otherwise the folded character. Expansions (œ, æ, ß) are handled apart.
    private static readonly char[] FoldTable = BuildFoldTable();

    /// <summary>The apostrophe every apostrophe-like character is normalised to.</summary>
    public const char Apostrophe = '\'';

    /// <summary>True for the characters treated as an apostrophe.</summary>
    public static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';

    // Lower-case of every UTF-16 unit, computed once: the tokenizer lowers accented text with one array read.
    private static readonly char[] LowerTable = BuildLowerTable();

    /// <summary>Lower-cases one character and normalises apostrophes (keeps accents).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static char Lower(char c) => LowerTable[c];

    private static char[] BuildLowerTable()
    {
        var table = new char[65536];
        for (var i = 0; i < table.Length; i++)
        {
            var c = (char)i;
            table[i] = c < 128 ? (c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c)
                : IsApostrophe(c) ? Apostrophe
                : char.IsSurrogate(c) ? c
                : char.ToLowerInvariant(c);
        }
        return table;
    }

    /// <summary>
    /// Appends the case- and accent-folded form of <paramref name="c"/> to <paramref name="destination"/>
    /// at <paramref name="length"/>; returns the new length. Combining marks vanish, ligatures expand.
    /// </summary>
    public static int AppendFolded(char c, Span<char> destination, int length)
    {
        if (c < 128)
        {
            destination[length] = c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
            return length + 1;
        }
        switch (c)
        {
            case 'ß':
                destination[length] = 's';
                destination[length + 1] = 's';
                return length + 2;
            case 'œ' or 'Œ':
                destination[length] = 'o';
                destination[length + 1] = 'e';
                return length + 2;
            case 'æ' or 'Æ':
                destination[length] = 'a';
                destination[length + 1] = 'e';
                return length + 2;
        }
        var folded = FoldTable[c];
        if (folded == '\0')
        {
            return length;
        }
        destination[length] = folded;
        return length + 1;
    }

    /// <summary>
    /// Composes, in place, each letter followed by combining marks into the precomposed character when Unicode
    /// has one (e + U+0301 gives é); returns the new length. Allocation-free.
    /// </summary>
    public static int Compose(Span<char> text)
    {
        var length = 0;
        foreach (var c in text)
        {
            if (length > 0 && LazyCompositions.Table.TryGetValue(((uint)text[length - 1] << 16) | c, out var composed))
            {
                text[length - 1] = composed;
            }
            else
            {
                text[length++] = c;
            }
        }
        return length;
    }

    /// <summary>The longest a folded form can be, for buffer sizing.</summary>
    public static int MaxFoldedLength(int sourceLength) => sourceLength * 2;

    /// <summary>Case- and accent-folded copy of <paramref name="text"/> (allocates; not for hot paths).</summary>
    public static string Fold(ReadOnlySpan<char> text)
    {
        var buffer = new char[MaxFoldedLength(text.Length)];
        var length = 0;
        foreach (var c in text)
        {
            length = AppendFolded(c, buffer, length);
        }
        return new string(buffer, 0, length);
    }

    /// <summary>Lower-cased copy with normalised apostrophes, accents kept (allocates).</summary>
    public static string LowerKeepAccents(ReadOnlySpan<char> text)
    {
        var buffer = new char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            buffer[i] = Lower(text[i]);
        }
        return new string(buffer);
    }

    /// <summary>True when the text carries accents (or ligatures): its folded and lowered forms differ.</summary>
    public static bool HasAccents(ReadOnlySpan<char> text) =>
        !Fold(text).AsSpan().SequenceEqual(LowerKeepAccents(text));

    // (base << 16 | combining mark) -> precomposed character, from the canonical decompositions of the BMP.
    // A character with several marks (ệ) is reached one mark at a time through its partly composed form (ẹ).
    // Built on first use only: decomposed text is rare and the table costs tens of milliseconds.
    private static class LazyCompositions
    {
        public static readonly Dictionary<uint, char> Table = BuildCompositions();
    }

    private static Dictionary<uint, char> BuildCompositions()
    {
        var table = new Dictionary<uint, char>();
        for (var i = 0xC0; i < 0x10000; i++)
        {
            var c = (char)i;
            if (char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }
            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            if (decomposed.Length < 2 || CharUnicodeInfo.GetUnicodeCategory(decomposed[^1]) != UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var prefix = decomposed[..^1].Normalize(NormalizationForm.FormC);
            if (prefix.Length == 1 && c.ToString().Normalize(NormalizationForm.FormC) == c.ToString())
            {
                table.TryAdd(((uint)prefix[0] << 16) | decomposed[^1], c);
            }
        }
        return table;
    }

    private static char[] BuildFoldTable()
    {
        var table = new char[65536];
        for (var i = 0; i < 65536; i++)
        {
            var c = (char)i;
            if (char.IsSurrogate(c))
            {
                table[i] = c;
                continue;
            }
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                table[i] = '\0';
                continue;
            }
            var lower = IsApostrophe(c) ? Apostrophe : char.ToLowerInvariant(c);
            table[i] = lower;
            if (lower < 128 || category is not (UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter))
            {
                continue;
            }
            var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
            var baseChar = '\0';
            var baseCount = 0;
            foreach (var d in decomposed)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
                {
                    baseChar = d;
                    baseCount++;
                }
            }
            if (baseCount == 1)
            {
                table[i] = baseChar;
            }
        }
        // Letters with a stroke do not decompose but French and English writers treat them as accents.
        table['ø'] = 'o';
        table['Ø'] = 'o';
        table['đ'] = 'd';
        table['Đ'] = 'd';
        table['ł'] = 'l';
        table['Ł'] = 'l';
        table['ı'] = 'i';
        table['\u02BC'] = Apostrophe;
        table['\u2019'] = Apostrophe;
        return table;
    }
}
