using System.Xml;
using System.Xml.Linq;

namespace Chorus.Connectors.Feeds;

/// <summary>A feed subscription read from an OPML file.</summary>
/// <param name="FeedUrl">The outline's xmlUrl.</param>
/// <param name="SiteUrl">The outline's htmlUrl, when valid.</param>
/// <param name="Title">title, else text, else the feed host.</param>
/// <param name="Categories">Titles of the enclosing outlines (outermost first), then the category attribute's entries.</param>
/// <param name="Line">Line of the outline in the file.</param>
public sealed record OpmlFeed(Uri FeedUrl, Uri? SiteUrl, string Title, IReadOnlyList<string> Categories, int Line);

/// <summary>The feeds read from an OPML file and, per line, the outlines that could not be used.</summary>
public sealed record OpmlImport(IReadOnlyList<OpmlFeed> Feeds, IReadOnlyList<FeedProblem> Problems);

/// <summary>
/// Reads OPML subscription lists as exported by feed readers (Feedly, Inoreader, NetNewsWire,
/// Thunderbird): nested outlines become categories. Only the URL's shape is checked here (absolute
/// http/https); the app must still pass each URL through the SSRF guard before adding it.
/// </summary>
public static class OpmlImporter
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };

    // Feed readers export a folder or two; a file nested deeper is made to exhaust the stack or the categories.
    internal const int MaxFolderDepth = 32;

    // <opml>, <body>, then outlines: room for twice the folders read before the file is refused whole.
    internal const int MaxElementDepth = 2 + (2 * MaxFolderDepth);

    public static OpmlImport Import(string opml)
    {
        ArgumentNullException.ThrowIfNull(opml);
        var problems = new List<FeedProblem>();
        XDocument document;
        try
        {
            var repaired = XmlFeedRepairer.Repair(opml.TrimStart('\uFEFF', ' ', '\t', '\r', '\n'), problems);
            XmlNestingLimit.Enforce(repaired, MaxElementDepth, "not a readable OPML file");
            using var reader = XmlReader.Create(new StringReader(repaired), Settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException error)
        {
            throw new FeedFormatException($"not a readable OPML file: line {error.LineNumber}, column {error.LinePosition}: {error.Message}",
                error.LineNumber, error.LinePosition);
        }

        if (document.Root?.Name.LocalName != "opml")
        {
            throw new FeedFormatException($"not an OPML file: the root element is <{document.Root?.Name.LocalName}>, expected <opml>");
        }

        var body = document.Root.Element("body")
            ?? throw new FeedFormatException("not an OPML file: <opml> has no <body>");
        var feeds = new List<OpmlFeed>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        Walk(body, [], feeds, problems, seen);
        return new OpmlImport(feeds, problems);
    }

    private static void Walk(XElement parent, List<string> path, List<OpmlFeed> feeds, List<FeedProblem> problems, Dictionary<string, int> seen, int depth = 0)
    {
        foreach (var outline in parent.Elements("outline"))
        {
            var line = ((IXmlLineInfo)outline).LineNumber;
            var column = ((IXmlLineInfo)outline).LinePosition;
            var label = Attribute(outline, "title") ?? Attribute(outline, "text");
            var xmlUrl = Attribute(outline, "xmlUrl") ?? Attribute(outline, "xmlurl") ?? Attribute(outline, "url");
            if (depth > MaxFolderDepth)
            {
                problems.Add(new FeedProblem(line, column, $"outline \"{label ?? xmlUrl}\": nested more than {MaxFolderDepth} folders deep; skipped with what it holds"));
                continue;
            }

            if (xmlUrl is null)
            {
                // An outline without xmlUrl is a folder: its label becomes a category of what it holds.
                var inner = label is null ? path : [.. path, label];
                Walk(outline, inner, feeds, problems, seen, depth + 1);
                continue;
            }

            if (!Uri.TryCreate(xmlUrl, UriKind.Absolute, out var feedUrl)
                || (feedUrl.Scheme != Uri.UriSchemeHttp && feedUrl.Scheme != Uri.UriSchemeHttps)
                || feedUrl.Host.Length == 0)
            {
                problems.Add(new FeedProblem(line, column, $"outline \"{label ?? xmlUrl}\": xmlUrl '{xmlUrl}' is not an absolute http or https URL; skipped"));
                continue;
            }

            if (seen.TryGetValue(feedUrl.AbsoluteUri, out var firstLine))
            {
                problems.Add(new FeedProblem(line, column, $"outline \"{label ?? xmlUrl}\": {feedUrl.AbsoluteUri} already listed at line {firstLine}; skipped"));
                continue;
            }

            seen[feedUrl.AbsoluteUri] = line;
            var siteUrl = Attribute(outline, "htmlUrl") is { } html && Uri.TryCreate(html, UriKind.Absolute, out var site)
                && (site.Scheme == Uri.UriSchemeHttp || site.Scheme == Uri.UriSchemeHttps) ? site : null;
            var categories = new List<string>(path);
            foreach (var category in (Attribute(outline, "category") ?? "").Split([',', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!categories.Contains(category, StringComparer.Ordinal))
                {
                    categories.Add(category);
                }
            }

            feeds.Add(new OpmlFeed(feedUrl, siteUrl, label ?? feedUrl.Host, categories, line));
        }
    }

    private static string? Attribute(XElement element, string name) =>
        element.Attribute(name)?.Value is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
