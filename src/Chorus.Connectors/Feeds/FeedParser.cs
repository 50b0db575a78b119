namespace Chorus.Connectors.Feeds;

/// <summary>
/// Parses a feed document of any supported format (RSS 2.0, RSS 1.0/RDF, Atom 1.0, JSON Feed
/// 1.0/1.1). Malformed XML is repaired where the intent is clear and a truncated document yields
/// the items read so far; both are listed in <see cref="ParsedFeed.Problems"/>. A document that is
/// not a feed at all raises <see cref="FeedFormatException"/> with the reason.
/// </summary>
public static class FeedParser
{
    /// <param name="body">Raw response bytes.</param>
    /// <param name="contentType">The HTTP Content-Type (its charset is honoured), or null.</param>
    /// <param name="feedUrl">The URL the document came from; relative links are resolved against it.</param>
    public static ParsedFeed Parse(ReadOnlySpan<byte> body, string? contentType, Uri feedUrl)
    {
        ArgumentNullException.ThrowIfNull(feedUrl);
        var text = FeedBodyDecoder.Decode(body, FeedBodyDecoder.CharsetOf(contentType));
        return Parse(text, feedUrl);
    }

    /// <summary>Parses an already decoded document.</summary>
    public static ParsedFeed Parse(string text, Uri feedUrl)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(feedUrl);
        var start = 0;
        while (start < text.Length && (char.IsWhiteSpace(text[start]) || text[start] == '\uFEFF'))
        {
            start++;
        }

        if (start == text.Length)
        {
            throw new FeedFormatException("not a feed: the document is empty");
        }

        var problems = new List<FeedProblem>();
        var trimmed = text[start..];
        return trimmed[0] switch
        {
            '{' => JsonFeedReader.Read(trimmed, feedUrl, problems),
            '<' => XmlFeedReader.Read(XmlFeedRepairer.Repair(trimmed, problems), feedUrl, problems),
            _ => throw new FeedFormatException($"not a feed: the document starts with '{Preview(trimmed)}', neither XML nor JSON"),
        };
    }

    private static string Preview(string text)
    {
        var preview = new string(text.AsSpan(0, Math.Min(text.Length, 40)).ToArray().Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return preview;
    }
}
