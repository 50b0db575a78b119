using System.Text;
using System.Text.Json;

namespace Chorus.Connectors.Feeds;

/// <summary>
/// Reads JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/) with a forward-only reader,
/// so a truncated or broken document still yields the items that came before the break.
/// </summary>
internal static class JsonFeedReader
{
    public static ParsedFeed Read(string json, Uri feedUrl, List<FeedProblem> problems)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        string? title = null;
        string? version = null;
        Uri? home = null;
        string? feedAuthor = null;
        var items = new List<FeedItem>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FeedFormatException("not a JSON Feed: the document is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = StringOf(ref reader);
                reader.Read();
                switch (name)
                {
                    case "version":
                        version = StringOf(ref reader);
                        break;
                    case "title":
                        title = FeedText.FromPlain(StringOf(ref reader));
                        break;
                    case "home_page_url":
                        home = XmlFeedReader.Resolve(StringOf(ref reader), feedUrl);
                        break;
                    case "authors" or "author":
                        using (var author = JsonDocument.ParseValue(ref reader))
                        {
                            feedAuthor = AuthorName(author.RootElement);
                        }

                        break;
                    case "items" when reader.TokenType == JsonTokenType.StartArray:
                        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                        {
                            using var item = JsonDocument.ParseValue(ref reader);
                            items.Add(MapItem(item.RootElement, home ?? feedUrl, feedAuthor));
                        }

                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException error)
        {
            if (version is null && items.Count == 0)
            {
                throw new FeedFormatException($"not a readable JSON Feed: line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}: {error.Message}",
                    (int)(error.LineNumber ?? -1) + 1, (int)(error.BytePositionInLine ?? -1) + 1);
            }

            problems.Add(new FeedProblem((int)(error.LineNumber ?? -1) + 1, (int)(error.BytePositionInLine ?? -1) + 1,
                $"document is malformed or ends early, {items.Count} item(s) read before this point: {error.Message}"));
        }

        if (version is null || !version.StartsWith("https://jsonfeed.org/version/", StringComparison.Ordinal))
        {
            throw new FeedFormatException($"not a JSON Feed: \"version\" is {(version is null ? "missing" : $"'{version}'")}, expected https://jsonfeed.org/version/1.1");
        }

        return new ParsedFeed(FeedFormat.JsonFeed, title, home, items, problems);
    }

    private static FeedItem MapItem(JsonElement item, Uri baseUri, string? feedAuthor)
    {
        var link = XmlFeedReader.Resolve(String(item, "url"), baseUri) ?? XmlFeedReader.Resolve(String(item, "external_url"), baseUri);
        var title = FeedText.FromPlain(String(item, "title"));
        var published = FeedDateParser.Parse(String(item, "date_published"));
        var updated = FeedDateParser.Parse(String(item, "date_modified"));
        var content = FeedText.From(String(item, "content_html")) ?? FeedText.FromPlain(String(item, "content_text"));
        var summary = FeedText.FromPlain(String(item, "summary"));
        var author = item.TryGetProperty("authors", out var authors) ? AuthorName(authors)
            : item.TryGetProperty("author", out var single) ? AuthorName(single) : null;
        var categories = item.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? tags.EnumerateArray().Select(StringOf).OfType<string>().Select(t => t.Trim())
                .Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList()
            : [];
        var enclosures = new List<FeedEnclosure>();
        if (item.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in attachments.EnumerateArray())
            {
                if (XmlFeedReader.Resolve(String(a, "url"), baseUri) is { } url)
                {
                    var size = a.TryGetProperty("size_in_bytes", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) && n > 0
                        ? n
                        : (long?)null;
                    enclosures.Add(new FeedEnclosure(url, String(a, "mime_type"), size));
                }
            }
        }

        // The spec makes id a string, but feeds in the wild send numbers too.
        var id = item.TryGetProperty("id", out var idElement) && idElement.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? XmlFeedReader.NonEmpty(idElement.ToString())
            : null;
        id ??= link?.AbsoluteUri ?? XmlFeedReader.SyntheticId(title, published, content);
        var image = XmlFeedReader.Resolve(String(item, "image"), baseUri) ?? XmlFeedReader.Resolve(String(item, "banner_image"), baseUri);
        return new FeedItem(id, title, link, author ?? feedAuthor, published ?? updated, updated, summary, content, categories,
            enclosures, image);
    }

    private static string? AuthorName(JsonElement author) => author.ValueKind switch
    {
        JsonValueKind.Array => author.EnumerateArray().Select(AuthorName).FirstOrDefault(n => n is not null),
        JsonValueKind.Object => FeedText.FromPlain(String(author, "name")),
        _ => null,
    };

    // Feeds put anything anywhere: a property of something that is not an object, or of the wrong type, is absent.
    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? StringOf(value) : null;

    // A string whose escapes make invalid UTF-16 ("\ud800" alone) cannot become a .NET string: it is absent too.
    private static string? StringOf(JsonElement value)
    {
        try
        {
            return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? StringOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName ? reader.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
