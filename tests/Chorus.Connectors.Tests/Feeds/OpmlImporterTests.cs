using Chorus.Connectors.Feeds;

namespace Chorus.Connectors.Tests.Feeds;

public class OpmlImporterTests
{
    [Fact]
    public void Import_NestedOutlines_ReadsFeedsWithCategoriesFromParents()
    {
        var import = OpmlImporter.Import(File.ReadAllText(Path.Combine(FeedSamples.Directory, "subscriptions.opml")));

        import.Feeds.Select(f => f.Title).ShouldBe(["Le Monde.fr", "BBC News", "Le blog de la Boulangerie", "Slashdot", "Sans dossier"]);
        var lemonde = import.Feeds[0];
        lemonde.FeedUrl.AbsoluteUri.ShouldBe("https://www.lemonde.fr/rss/une.xml");
        lemonde.SiteUrl!.AbsoluteUri.ShouldBe("https://www.lemonde.fr/");
        lemonde.Categories.ShouldBe(["Actualités", "France"]);
        import.Feeds[1].Categories.ShouldBe(["Actualités", "International"]);
        import.Feeds[2].Categories.ShouldBe(["Concurrents", "boulangerie", "veille"]);
        import.Feeds[2].Title.ShouldBe("Le blog de la Boulangerie"); // text when there is no title
        import.Feeds[4].Categories.ShouldBeEmpty();
    }

    [Fact]
    public void Import_InvalidAndDuplicateUrls_AreReportedPerLineAndSkipped()
    {
        var import = OpmlImporter.Import(File.ReadAllText(Path.Combine(FeedSamples.Directory, "subscriptions.opml")));

        import.Problems.Select(p => p.ToString()).ShouldBe([
            "line 18, column 6: outline \"Intranet\": xmlUrl 'file:///etc/passwd' is not an absolute http or https URL; skipped",
            "line 19, column 6: outline \"Relatif\": xmlUrl '/feed.xml' is not an absolute http or https URL; skipped",
            "line 20, column 6: outline \"Slashdot (doublon)\": https://rss.slashdot.org/Slashdot/slashdotMain already listed at line 17; skipped",
        ]);
    }

    [Theory]
    [InlineData("<html><body/></html>", "root element is <html>")]
    [InlineData("<opml version=\"2.0\"><head/></opml>", "has no <body>")]
    [InlineData("<opml><body><outline", "not a readable OPML file: line 1")]
    public void Import_NotOpml_FailsWithTheReason(string text, string reason)
    {
        Should.Throw<FeedFormatException>(() => OpmlImporter.Import(text)).Message.ShouldContain(reason);
    }

    [Fact]
    public void Import_FoldersNestedThousandsDeep_RefusedInTimeWithThePosition()
    {
        // Found by OpmlImporterPropertyTests: each folder level copied the path of categories and recursed, and building
        // the XDocument itself takes time in the square of its depth: 5,000 nested folders took most of a second.
        var opml = "<opml><body>\n" + NearValidDocuments.Nest("<outline text=\"d\">", "<outline xmlUrl=\"https://deep.example/feed\"/>", "</outline>", 5000) + "</body></opml>";
        FeedFormatException error = null!;

        var spent = Chorus.Testing.ThreadCpuTime.Of(() => error = Should.Throw<FeedFormatException>(() => OpmlImporter.Import(opml)));

        spent.ShouldBeLessThan(TimeSpan.FromMilliseconds(300));
        error.Line.ShouldBe(2);
        error.Column.ShouldBe(1 + ((OpmlImporter.MaxElementDepth - 1) * "<outline text=\"d\">".Length) + 1);
        error.Message.ShouldContain($"nested more than {OpmlImporter.MaxElementDepth} deep");
    }

    [Fact]
    public void Import_FoldersDeeperThanTheLimit_SkippedWithAProblem()
    {
        var depth = OpmlImporter.MaxFolderDepth + 5;
        var opml = "<opml><body>\n" + NearValidDocuments.Nest("<outline text=\"d\">", "<outline xmlUrl=\"https://deep.example/feed\"/>", "</outline>", depth)
            + "<outline text=\"Top\" xmlUrl=\"https://top.example/feed\"/></body></opml>";

        var import = OpmlImporter.Import(opml);

        import.Feeds.Select(f => f.Title).ShouldBe(["Top"]);
        var problem = import.Problems.ShouldHaveSingleItem();
        problem.Line.ShouldBe(2);
        problem.Message.ShouldContain($"nested more than {OpmlImporter.MaxFolderDepth} folders deep");
    }

    [Fact]
    public void Import_FeedAtTheDeepestAllowedFolder_IsRead()
    {
        var folders = OpmlImporter.MaxFolderDepth;
        var opml = "<opml><body>" + string.Concat(Enumerable.Range(0, folders).Select(i => $"<outline text=\"f{i}\">"))
            + "<outline xmlUrl=\"https://deep.example/feed\"/>" + string.Concat(Enumerable.Repeat("</outline>", folders)) + "</body></opml>";

        var import = OpmlImporter.Import(opml);

        import.Problems.ShouldBeEmpty();
        import.Feeds.ShouldHaveSingleItem().Categories.Count.ShouldBe(folders);
    }
}
