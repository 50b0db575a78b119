using Chorus.Connectors.Feeds;
using Chorus.Testing;
using CsCheck;

namespace Chorus.Connectors.Tests.Feeds;

/// <summary>
/// Any text either imports, every feed an absolute http(s) URL and every problem on a line of the file, or is refused
/// with a <see cref="FeedFormatException"/>; never another exception, and within a time bound.
/// </summary>
public class OpmlImporterPropertyTests
{
    // CPU time of the test's thread, twice the fuzzing harness's bound: these run in Debug. Quadratic work on
    // 64 KB takes several seconds, so it still shows.
    private static readonly TimeSpan PerInputBound = TimeSpan.FromSeconds(2);

    private static readonly string[] Urls =
    [
        "https://www.lemonde.fr/rss/une.xml", "http://a.example/feed", "HTTP://A.EXAMPLE/FEED", "file:///etc/passwd", "/feed.xml",
        "http://", "https://[::1]/x", "http://a b/", "javascript:alert(1)", "", " ", "\0", "http://é.example/😀", "http://a.example/%",
    ];

    private static readonly Gen<string> Label = Gen.Frequency(
        (4, Gen.OneOf("Actualités", "Tech &amp; co", "a/b,c", "", "\ud800", "&eacute;t&eacute;", "<b>x</b>", "\"")),
        (1, Gen.String[Gen.Char, 0, 8]));

    private static readonly Gen<string> Outline = Gen.Recursive<string>((depth, inner) => depth >= 3
        ? Gen.Select(Label, Gen.OneOf(Urls), Gen.OneOf(Urls), (text, xml, html) => $"<outline text=\"{text}\" xmlUrl=\"{xml}\" htmlUrl=\"{html}\" category=\"{text},/{text}\"/>")
        : Gen.Frequency(
            (3, Gen.Select(Label, Gen.OneOf(Urls), (text, xml) => $"<outline type=\"rss\" title=\"{text}\" xmlurl=\"{xml}\"/>")),
            (2, Gen.Select(Label, inner.Array[0, 4], (text, children) => $"<outline text=\"{text}\">{string.Concat(children)}</outline>")),
            (1, Gen.Select(Label, Gen.OneOf(Urls), (text, url) => $"<outline url=\"{url}\">{text}</outline>"))));

    private static readonly Gen<string> Document = Gen.Frequency(
        (6, Outline.Array[0, 6].Select(outlines => $"<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>x</title></head><body>{string.Concat(outlines)}</body></opml>")),
        (1, Gen.Const(File.ReadAllText(Path.Combine(FeedSamples.Directory, "subscriptions.opml")))));

    private static readonly Gen<string> Deep = Gen.Select(Gen.Int[1, 1800], Gen.Bool, (n, labelled) =>
        "<opml><body>" + NearValidDocuments.Nest(labelled ? "<outline text=\"dossier\">" : "<outline>", "<outline xmlUrl=\"http://a.example/f\"/>", "</outline>", n) + "</body></opml>");

    [Fact]
    public void Import_MutatedDocuments_ImportsOrRefusesWithItsOwnError() =>
        NearValidDocuments.Mutated(Document).Sample(AssertImportsOrRefuses, iter: 1500, print: Shown);

    [Fact]
    public void Import_DeeplyNestedOutlines_ImportsOrRefusesInTime() =>
        Deep.Sample(AssertImportsOrRefuses, iter: 40, print: Shown);

    private static void AssertImportsOrRefuses(string opml) =>
        ThreadCpuTime.Of(() => ImportsOrRefuses(opml)).ShouldBeLessThan(PerInputBound, $"CPU time for a file of {opml.Length} characters");

    private static void ImportsOrRefuses(string opml)
    {
        try
        {
            var import = OpmlImporter.Import(opml);
            // XML ends a line at \n, \r\n and a lone \r.
            var lines = opml.ReplaceLineEndings("\n").Count(c => c == '\n') + 1;
            import.Feeds.ShouldAllBe(f => (f.FeedUrl.Scheme == "http" || f.FeedUrl.Scheme == "https") && f.FeedUrl.Host.Length > 0 && f.Line >= 1);
            import.Problems.ShouldAllBe(p => p.Line >= 0 && p.Line <= lines && p.Column >= 0);
        }
        catch (FeedFormatException error)
        {
            error.Message.ShouldNotBeNullOrWhiteSpace();
            error.Line.ShouldBeGreaterThanOrEqualTo(0);
            error.Column.ShouldBeGreaterThanOrEqualTo(0);
            (error.Line == 0 || error.Message.Contains($"line {error.Line}", StringComparison.Ordinal)).ShouldBeTrue(error.Message);
        }
    }

    private static string Shown(string opml) => opml.Length <= 600 ? opml : $"{opml[..600]}… ({opml.Length} characters)";
}
