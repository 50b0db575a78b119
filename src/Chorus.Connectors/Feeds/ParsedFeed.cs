namespace Chorus.Connectors.Feeds;

/// <summary>The syndication format a document was recognised as.</summary>
public enum FeedFormat
{
    Rss2,
    Rss1Rdf,
    Atom1,
    JsonFeed,
}

/// <summary>
/// Something wrong in a feed document. Repaired problems (unescaped ampersands, HTML entities,
/// control characters) and a truncated document still yield items; <see cref="Line"/> and
/// <see cref="Column"/> are 1-based positions in the decoded text (0 when unknown).
/// </summary>
public sealed record FeedProblem(int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}, column {Column}: {Message}" : Message;
}

/// <summary>A parsed feed: its own title and link, the items read, and what had to be repaired or was lost.</summary>
public sealed record ParsedFeed(
    FeedFormat Format,
    string? Title,
    Uri? Link,
    IReadOnlyList<FeedItem> Items,
    IReadOnlyList<FeedProblem> Problems);

/// <summary>
/// Raised when a document cannot be read as a feed at all (not XML/JSON, wrong root, empty). <see cref="Line"/> and
/// <see cref="Column"/> are the 1-based position of a syntax error in the decoded text (0 when the whole document is
/// concerned); the message names them too.
/// </summary>
public sealed class FeedFormatException(string message, int line = 0, int column = 0) : FormatException(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}
