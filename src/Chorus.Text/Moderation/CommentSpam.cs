using System.Collections.Frozen;
using Chorus.Text.Language;

namespace Chorus.Text.Moderation;

/// <summary>
/// Comment spam as blogs receive it: generic praise that fits any post ("merci pour le partage", "great
/// post, very informative"), keyword-stuffed author names ("Rachat de crédit pas cher") and commercial
/// websites. A comment that names something of the post ("the sourdough rose after I fed the starter
/// twice") is not generic however warmly it thanks.
/// </summary>
internal static class CommentSpam
{
    /// <summary>A praise phrase with fewer than this many specific words makes a generic comment.</summary>
    public const int SpecificWordsOfAGenuineComment = 2;

    public const double GenericCommentWeight = 0.5;
    public const double CommercialAuthorWeight = 0.5;
    public const double LongAuthorWeight = 0.25;
    public const double KeywordWebsiteWeight = 0.25;

    private static readonly FrozenDictionary<string, bool> GenericWords = LoadGenericWords();

    /// <summary>Generic word → whether it refers to the post itself ("article", "sharing").</summary>
    private static readonly FrozenDictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> GenericLookup =
        GenericWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // The trades and products spam names itself after; one of them in an author name is a keyword, not a person.
    private static readonly string[] CommercialWords =
    [
        "pas cher", "cheap", "best", "buy", "online", "en ligne", "gratuit", "free", "credit", "loan", "casino", "bonus",
        "seo", "assurance", "insurance", "voyance", "viagra", "pills", "weight loss", "near me", "24/7", "24h", "urgence",
        "plombier", "plumber", "serrurier", "locksmith", "rachat", "payday", "followers", "crypto", "forex", "escort",
        "promo", "discount", "agency", "agence", "services", "marketing", "replica",
    ];

    /// <summary>"generic-comment" when the text speaks of the post (or has a praise phrase) and says nothing particular.</summary>
    public static void AddGenericPraise(ReadOnlySpan<char> buffer, ReadOnlySpan<DecodedWord> words, ref ModerationFindings found)
    {
        var specific = 0;
        var aboutThePost = found.PraisePhrases > 0;
        foreach (var word in words)
        {
            var text = buffer.Slice(word.Start, word.Length);
            if (GenericLookup.TryGetValue(text, out var reference))
            {
                aboutThePost |= reference;
            }
            else if (text.Length >= 3 && !IsNumber(text) && ++specific >= SpecificWordsOfAGenuineComment)
            {
                return;
            }
        }
        if (aboutThePost && words.Length > 0)
        {
            found.AddSpam("generic-comment", specific == 0 ? "praise only" : "praise and 1 other word", GenericCommentWeight);
        }
    }

    /// <summary>Links in the text to a site named after a spam trade ("mybestcasino.net", "voyance-sincere.fr").</summary>
    public static void AddCommercialLinks(ReadOnlySpan<char> text, ref ModerationFindings found)
    {
        foreach (var range in text.SplitAny(" \t\r\n"))
        {
            var chunk = text[range];
            if (ObfuscationDecoder.IsLink(chunk, out var hostStart, out var hostLength) && CommercialHost(chunk.Slice(hostStart, hostLength)) is { } keyword)
            {
                found.AddSpam("links", $"{keyword} site", KeywordWebsiteWeight + 0.1);
                return;
            }
        }
    }

    private static string? CommercialHost(ReadOnlySpan<char> host)
    {
        var slash = host.IndexOf('/');
        var lower = (slash >= 0 ? host[..slash] : host).ToString().ToLowerInvariant();
        return CommercialWords.FirstOrDefault(w => w.Length >= 4 && !w.Contains(' ', StringComparison.Ordinal) && lower.Contains(w, StringComparison.Ordinal))
            ?? (lower.Contains("seo", StringComparison.Ordinal) ? "seo" : null);
    }

    /// <summary>Keyword-stuffed author names and keyword websites.</summary>
    public static void AddAuthorSignals(CommentAuthor author, ref ModerationFindings found)
    {
        if (author.Name is { Length: > 0 } name)
        {
            var lower = name.ToLowerInvariant();
            var keyword = CommercialWords.FirstOrDefault(w => ContainsWord(lower, w));
            var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (keyword is not null && (words >= 2 || ObfuscationDecoder.IsLink(name, out _, out _)))
            {
                found.AddSpam("author", $"\"{name}\" ({keyword})", CommercialAuthorWeight);
            }
            else if (words >= 4)
            {
                found.AddSpam("author", $"\"{name}\" ({words} words)", LongAuthorWeight);
            }
        }
        if (author.Url is { Length: > 0 } url && ObfuscationDecoder.IsLink(url, out var hostStart, out var hostLength))
        {
            var host = url.AsSpan(hostStart, hostLength);
            var slash = host.IndexOf('/');
            if (slash >= 0)
            {
                host = host[..slash];
            }
            if (host.Count('-') >= 2)
            {
                found.AddSpam("author", "website " + host.ToString().ToLowerInvariant(), KeywordWebsiteWeight);
            }
        }
    }

    private static FrozenDictionary<string, bool> LoadGenericWords()
    {
        var words = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var line in EmbeddedTextResource.ReadLines("Chorus.Text.Moderation.generic-comment-words.txt"))
        {
            if (line[0] == '#')
            {
                continue;
            }
            var reference = line[0] == '=';
            foreach (var word in line.TrimStart('=').Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                words[word] = reference || words.GetValueOrDefault(word);
            }
        }
        return words.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static bool ContainsWord(string text, string word)
    {
        var at = text.IndexOf(word, StringComparison.Ordinal);
        while (at >= 0)
        {
            var before = at == 0 || !char.IsLetter(text[at - 1]);
            var after = at + word.Length == text.Length || !char.IsLetter(text[at + word.Length]);
            if (before && after)
            {
                return true;
            }
            at = text.IndexOf(word, at + 1, StringComparison.Ordinal);
        }
        return false;
    }

    private static bool IsNumber(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
