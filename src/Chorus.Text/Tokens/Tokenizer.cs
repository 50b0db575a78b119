namespace Chorus.Text.Tokens;

/// <summary>
/// Splits text into positions and emits the searchable forms of each one (see QUERY_LANGUAGE.md, "Text model").
/// Allocation-free once the scratch buffers have grown to the longest token seen.
/// </summary>
public static class Tokenizer
{
    private const int MaxApostropheParts = 8;

    /// <summary>Tokenizes <paramref name="text"/>; returns the number of positions used.</summary>
    public static int Tokenize<TSink>(ReadOnlySpan<char> text, ref TSink sink, TokenizerScratch scratch)
        where TSink : ITermSink, allows ref struct
        => Tokenize(text, ref sink, scratch, wildcards: false);

    /// <summary>
    /// Tokenizes a query word; with <paramref name="wildcards"/> the characters <c>*</c> and <c>?</c> are kept
    /// inside words so patterns come out whole.
    /// </summary>
    internal static int Tokenize<TSink>(ReadOnlySpan<char> text, ref TSink sink, TokenizerScratch scratch, bool wildcards)
        where TSink : ITermSink, allows ref struct
    {
        scratch.EnsureCapacity(text.Length);
        var position = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 128)
            {
                if (CharClass.IsWordRune(c) || (wildcards && c is '*' or '?'))
                {
                    i = EmitWord(text, i, position++, ref sink, scratch, wildcards);
                    continue;
                }
                if (c is '#' or '@' or '$' && StartsSigil(text, i))
                {
                    i = EmitSigil(text, i, position++, ref sink, scratch, wildcards);
                    continue;
                }
                i++;
                continue;
            }
            var codePoint = CharClass.CodePointAt(text, i, out var width);
            if (CharClass.IsEmojiStart(codePoint))
            {
                i = EmitEmoji(text, i, position++, ref sink, scratch);
            }
            else if (CharClass.IsWordRune(codePoint))
            {
                i = EmitWord(text, i, position++, ref sink, scratch, wildcards);
            }
            else
            {
                i += width;
            }
        }
        return position;
    }

    /// <summary>French elided articles and conjunctions whose apostrophe is split off (l', d', qu'...).</summary>
    public static bool IsElision(ReadOnlySpan<char> part) => part.Length switch
    {
        1 => TextFolding.Lower(part[0]) is 'l' or 'd' or 'j' or 'm' or 'n' or 's' or 't' or 'c',
        2 => IsLower(part, "qu"),
        5 => IsLower(part, "jusqu"),
        6 => IsLower(part, "lorsqu") || IsLower(part, "puisqu") || IsLower(part, "quoiqu") || IsLower(part, "presqu") || IsLower(part, "quelqu"),
        _ => false,
    };

    private static bool IsLower(ReadOnlySpan<char> part, string word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            if (TextFolding.Lower(part[i]) != word[i])
            {
                return false;
            }
        }
        return true;
    }

    private static bool StartsSigil(ReadOnlySpan<char> text, int i)
    {
        if (i + 1 >= text.Length)
        {
            return false;
        }
        if (i > 0)
        {
            var previous = text[i - 1];
            if (previous < 128 ? CharClass.IsWordRune(previous) || previous == '_' : char.IsLetterOrDigit(previous))
            {
                return false;
            }
        }
        var next = CharClass.CodePointAt(text, i + 1, out _);
        return text[i] == '$' ? CharClass.IsLetterRune(next) : CharClass.IsWordRune(next) || next == '_';
    }

    private static int ScanRun(ReadOnlySpan<char> text, int i, bool allowUnderscore, bool wildcards)
    {
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 128)
            {
                if (CharClass.IsWordRune(c) || (allowUnderscore && c == '_') || (wildcards && c is '*' or '?'))
                {
                    i++;
                    continue;
                }
                return i;
            }
            var codePoint = CharClass.CodePointAt(text, i, out var width);
            if (!CharClass.IsWordRune(codePoint))
            {
                return i;
            }
            i += width;
        }
        return i;
    }

    private static int EmitWord<TSink>(ReadOnlySpan<char> text, int start, int position, ref TSink sink, TokenizerScratch scratch, bool wildcards)
        where TSink : ITermSink, allows ref struct
    {
        if (!wildcards && EmitPlainWord(text, start, position, ref sink, scratch) is var plainEnd and > 0)
        {
            return plainEnd;
        }
        var end = ScanRun(text, start, allowUnderscore: false, wildcards);
        if (end + 1 < text.Length && TextFolding.IsApostrophe(text[end]))
        {
            var next = CharClass.CodePointAt(text, end + 1, out _);
            if (CharClass.IsWordRune(next) || (wildcards && next is '*' or '?'))
            {
                return EmitApostropheWord(text, start, end, position, ref sink, scratch, wildcards);
            }
        }
        EmitForms(text, start, end - start, position, ref sink, scratch);
        return end;
    }

    /// <summary>
    /// The common case in one pass: a word of the Basic Multilingual Plane not joined to another by an apostrophe
    /// is scanned, folded and lower-cased as it is read. Returns where the word ends, or 0 when the word
    /// needs the general path (an apostrophe, a surrogate pair), which then starts again from the beginning.
    /// Emits exactly what <see cref="EmitForms"/> would.
    /// </summary>
    private static int EmitPlainWord<TSink>(ReadOnlySpan<char> text, int start, int position, ref TSink sink, TokenizerScratch scratch)
        where TSink : ITermSink, allows ref struct
    {
        var folded = scratch.Folded;
        var i = start;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 128)
            {
                break;
            }
            var lower = CharClass.AsciiWordLower[c];
            if (lower == 0)
            {
                break;
            }
            folded[i - start] = (char)lower;
        }
        if (i == text.Length || (text[i] < 128 && text[i] != TextFolding.Apostrophe))
        {
            sink.OnTerm(folded.AsSpan(0, i - start), position, start, i - start);
            return i;
        }
        if (text[i] < 128)
        {
            return 0;
        }
        // An accent or another non-ASCII character: from here on the folded and the lower-case forms may differ.
        var lowered = scratch.Lower;
        folded.AsSpan(0, i - start).CopyTo(lowered);
        var foldedLength = i - start;
        var differs = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 128)
            {
                var lower = CharClass.AsciiWordLower[c];
                if (lower == 0)
                {
                    if (c == TextFolding.Apostrophe)
                    {
                        return 0;
                    }
                    break;
                }
                folded[foldedLength++] = (char)lower;
                lowered[i - start] = (char)lower;
                continue;
            }
            if (char.IsSurrogate(c) || TextFolding.IsApostrophe(c))
            {
                return 0;
            }
            if (!CharClass.IsWordRune(c))
            {
                break;
            }
            var l = TextFolding.Lower(c);
            lowered[i - start] = l;
            var before = foldedLength;
            foldedLength = TextFolding.AppendFolded(c, folded, foldedLength);
            if (foldedLength == before)
            {
                // A combining mark: the accented form must be composed, which the general path does.
                return 0;
            }
            differs |= foldedLength != before + 1 || folded[before] != l;
        }
        var length = i - start;
        sink.OnTerm(folded.AsSpan(0, foldedLength), position, start, length);
        if (differs)
        {
            sink.OnTerm(lowered.AsSpan(0, length), position, start, length);
        }
        return i;
    }

    // Words joined by apostrophes: the joined form, the remainder after an elision, and each part, all at one position.
    private static int EmitApostropheWord<TSink>(ReadOnlySpan<char> text, int start, int end, int position, ref TSink sink, TokenizerScratch scratch, bool wildcards)
        where TSink : ITermSink, allows ref struct
    {
        Span<int> partStarts = stackalloc int[MaxApostropheParts];
        Span<int> partEnds = stackalloc int[MaxApostropheParts];
        partStarts[0] = start;
        partEnds[0] = end;
        var parts = 1;
        while (parts < MaxApostropheParts && end + 1 < text.Length && TextFolding.IsApostrophe(text[end]))
        {
            var next = CharClass.CodePointAt(text, end + 1, out _);
            if (!CharClass.IsWordRune(next) && !(wildcards && next is '*' or '?'))
            {
                break;
            }
            partStarts[parts] = end + 1;
            end = ScanRun(text, end + 1, allowUnderscore: false, wildcards);
            partEnds[parts] = end;
            parts++;
        }
        var firstKept = IsElision(text[partStarts[0]..partEnds[0]]) ? 1 : 0;
        EmitForms(text, start, end - start, position, ref sink, scratch);
        if (firstKept == 1 && parts > 2)
        {
            EmitForms(text, partStarts[1], end - partStarts[1], position, ref sink, scratch);
        }
        for (var p = firstKept; p < parts; p++)
        {
            EmitForms(text, partStarts[p], partEnds[p] - partStarts[p], position, ref sink, scratch);
        }
        return end;
    }

    private static int EmitSigil<TSink>(ReadOnlySpan<char> text, int start, int position, ref TSink sink, TokenizerScratch scratch, bool wildcards)
        where TSink : ITermSink, allows ref struct
    {
        var end = ScanRun(text, start + 1, allowUnderscore: true, wildcards);
        EmitForms(text, start, end - start, position, ref sink, scratch);
        EmitForms(text, start + 1, end - start - 1, position, ref sink, scratch);
        return end;
    }

    private static void EmitForms<TSink>(ReadOnlySpan<char> text, int start, int length, int position, ref TSink sink, TokenizerScratch scratch)
        where TSink : ITermSink, allows ref struct
    {
        var source = text.Slice(start, length);
        var folded = scratch.Folded;
        // Most tokens are ASCII: lower-casing is folding, there is a single form.
        var i = 0;
        for (; i < source.Length; i++)
        {
            var c = source[i];
            if (c >= 128)
            {
                break;
            }
            folded[i] = c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
        }
        if (i == source.Length)
        {
            sink.OnTerm(folded.AsSpan(0, i), position, start, length);
            return;
        }
        var lower = scratch.Lower;
        folded.AsSpan(0, i).CopyTo(lower);
        var foldedLength = i;
        var differs = false;
        var combiningMark = false;
        for (; i < source.Length; i++)
        {
            var c = source[i];
            var l = TextFolding.Lower(c);
            lower[i] = l;
            var before = foldedLength;
            foldedLength = TextFolding.AppendFolded(c, folded, foldedLength);
            combiningMark |= foldedLength == before;
            if (!differs && (foldedLength != before + 1 || folded[before] != l))
            {
                differs = true;
            }
        }
        if (foldedLength == 0)
        {
            // Only combining marks: folding would leave nothing, keep them as they are.
            sink.OnTerm(lower.AsSpan(0, source.Length), position, start, length);
            return;
        }
        sink.OnTerm(folded.AsSpan(0, foldedLength), position, start, length);
        if (differs && combiningMark)
        {
            // Decomposed accents (e + U+0301) are composed so "café" typed either way is the same accented form.
            sink.OnTerm(lower.AsSpan(0, TextFolding.Compose(lower.AsSpan(0, source.Length))), position, start, length);
        }
        else if (differs)
        {
            sink.OnTerm(lower.AsSpan(0, source.Length), position, start, length);
        }
    }

    private static int EmitEmoji<TSink>(ReadOnlySpan<char> text, int start, int position, ref TSink sink, TokenizerScratch scratch)
        where TSink : ITermSink, allows ref struct
    {
        var first = CharClass.CodePointAt(text, start, out var width);
        var i = start + width;
        if (CharClass.IsRegionalIndicator(first))
        {
            if (i < text.Length && CharClass.IsRegionalIndicator(CharClass.CodePointAt(text, i, out var flagWidth)))
            {
                i += flagWidth;
            }
        }
        else
        {
            while (i < text.Length)
            {
                var codePoint = CharClass.CodePointAt(text, i, out var w);
                if (CharClass.IsVariationSelector(codePoint) || CharClass.IsSkinTone(codePoint) || CharClass.IsEmojiContinuation(codePoint))
                {
                    i += w;
                    continue;
                }
                if (CharClass.IsZeroWidthJoiner(codePoint) && i + w < text.Length
                    && CharClass.IsEmojiStart(CharClass.CodePointAt(text, i + w, out var nextWidth)))
                {
                    i += w + nextWidth;
                    continue;
                }
                break;
            }
        }
        var full = scratch.Folded;
        var withoutTone = scratch.Lower;
        var fullLength = 0;
        var baseLength = 0;
        var hasTone = false;
        for (var j = start; j < i;)
        {
            var codePoint = CharClass.CodePointAt(text, j, out var w);
            if (!CharClass.IsVariationSelector(codePoint))
            {
                text.Slice(j, w).CopyTo(full.AsSpan(fullLength));
                fullLength += w;
                if (CharClass.IsSkinTone(codePoint))
                {
                    hasTone = true;
                }
                else
                {
                    text.Slice(j, w).CopyTo(withoutTone.AsSpan(baseLength));
                    baseLength += w;
                }
            }
            j += w;
        }
        sink.OnTerm(full.AsSpan(0, fullLength), position, start, i - start);
        if (hasTone)
        {
            sink.OnTerm(withoutTone.AsSpan(0, baseLength), position, start, i - start);
        }
        return i;
    }
}

/// <summary>Reusable buffers for <see cref="Tokenizer"/>; one per thread.</summary>
public sealed class TokenizerScratch
{
    internal char[] Folded = new char[256];
    internal char[] Lower = new char[128];

    internal void EnsureCapacity(int textLength)
    {
        if (Lower.Length < textLength)
        {
            Lower = new char[Math.Max(textLength, Lower.Length * 2)];
            Folded = new char[Lower.Length * 2];
        }
    }
}
