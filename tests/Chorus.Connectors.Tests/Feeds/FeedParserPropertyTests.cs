using System.Text;
using Chorus.Connectors.Feeds;
using Chorus.Testing;
using CsCheck;

namespace Chorus.Connectors.Tests.Feeds;

/// <summary>
/// Any body either parses into a feed, whose problems carry positions inside the document, or is refused with a
/// <see cref="FeedFormatException"/>; never another exception, and within a time bound per document of up to 64 KB.
/// </summary>
public class FeedParserPropertyTests
{
    // CPU time of the test's thread, twice the fuzzing harness's bound: these run in Debug. Quadratic work on
    // 64 KB takes several seconds, so it still shows.
    private static readonly TimeSpan PerInputBound = TimeSpan.FromSeconds(2);
    private static readonly Uri FeedUrl = new("https://feeds.example.org/news/feed.xml");

    private static readonly string[] Values =
    [
        "Titre &amp; café", "<b>bold</b> &eacute;t&eacute;", "<![CDATA[<p>Un <i>paragraphe</i></p><script>x()</script>]]>", "",
        "   ", "https://example.org/a?b=1&amp;c=2", "/relative/path", "../up", "//other.example/x", "mailto:a@b.c",
        "javascript:alert(1)", "http://[::1]:99999/", "Tue, 10 Jun 2003 04:00:00 GMT", "2024-02-29T12:00:00+01:00",
        "31 Dec 9999 23:59:60 -1400", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "lundi 3 mars 2025",
        "john@example.org (John Doe)", "\0", "\ud83d", "😀 émoji", "a\u0301", "123", "-5", "99999999999999999999",
    ];

    private static readonly Gen<string> Value = Gen.Frequency(
        (6, Gen.OneOf(Values)),
        (2, Gen.String[Gen.Char["<>&;\"'/=#x0abcé \n"], 0, 20]),
        (1, Gen.String[Gen.Char, 0, 10]));

    private static readonly Gen<string> Rss2Item = Gen.Select(Value, Value, Value, Value, Value, (title, link, date, description, author) =>
        $"<item><title>{title}</title><link>{link}</link><guid isPermaLink=\"true\">{link}</guid><pubDate>{date}</pubDate>"
        + $"<description>{description}</description><author>{author}</author><category>{title}</category>"
        + $"<enclosure url=\"{link}\" length=\"{author}\" type=\"image/png\"/><media:content url=\"{link}\" fileSize=\"{date}\" medium=\"video\"/>"
        + $"<content:encoded>{description}</content:encoded><dc:creator>{author}</dc:creator></item>");

    private static readonly Gen<string> AtomEntry = Gen.Select(Value, Value, Value, Value, Gen.OneOf("text", "html", "xhtml", "image/png"), (title, link, date, content, type) =>
        $"<entry xml:base=\"{link}\"><title type=\"{type}\">{title}</title><link rel=\"alternate\" href=\"{link}\"/>"
        + $"<link rel=\"enclosure\" href=\"{link}\" length=\"{date}\"/><id>{title}</id><published>{date}</published><updated>{date}</updated>"
        + $"<author><name>{title}</name></author><category term=\"{title}\" label=\"{content}\"/><content type=\"{type}\">{content}</content>"
        + $"<summary type=\"{type}\">{content}</summary><media:group><media:thumbnail url=\"{link}\"/></media:group></entry>");

    private static readonly Gen<string> JsonItem = Gen.Select(Value, Value, Value, Value, (title, url, date, html) =>
        $"{{\"id\": {Json(title)}, \"url\": {Json(url)}, \"title\": {Json(title)}, \"content_html\": {Json(html)}, \"date_published\": {Json(date)},"
        + $" \"authors\": [{{\"name\": {Json(title)}}}], \"tags\": [{Json(title)}, 3], \"image\": {Json(url)},"
        + $" \"attachments\": [{{\"url\": {Json(url)}, \"mime_type\": \"audio/mpeg\", \"size_in_bytes\": {(date.Length % 2 == 0 ? "12" : Json(date))}}}]}}");

    private static readonly Gen<string> Skeleton = Gen.OneOf(
        Gen.Select(Value, Rss2Item.Array[0, 4], (title, items) =>
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\""
            + " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
            + $"<channel><title>{title}</title><link>{title}</link>{string.Concat(items)}</channel></rss>"),
        Gen.Select(Value, Rss2Item.Array[0, 3], (title, items) =>
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
            + $" xmlns:media=\"http://search.yahoo.com/mrss/\"><channel rdf:about=\"{title}\"><title>{title}</title></channel>"
            + string.Concat(items).Replace("<item>", $"<item rdf:about=\"{title}\">", StringComparison.Ordinal) + "</rdf:RDF>"),
        Gen.Select(Value, AtomEntry.Array[0, 4], (title, entries) =>
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:media=\"http://search.yahoo.com/mrss/\" xml:base=\"https://example.org/\">"
            + $"<title>{title}</title><link href=\"{title}\"/><author><name>{title}</name></author>{string.Concat(entries)}</feed>"),
        Gen.Select(Value, JsonItem.Array[0, 4], (title, items) =>
            $"{{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": {Json(title)}, \"home_page_url\": {Json(title)},"
            + $" \"authors\": [{{\"name\": {Json(title)}}}], \"items\": [{string.Join(", ", items)}]}}"));

