using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Chorus.Text.Tokens;

/// <summary>Character classes of the tokenizer: word characters, sigils, emoji.</summary>
public static class CharClass
{
    private const int ZeroWidthJoiner = 0x200D;

    // Lower-case of the ASCII letters and digits, 0 for every other ASCII character: one look-up classifies and folds.
    internal static ReadOnlySpan<byte> AsciiWordLower =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7', (byte)'8', (byte)'9', 0, 0, 0, 0, 0, 0,
        0, (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f', (byte)'g', (byte)'h', (byte)'i', (byte)'j', (byte)'k', (byte)'l', (byte)'m', (byte)'n', (byte)'o',
        (byte)'p', (byte)'q', (byte)'r', (byte)'s', (byte)'t', (byte)'u', (byte)'v', (byte)'w', (byte)'x', (byte)'y', (byte)'z', 0, 0, 0, 0, 0,
        0, (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f', (byte)'g', (byte)'h', (byte)'i', (byte)'j', (byte)'k', (byte)'l', (byte)'m', (byte)'n', (byte)'o',
        (byte)'p', (byte)'q', (byte)'r', (byte)'s', (byte)'t', (byte)'u', (byte)'v', (byte)'w', (byte)'x', (byte)'y', (byte)'z', 0, 0, 0, 0, 0,
    ];

    // One bit per character of the Basic Multilingual Plane: accented letters are as cheap to classify as ASCII.
    private static readonly ulong[] BmpWord = BuildBmpWordBits();

    /// <summary>True for letters, decimal digits and joining (combining) marks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWordRune(int codePoint)
    {
        if (codePoint < 128)
        {
            return AsciiWordLower[codePoint] != 0;
        }
        if (codePoint < 0x10000)
        {
            return (BmpWord[codePoint >> 6] & (1UL << codePoint)) != 0;
        }
        return IsWordRuneByCategory(codePoint);
    }

    private static ulong[] BuildBmpWordBits()
    {
        var bits = new ulong[0x10000 / 64];
        for (var codePoint = 0; codePoint < 0x10000; codePoint++)
        {
            if (codePoint < 128 ? AsciiWordLower[codePoint] != 0 : IsWordRuneByCategory(codePoint))
            {
                bits[codePoint >> 6] |= 1UL << codePoint;
            }
        }
        return bits;
    }

    private static bool IsWordRuneByCategory(int codePoint)
    {
        if (codePoint is >= 0xD800 and <= 0xDFFF)
        {
            return false;
        }
        var category = Rune.GetUnicodeCategory(new Rune(codePoint));
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    /// <summary>True for letters only (a cashtag must start with one).</summary>
    public static bool IsLetterRune(int codePoint)
    {
        if (codePoint < 128)
        {
            return (uint)((codePoint | 0x20) - 'a') <= 'z' - 'a';
        }
        return codePoint is < 0xD800 or > 0xDFFF && Rune.IsLetter(new Rune(codePoint));
    }

    /// <summary>True for code points that start an emoji token.</summary>
    public static bool IsEmojiStart(int codePoint) =>
        codePoint switch
        {
            >= 0x1F3FB and <= 0x1F3FF => false, // skin tones only modify a preceding emoji
            >= 0x1F000 and <= 0x1FAFF => true,
            >= 0x2600 and <= 0x27BF => true,
            >= 0x2300 and <= 0x23FF => true,
            >= 0x2B00 and <= 0x2BFF => true,
            0x3030 or 0x303D or 0x3297 or 0x3299 => true,
            _ => false,
        };

    /// <summary>True for regional indicator letters (two of them make a flag).</summary>
    public static bool IsRegionalIndicator(int codePoint) => codePoint is >= 0x1F1E6 and <= 0x1F1FF;

    /// <summary>Skin tone modifiers.</summary>
    public static bool IsSkinTone(int codePoint) => codePoint is >= 0x1F3FB and <= 0x1F3FF;

    /// <summary>Variation selectors (text / emoji presentation): ignored for matching.</summary>
    public static bool IsVariationSelector(int codePoint) => codePoint is 0xFE0E or 0xFE0F;

    /// <summary>Characters glued inside an emoji sequence (keycap, tags).</summary>
    public static bool IsEmojiContinuation(int codePoint) =>
        codePoint is 0x20E3 or (>= 0xE0020 and <= 0xE007F);

    /// <summary>The zero width joiner that glues emoji into one (family, professions...).</summary>
    public static bool IsZeroWidthJoiner(int codePoint) => codePoint == ZeroWidthJoiner;

    /// <summary>Reads the code point at <paramref name="index"/>; <paramref name="length"/> is its UTF-16 length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CodePointAt(ReadOnlySpan<char> text, int index, out int length)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            length = 2;
            return char.ConvertToUtf32(c, text[index + 1]);
        }
        length = 1;
        return c;
    }
}
