using System.Buffers;
using System.Runtime.CompilerServices;
using Chorus.Text.Language;

namespace Chorus.Text.Moderation;

/// <summary>A decoded word: folded, de-obfuscated chars at [Start, Start + Length) of the decoder's buffer.</summary>
internal struct DecodedWord
{
    public int Start;
    public int Length;
    /// <summary>Written with l33t digits/symbols or spelled out with separators ("c.o.n", "sh1t").</summary>
    public bool Obfuscated;
    /// <summary>Contains '*' standing for a hidden letter ("f*ck").</summary>
    public bool Masked;
}

/// <summary>Counts of chunks that are not words: links, mentions, hashtags, e-mail addresses.</summary>
internal struct ChunkCounts
{
    public int Links;
    public int Mentions;
    public int Hashtags;
    public int Emails;
    public int ShortenerStart;
    public int ShortenerLength;
}

/// <summary>
/// Turns text into words the way an abuser hides them: lower case without accents, l33t decoded
/// (4→a, 3→e, 1→i, 0→o, 5→s, 7→t, @→a, $→s, !→i inside a word), letters spelled with separators
/// joined ("c.o.n.n.a.r.d", "f-u-c-k"), '*' kept as a mask, French elisions split ("t'es" → "t'" "es").
/// Links, @mentions, hashtags and e-mail addresses are counted, not returned as words.
/// </summary>
internal static class ObfuscationDecoder
{
    private static readonly string[] Shorteners =
    [
        "bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rebrand.ly",
        "shorturl.at", "tiny.cc", "rb.gy", "bl.ink", "t.ly", "s.id", "lnkd.in", "shorte.st", "adf.ly", "v.gd",
    ];

    private static readonly string[] TopLevelDomains =
    [
        "com", "net", "org", "io", "ly", "co", "fr", "ru", "xyz", "info", "biz", "me", "gl", "gd", "cc", "tk",
        "top", "click", "link", "site", "online", "shop", "app", "be", "de", "uk", "us", "ca", "ch", "eu", "in",
    ];

    private static readonly SearchValues<char> HostEnd = SearchValues.Create("/?#)>\"'");
    private static readonly SearchValues<char> HostChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");