    private static readonly Gen<string> Samples = Gen.OneOf(
        Directory.GetFiles(FeedSamples.Directory).Where(f => !f.EndsWith(".opml", StringComparison.Ordinal))
            .Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))).ToArray());

    /// <summary>Deep or long documents: no recursion without bound, no quadratic work, on a body of at most 64 KB.</summary>
    private static readonly Gen<string> Deep = Gen.Select(Gen.Int[1, 6000], Gen.Int[0, 7], (n, shape) => shape switch
    {
        0 => $"<rss><channel><item><title>t</title><description><![CDATA[{NearValidDocuments.Nest("<div>", "x", "</div>", n)}]]></description></item></channel></rss>",
        1 => $"<rss><channel><item><description>{NearValidDocuments.Nest("&lt;b&gt;", "x", "", n)}</description></item></channel></rss>",
        2 => $"<rss><channel><item>{NearValidDocuments.Nest("<x>", "y", "</x>", n)}</item></channel></rss>",
        3 => $"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"xhtml\">{NearValidDocuments.Nest("<div>", "x", "</div>", n)}</content></entry></feed>",
        4 => "{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [{\"id\": \"a\", \"x\": " + NearValidDocuments.Nest("[", "1", "]", n) + "}]}",
        5 => "<feed xmlns=\"http://www.w3.org/2005/Atom\">" + NearValidDocuments.Nest("<g xml:base=\"a/\">", "<entry><id>x</id></entry>", "</g>", n) + "</feed>",
        6 => "<rss><channel>" + string.Concat(Enumerable.Repeat("<item><title>a&amp;b</title><link>/x</link></item>", Math.Min(n, 1200))) + "</channel></rss>",
        _ => "<rss><channel><item>" + string.Concat(Enumerable.Repeat("<media:content xmlns:media=\"http://search.yahoo.com/mrss/\" url=\"http://a/b\"/>", Math.Min(n, 800))) + "</item></channel></rss>",
    });

    [Fact]
    public void Parse_MutatedSkeletons_ParsesOrRefusesWithItsOwnError() =>
        NearValidDocuments.Encoded(NearValidDocuments.Mutated(Skeleton)).Sample(b => AssertParsesOrRefuses(b.Body, b.ContentType), iter: 1500, print: Shown);

    [Fact]
    public void Parse_MutatedSamples_ParsesOrRefusesWithItsOwnError() =>
        NearValidDocuments.Encoded(NearValidDocuments.Mutated(Samples, 6)).Sample(b => AssertParsesOrRefuses(b.Body, b.ContentType), iter: 600, print: Shown);

    [Fact]
    public void Parse_DeepOrRepeatedDocuments_ParsesOrRefusesInTime() =>
        Deep.Where(d => d.Length <= 64 * 1024).Sample(d => AssertParsesOrRefuses(Encoding.UTF8.GetBytes(d), null), iter: 60, print: d => Shown((Encoding.UTF8.GetBytes(d), null)));

    [Fact]
    public void Parse_ArbitraryBytes_ParsesOrRefusesWithItsOwnError() =>
        Gen.Byte.Array[0, 300].Select(b => (byte[])[(byte)'<', .. b]).Sample(b => AssertParsesOrRefuses(b, null), iter: 1500);

    private static void AssertParsesOrRefuses(byte[] body, string? contentType) =>
        ThreadCpuTime.Of(() => ParsesOrRefuses(body, contentType)).ShouldBeLessThan(PerInputBound, $"CPU time for a body of {body.Length} bytes");

    private static void ParsesOrRefuses(byte[] body, string? contentType)
    {
        try
        {
            var feed = FeedParser.Parse(body, contentType, FeedUrl);
            feed.Problems.ShouldAllBe(p => p.Line >= 0 && p.Column >= 0 && p.Message.Length > 0);
            feed.Items.ShouldAllBe(i => !string.IsNullOrWhiteSpace(i.Id));
        }
        catch (FeedFormatException error)
        {
            error.Message.ShouldNotBeNullOrWhiteSpace();
            error.Line.ShouldBeGreaterThanOrEqualTo(0);
            error.Column.ShouldBeGreaterThanOrEqualTo(0);
            (error.Line == 0 || error.Message.Contains($"line {error.Line}", StringComparison.Ordinal)).ShouldBeTrue(error.Message);
        }
    }

    private static string Shown((byte[] Body, string? ContentType) input)
    {
        var text = Encoding.UTF8.GetString(input.Body);
        return $"[{input.ContentType}] " + (text.Length <= 600 ? text : $"{text[..600]}… ({text.Length} characters)");
    }

    private static string Json(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}
