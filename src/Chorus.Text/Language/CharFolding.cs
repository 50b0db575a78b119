using System.Globalization;
using System.Text;

namespace Chorus.Text.Language;

/// <summary>
/// Lower-casing plus accent removal in one table lookup per char, so that lexicon keys and input text
/// meet on the same form ("Génial" and "genial" both become "genial") without allocating.
/// </summary>
internal static class CharFolding
{
    private const int TableSize = 0x2100; // Latin, Greek, Cyrillic and the general punctuation block (typographic quotes)
    private static readonly char[] Table = BuildTable();

    /// <summary>Folded form of <paramref name="c"/>: lower case, without diacritics.</summary>
    public static char Fold(char c) => c < TableSize ? Table[c] : char.ToLowerInvariant(c);

    /// <summary>
    /// Folds <paramref name="source"/> into <paramref name="destination"/>, expanding the ligatures
    /// œ, æ and ß; returns the number of chars written, or -1 when the destination is too small.
    /// </summary>
    public static int Fold(ReadOnlySpan<char> source, Span<char> destination)
    {
        var written = 0;
        foreach (var c in source)
        {
            var (first, second) = Ligature(c);
            if (second != '\0')
            {
                if (written + 2 > destination.Length)
                {
                    return -1;
                }
                destination[written++] = first;
                destination[written++] = second;
                continue;
            }
            if (written >= destination.Length)
            {
                return -1;
            }
            destination[written++] = Fold(c);
        }
        return written;
    }

    /// <summary>Folds a string (for building lexicons at load time).</summary>
    public static string Fold(string text)
    {
        Span<char> buffer = text.Length * 2 <= 512 ? stackalloc char[text.Length * 2] : new char[text.Length * 2];
        var length = Fold(text.AsSpan(), buffer);
        return new string(buffer[..length]);
    }

    // The two letters a ligature stands for (œ → oe, æ → ae, ß → ss); ('\0', '\0') for other chars.
    private static (char First, char Second) Ligature(char c) => c switch
    {
        'œ' or 'Œ' => ('o', 'e'),
        'æ' or 'Æ' => ('a', 'e'),
        'ß' => ('s', 's'),
        _ => ('\0', '\0'),
    };

    private static char[] BuildTable()
    {
        var table = new char[TableSize];
        Span<char> one = stackalloc char[1];
        for (var i = 0; i < TableSize; i++)
        {
            var c = (char)i;
            var lower = char.ToLowerInvariant(c);
            table[i] = lower;
            if (char.IsLetter(lower) && lower > 0x7F)
            {
                one[0] = lower;
                var decomposed = new string(one).Normalize(NormalizationForm.FormD);
                if (decomposed.Length > 1 && decomposed[0] < 0x80
                    && CharUnicodeInfo.GetUnicodeCategory(decomposed[1]) == UnicodeCategory.NonSpacingMark)
                {
                    table[i] = decomposed[0];
                }
            }
        }
        // Typographic apostrophes and quotes meet their ASCII forms.
        table['\u2019'] = '\'';
        table['\u2018'] = '\'';
        table['\u02BC'] = '\'';
        return table;
    }
}