    public static int Decode(ReadOnlySpan<char> text, Span<char> buffer, Span<DecodedWord> words, ref ChunkCounts counts)
    {
        var count = 0;
        var written = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            DecodeChunk(text[start..i], start, buffer, ref written, words, ref count, ref counts);
        }
        return count;
    }

    private static void DecodeChunk(
        ReadOnlySpan<char> chunk, int offset, Span<char> buffer, ref int written, Span<DecodedWord> words, ref int count, ref ChunkCounts counts)
    {
        if (IsLink(chunk, out var hostStart, out var hostLength))
        {
            counts.Links++;
            if (counts.ShortenerLength == 0 && IsShortener(chunk.Slice(hostStart, hostLength)))
            {
                counts.ShortenerStart = offset + hostStart;
                counts.ShortenerLength = hostLength;
            }
            return;
        }
        if (chunk.Length > 1 && chunk[0] == '@')
        {
            counts.Mentions++;
            return;
        }
        var at = chunk.IndexOf('@');
        if (at > 0 && chunk[(at + 1)..].Contains('.'))
        {
            counts.Emails++;
            return;
        }
        if (chunk.Length > 1 && chunk[0] == '#')
        {
            counts.Hashtags++;
            chunk = chunk[1..];
        }
        if (TrySpelledOut(chunk, buffer, ref written, words, ref count))
        {
            return;
        }
        var k = 0;
        while (k < chunk.Length)
        {
            if (!IsWordStart(chunk, k))
            {
                k++;
                continue;
            }
            var wordStart = written;
            var wordStartIndex = k;
            var obfuscated = false;
            var masked = false;
            while (k < chunk.Length)
            {
                var c = chunk[k];
                if (IsLetterOrDigit(c))
                {
                    var decoded = DecodeChar(c);
                    obfuscated |= decoded != CharFolding.Fold(c) && !char.IsLetter(c);
                    AppendFolded(decoded, buffer, ref written);
                    k++;
                    continue;
                }
                var next = k + 1 < chunk.Length ? chunk[k + 1] : '\0';
                if (c is '@' or '$' or '!' or '|' && (written > wordStart || c == '$') && (IsLetterOrDigit(next) || (c == '$' && next == '$')))
                {
                    buffer[written++] = DecodeChar(c);
                    obfuscated = true;
                    k++;
                    continue;
                }
                if (c == '*' && written > wordStart && (IsLetterOrDigit(next) || next == '*'))
                {
                    buffer[written++] = '*';
                    masked = true;
                    k++;
                    continue;
                }
                if (c is '\'' or '\u2019' && written > wordStart && IsLetterOrDigit(next))
                {
                    buffer[written++] = '\'';
                    k++;
                    if (IsElision(buffer[wordStart..(written - 1)]))
                    {
                        AddWord(words, ref count, wordStart, written, false, false);
                        wordStart = written;
                    }
                    continue;
                }
                break;
            }
            AddWord(words, ref count, wordStart, written, obfuscated && HasLetter(buffer[wordStart..written]), masked);
            if (k == wordStartIndex)
            {
                k++;
            }
        }
    }

    // A word may start with '$' or '@' used as a letter ("$hit") when a letter or digit follows.
    private static bool IsWordStart(ReadOnlySpan<char> chunk, int k) =>
        IsLetterOrDigit(chunk[k]) || (chunk[k] is '$' && k + 1 < chunk.Length && IsLetterOrDigit(chunk[k + 1]));

    /// <summary>"c.o.n.n.a.r.d", "f-u-c-k", "f_u_c_k": at least three letters, each followed by the same separator.</summary>
    private static bool TrySpelledOut(ReadOnlySpan<char> chunk, Span<char> buffer, ref int written, Span<DecodedWord> words, ref int count)
    {
        if (chunk.Length < 5 || !IsLetterOrDigit(chunk[0]) || chunk[1] is not ('.' or '-' or '_' or '*' or '·'))
        {
            return false;
        }
        var separator = chunk[1];
        var end = chunk.Length;
        while (end > 0 && !IsLetterOrDigit(chunk[end - 1]))
        {
            end--;
        }
        var letters = 0;
        for (var k = 0; k < end; k++)
        {
            var expectLetter = k % 2 == 0;
            if (expectLetter ? !IsLetterOrDigit(chunk[k]) : chunk[k] != separator)
            {
                return false;
            }
            letters += expectLetter ? 1 : 0;
        }
        if (letters < 3)
        {
            return false;
        }
        var start = written;
        for (var k = 0; k < end; k += 2)
        {
            AppendFolded(DecodeChar(chunk[k]), buffer, ref written);
        }
        AddWord(words, ref count, start, written, true, false);
        return true;
    }

    private static void AddWord(Span<DecodedWord> words, ref int count, int start, int end, bool obfuscated, bool masked)
    {
        if (end <= start || count == words.Length)
        {
            return;
        }
        words[count++] = new DecodedWord { Start = start, Length = end - start, Obfuscated = obfuscated, Masked = masked };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLetterOrDigit(char c) =>
        c < 128 ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 : char.IsLetterOrDigit(c);

    private static bool HasLetter(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>l33t digit or symbol → letter; other chars folded.</summary>
    private static char DecodeChar(char c) => c switch
    {
        '0' => 'o',
        '1' or '!' or '|' => 'i',
        '3' => 'e',
        '4' or '@' => 'a',
        '5' or '$' => 's',
        '7' => 't',
        _ => c,
    };

    private static void AppendFolded(char c, Span<char> buffer, ref int written)
    {
        if (c < 128)
        {
            buffer[written++] = (char)(c is >= 'A' and <= 'Z' ? c | 0x20 : c);
            return;
        }
        written += CharFolding.Fold([c], buffer[written..]);
    }

    private static bool IsElision(ReadOnlySpan<char> prefix) => prefix.Length switch
    {
        1 => prefix[0] is 'l' or 'j' or 'd' or 'n' or 'm' or 't' or 's' or 'c',
        2 => prefix[0] == 'q' && prefix[1] == 'u',
        _ => false,
    };

    /// <summary>http(s)://…, www.…, or host.tld[/…] with a known top-level domain; the host is at [hostStart, hostStart + hostLength).</summary>
    internal static bool IsLink(ReadOnlySpan<char> chunk, out int hostStart, out int hostLength)
    {
        hostStart = 0;
        hostLength = 0;
        var start = 0;
        var explicitLink = false;
        var scheme = chunk.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            start = scheme + 3;
            explicitLink = true;
        }
        while (start < chunk.Length && chunk[start] is '(' or '<' or '"' or '\'')
        {
            start++;
        }
        explicitLink |= chunk[start..].StartsWith("www.", StringComparison.OrdinalIgnoreCase);
        var stop = chunk[start..].IndexOfAny(HostEnd);
        var end = stop < 0 ? chunk.Length : start + stop;
        while (end > start && chunk[end - 1] is '.' or ',' or ';' or ':' or '!')
        {
            end--;
        }
        var candidate = chunk[start..end];
        var dot = candidate.LastIndexOf('.');
        if (dot <= 0 || dot == candidate.Length - 1)
        {
            return false;
        }
        hostStart = start;
        hostLength = end - start;
        if (explicitLink)
        {
            return true;
        }
        if (candidate.ContainsAnyExcept(HostChars))
        {
            return false;
        }
        var tld = candidate[(dot + 1)..];
        foreach (var known in TopLevelDomains)
        {
            if (tld.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsShortener(ReadOnlySpan<char> host)
    {
        if (host.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            host = host[4..];
        }
        foreach (var shortener in Shorteners)
        {
            if (host.Equals(shortener, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
