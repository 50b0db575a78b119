using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Chorus.Connectors.Feeds;

/// <summary>
/// Reads RSS 2.0 (and 0.9x), RSS 1.0/RDF and Atom 1.0 item by item: each item is materialised on
/// its own, so when the document breaks (truncated download, stray markup) every item before the
/// break is kept and the break is reported with its position.
/// </summary>
internal static class XmlFeedReader
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Atom03 = "http://purl.org/atom/ns#";
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Rss1 = "http://purl.org/rss/1.0/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Media = "http://search.yahoo.com/mrss/";
    private static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        CheckCharacters = false,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    // Feeds nest a few levels, XHTML content a few dozen more.
    internal const int MaxElementDepth = 256;

    public static ParsedFeed Read(string xml, Uri feedUrl, List<FeedProblem> problems)
    {
        XmlNestingLimit.Enforce(xml, MaxElementDepth, "not a readable feed");
        var state = new ReadState(feedUrl);
        using var reader = XmlReader.Create(new StringReader(xml), Settings);
        try
        {
            var advance = reader.Read();
            while (advance)
            {
                advance = reader.NodeType != XmlNodeType.Element ? reader.Read() : Visit(reader, state);
            }

            if (state.Format is null)
            {
                throw new FeedFormatException("not a feed: the document has no root element");
            }
        }
        catch (XmlException error)
        {
            if (state.Format is null)
            {
                throw new FeedFormatException($"not a readable feed: line {error.LineNumber}, column {error.LinePosition}: {error.Message}",
                    error.LineNumber, error.LinePosition);
            }

            problems.Add(new FeedProblem(error.LineNumber, error.LinePosition,
                $"document is malformed or ends early, {state.Items.Count} item(s) read before this point: {error.Message}"));
        }

        return new ParsedFeed(state.Format.Value, state.Title, state.Link, state.Items, problems);
    }

    /// <summary>Handles the element under the reader; returns false at the end of the document.</summary>
    private static bool Visit(XmlReader reader, ReadState state)
    {
        var depth = reader.Depth;
        var inherited = depth > 0 && state.Bases.Count >= depth ? state.Bases[depth - 1] : null;
        if (state.Format is null)
        {
            state.Format = RecogniseRoot(reader);
        }

        var format = state.Format.Value;
        var isItem = format == FeedFormat.Atom1
            ? reader.LocalName == "entry" && IsAtom(reader.NamespaceURI)
            : reader.LocalName == "item" && (reader.NamespaceURI.Length == 0 || reader.NamespaceURI == Rss1.NamespaceName);
        if (isItem)
        {
            var element = (XElement)XNode.ReadFrom(reader);
            var outer = inherited ?? state.DefaultBase;
            var item = format == FeedFormat.Atom1 ? MapAtomEntry(element, outer, state) : MapRssItem(element, outer, format);
            state.Items.Add(item);
            return !reader.EOF;
        }

        if (IsFeedMetadata(reader, format, depth))
        {
            var element = (XElement)XNode.ReadFrom(reader);
            ReadFeedMetadata(element, inherited ?? state.FeedUrl, state, format);
            return !reader.EOF;
        }

        var explicitBase = reader.GetAttribute("base", XmlNamespace);
        var current = explicitBase is null ? inherited : Resolve(explicitBase, inherited ?? state.FeedUrl, anyScheme: true);
        while (state.Bases.Count <= depth)
        {
            state.Bases.Add(null);
        }

        state.Bases[depth] = current;
        return reader.Read();
    }

    private static FeedFormat RecogniseRoot(XmlReader reader) => (reader.LocalName, reader.NamespaceURI) switch
    {
        ("rss", _) => FeedFormat.Rss2,
        ("RDF", var ns) when ns == Rdf.NamespaceName => FeedFormat.Rss1Rdf,
        ("feed", var ns) when IsAtom(ns) => FeedFormat.Atom1,
        var (name, _) => throw new FeedFormatException($"not a feed: the root element is <{name}>, expected <rss>, <rdf:RDF> or an Atom <feed>"),
    };

    private static bool IsAtom(string ns) => ns == Atom.NamespaceName || ns == Atom03.NamespaceName;

    private static bool IsFeedMetadata(XmlReader reader, FeedFormat format, int depth)
    {
        var name = reader.LocalName;
        return format switch
        {
            FeedFormat.Atom1 => depth == 1 && IsAtom(reader.NamespaceURI) && name is "title" or "link" or "author",
            _ => depth == 2 && (reader.NamespaceURI.Length == 0 || reader.NamespaceURI == Rss1.NamespaceName) && name is "title" or "link",
        };
    }

    private static void ReadFeedMetadata(XElement element, Uri baseUri, ReadState state, FeedFormat format)
    {
        var local = element.Name.LocalName;
        if (local == "title")
        {
            state.Title ??= format == FeedFormat.Atom1 ? AtomText(element) : FeedText.From(element.Value);
        }
        else if (local == "author")
        {
            state.Author ??= FeedText.FromPlain(Child(element, element.Name.Namespace, "name")?.Value);
        }
        else if (local == "link")
        {
            var href = format == FeedFormat.Atom1
                ? (IsAlternate(element) ? element.Attribute("href")?.Value : null)
                : element.Value;
            if (href is not null && state.Link is null)
            {
                state.Link = Resolve(href, BaseOf(element, baseUri));
            }
        }
    }

    private static FeedItem MapRssItem(XElement item, Uri outerBase, FeedFormat format)
    {
        var core = format == FeedFormat.Rss1Rdf ? Rss1 : XNamespace.None;
        var baseUri = BaseOf(item, outerBase);
        var guid = Child(item, core, "guid");
        var about = item.Attribute(Rdf + "about")?.Value;
        var linkText = Child(item, core, "link")?.Value ?? Child(item, Atom, "link")?.Attribute("href")?.Value;
        var link = linkText is null ? null : Resolve(linkText, baseUri);
        if (link is null && guid is not null && guid.Attribute("isPermaLink")?.Value != "false")
        {
            link = Resolve(guid.Value, baseUri);
        }

        link ??= about is null ? null : Resolve(about, baseUri);
        var published = FeedDateParser.Parse(Child(item, core, "pubDate")?.Value ?? Child(item, Dc, "date")?.Value);
        var updated = FeedDateParser.Parse(Child(item, Atom, "updated")?.Value ?? Child(item, Dc, "modified")?.Value);
        var categories = item.Elements(core + "category").Concat(item.Elements(Dc + "subject"))
            .Select(c => FeedText.FromPlain(c.Value)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var title = FeedText.From(Child(item, core, "title")?.Value);
        var summary = FeedText.From(Child(item, core, "description")?.Value);
        var content = FeedText.From(Child(item, Content, "encoded")?.Value);
        var media = ReadMedia(item, baseUri);
        summary ??= media.Description;
        var id = NonEmpty(guid?.Value) ?? NonEmpty(about) ?? link?.AbsoluteUri ?? SyntheticId(title, published, summary);
        return new FeedItem(id.Trim(), title, link, RssAuthor(item, core), published ?? updated, updated, summary, content,
            categories, media.Enclosures, media.Image);
    }

    private static FeedItem MapAtomEntry(XElement entry, Uri outerBase, ReadState state)
    {
        var ns = entry.Name.Namespace;
        var baseUri = BaseOf(entry, outerBase);
        Uri? link = null;
        var enclosures = new List<FeedEnclosure>();
        foreach (var l in entry.Elements(ns + "link"))
        {
            var href = l.Attribute("href")?.Value;
            if (href is null)
            {
                continue;
            }

            var rel = l.Attribute("rel")?.Value ?? "alternate";
            if (rel == "alternate" && link is null)
            {
                link = Resolve(href, BaseOf(l, outerBase));
            }
            else if (rel == "enclosure" && Resolve(href, BaseOf(l, outerBase)) is { } url)
            {
                enclosures.Add(new FeedEnclosure(url, l.Attribute("type")?.Value, ParseLength(l.Attribute("length")?.Value)));
            }
        }

        var published = FeedDateParser.Parse(Child(entry, ns, "published")?.Value ?? Child(entry, ns, "issued")?.Value);
        var updated = FeedDateParser.Parse(Child(entry, ns, "updated")?.Value ?? Child(entry, ns, "modified")?.Value);
        var author = FeedText.FromPlain(Child(entry, ns, "author")?.Element(ns + "name")?.Value)
            ?? FeedText.FromPlain(Child(entry, ns, "source")?.Element(ns + "author")?.Element(ns + "name")?.Value)
            ?? state.Author;
        var categories = entry.Elements(ns + "category")
            .Select(c => FeedText.FromPlain(c.Attribute("label")?.Value ?? c.Attribute("term")?.Value)).OfType<string>()
            .Distinct(StringComparer.Ordinal).ToList();
        var media = ReadMedia(entry, baseUri);
        enclosures.AddRange(media.Enclosures);
        var title = AtomText(Child(entry, ns, "title"));
        var contentElement = Child(entry, ns, "content");
        var content = contentElement?.Attribute("src") is null ? AtomText(contentElement) : null;
        var summary = AtomText(Child(entry, ns, "summary")) ?? media.Description;
        var id = NonEmpty(Child(entry, ns, "id")?.Value) ?? link?.AbsoluteUri ?? SyntheticId(title, published ?? updated, summary);
        return new FeedItem(id.Trim(), title, link, author, published ?? updated, updated, summary, content, categories,
            enclosures, media.Image);
    }

    private static (List<FeedEnclosure> Enclosures, Uri? Image, string? Description) ReadMedia(XElement item, Uri baseUri)
    {
        var enclosures = new List<FeedEnclosure>();
        foreach (var e in item.Elements("enclosure"))
        {
            if (e.Attribute("url")?.Value is { } href && Resolve(href, baseUri) is { } url)
            {
                enclosures.Add(new FeedEnclosure(url, e.Attribute("type")?.Value, ParseLength(e.Attribute("length")?.Value)));
            }
        }

        var groups = item.Elements(Media + "group").Prepend(item).ToList();
        foreach (var m in groups.SelectMany(g => g.Elements(Media + "content")))
        {
            if (m.Attribute("url")?.Value is { } href && Resolve(href, baseUri) is { } url && enclosures.All(x => x.Url != url))
            {
                enclosures.Add(new FeedEnclosure(url, m.Attribute("type")?.Value ?? MediumType(m.Attribute("medium")?.Value),
                    ParseLength(m.Attribute("fileSize")?.Value)));
            }
        }

        var thumbnail = groups.SelectMany(g => g.Elements(Media + "thumbnail")).Select(t => t.Attribute("url")?.Value)
            .Concat(item.Elements(Itunes + "image").Select(i => i.Attribute("href")?.Value))
            .OfType<string>().Select(h => Resolve(h, baseUri)).FirstOrDefault(u => u is not null)
            ?? enclosures.FirstOrDefault(e => e.MediaType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true)?.Url;
        var description = groups.SelectMany(g => g.Elements(Media + "description")).Select(d => FeedText.From(d.Value))
            .FirstOrDefault(d => d is not null);
        return (enclosures, thumbnail, description);
    }

    private static string? MediumType(string? medium) => medium switch
    {
        "image" => "image/*",
        "video" => "video/*",
        "audio" => "audio/*",
        _ => null,
    };

    private static string? RssAuthor(XElement item, XNamespace core)
    {
        var creator = FeedText.FromPlain(Child(item, Dc, "creator")?.Value);
        if (creator is not null)
        {
            return creator;
        }

        // RSS 2.0 <author> is "email (Name)" by the spec, often just a name in practice.
        var author = FeedText.FromPlain(Child(item, core, "author")?.Value ?? Child(item, Itunes, "author")?.Value);
        if (author is null)
        {
            return null;
        }

        var open = author.IndexOf('(', StringComparison.Ordinal);
        var close = author.LastIndexOf(')');
        return open >= 0 && close > open + 1 && author.Contains('@', StringComparison.Ordinal)
            ? author[(open + 1)..close].Trim()
            : author;
    }

    private static string? AtomText(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var type = element.Attribute("type")?.Value ?? "text";
        return type switch
        {
            "html" or "text/html" => FeedText.From(element.Value),
            "xhtml" or "application/xhtml+xml" => FeedText.From(string.Concat(element.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)))),
            _ => FeedText.FromPlain(element.Value),
        };
    }

    private static bool IsAlternate(XElement link) => (link.Attribute("rel")?.Value ?? "alternate") == "alternate";

    private static XElement? Child(XElement parent, XNamespace ns, string local)
    {
        var found = parent.Element(ns + local);
        // RSS 1.0 feeds sometimes drop the namespace on core elements, and RSS 2.0 feeds sometimes add one.
        return found ?? (ns == XNamespace.None || ns == Rss1 ? parent.Elements().FirstOrDefault(e => e.Name.LocalName == local
            && (e.Name.Namespace == XNamespace.None || e.Name.Namespace == Rss1)) : null);
    }

    /// <summary>The base URI in force at <paramref name="element"/>, applying xml:base from the item down.</summary>
    private static Uri BaseOf(XElement element, Uri outerBase)
    {
        var current = outerBase;
        foreach (var e in element.AncestorsAndSelf().Reverse())
        {
            if (e.Attribute(XNamespace.Xml + "base")?.Value is { } xmlBase && Resolve(xmlBase, current, anyScheme: true) is { } resolved)
            {
                current = resolved;
            }
        }

        return current;
    }

    internal static Uri? Resolve(string? href, Uri baseUri, bool anyScheme = false)
    {
        if (string.IsNullOrWhiteSpace(href) || !Uri.TryCreate(baseUri, href.Trim(), out var uri))
        {
            return null;
        }

        return anyScheme || uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps ? uri : null;
    }

    internal static long? ParseLength(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length > 0 ? length : null;

    internal static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Items without id or link still need a stable identity for de-duplication between polls.</summary>
    internal static string SyntheticId(string? title, DateTimeOffset? published, string? summary)
    {
        var source = $"{title}\n{published?.ToString("O", CultureInfo.InvariantCulture)}\n{summary}";
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
    }

    private sealed class ReadState(Uri feedUrl)
    {
        public Uri FeedUrl { get; } = feedUrl;
        public FeedFormat? Format { get; set; }
        public string? Title { get; set; }
        public Uri? Link { get; set; }
        public string? Author { get; set; }
        public List<Uri?> Bases { get; } = [];
        public List<FeedItem> Items { get; } = [];
        public Uri DefaultBase => Link ?? FeedUrl;
    }
}
