using Chorus.Connectors.Feeds;

namespace Chorus.Connectors.Tests.Feeds;

public class FeedParserTests
{
    private static ParsedFeed Parse(string sample, string? contentType = null, string url = "https://feeds.example/feed.xml") =>
        FeedParser.Parse(FeedSamples.Bytes(sample), contentType, new Uri(url));

    [Fact]
    public void Parse_LeMondeRss_ReadsFrenchItemsWithMediaAndZonedDates()
    {
        var feed = Parse("lemonde-rss.xml", "application/rss+xml; charset=utf-8");

        feed.Format.ShouldBe(FeedFormat.Rss2);
        feed.Title.ShouldBe("Le Monde.fr - Actualités et Infos en France et dans le monde");
        feed.Problems.ShouldBeEmpty();
        feed.Items.Count.ShouldBe(3);
        var first = feed.Items[0];
        first.Title.ShouldBe("Climat : à la COP, les négociations s’enlisent sur le financement");
        first.Id.ShouldBe("https://www.lemonde.fr/planete/article/2026/11/21/climat-a-la-cop-les-negociations-s-enlisent_6612345_3244.html");
        first.Link!.AbsoluteUri.ShouldBe(first.Id);
        first.Published.ShouldBe(new DateTimeOffset(2026, 11, 21, 4, 30, 2, TimeSpan.Zero));
        first.Summary.ShouldStartWith("Les pays du Sud réclament « au moins 1 000 milliards »");
        first.Enclosures.ShouldHaveSingleItem().Url.Host.ShouldBe("img.lemde.fr");
        first.Enclosures[0].MediaType.ShouldBeNull();
        first.Summary!.ShouldNotContain("délégation lors de la séance"); // the media description is not the summary when one exists
        feed.Items[2].Published.ShouldBe(new DateTimeOffset(2026, 11, 1, 22, 58, 31, TimeSpan.FromHours(1)));
        feed.Items[2].Summary.ShouldBe("Victoire 2-1 au Vélodrome.");
    }

    [Fact]
    public void Parse_BbcRss_ReadsThumbnailsAndNonPermalinkGuids()
    {
        var feed = Parse("bbc-news-rss.xml");

        feed.Title.ShouldBe("BBC News");
        feed.Link!.AbsoluteUri.ShouldBe("https://www.bbc.co.uk/news");
        feed.Items.Count.ShouldBe(2);
        var item = feed.Items[0];
        item.Id.ShouldBe("https://www.bbc.co.uk/news/articles/c0r1x2y3z4o#0");
        item.Link!.AbsoluteUri.ShouldBe("https://www.bbc.co.uk/news/articles/c0r1x2y3z4o?at_medium=RSS&at_campaign=rss");
        item.ImageUrl!.AbsoluteUri.ShouldBe("https://ichef.bbci.co.uk/ace/standard/240/cpsprodpb/1a2b/live/storm.jpg");
        item.Published.ShouldBe(new DateTimeOffset(2026, 11, 21, 5, 48, 22, TimeSpan.Zero));
    }

    [Fact]
    public void Parse_WordPressRss_ReadsContentEncodedCreatorAndCategoriesWithoutScripts()
    {
        var feed = Parse("wordpress-rss.xml");

        var post = feed.Items[0];
        post.Title.ShouldBe("Notre galette des rois 2027 : frangipane & pommes");
        post.Id.ShouldBe("https://boulangerie-martin.example/?p=1842");
        post.Link!.AbsoluteUri.ShouldBe("https://boulangerie-martin.example/2026/11/19/galette-des-rois-2027/");
        post.Author.ShouldBe("Claire Martin");
        post.Categories.ShouldBe(["Nouveautés", "galette", "Épiphanie"]);
        post.Summary.ShouldBe("Cette année, la galette se réinvente avec des pommes caramélisées… Lire la suite");
        post.Content.ShouldBe("Cette année, la galette se réinvente avec des pommes caramélisées.\n\nDisponible dès le 2 janvier.");
        post.Content!.ShouldNotContain("alert");
        feed.Items[1].Title.ShouldBe("Horaires d’hiver");
    }

    [Fact]
    public void Parse_BloggerAtom_ReadsHtmlContentAlternateLinkAndAuthor()
    {
        var feed = Parse("blogger-atom.xml");

        feed.Format.ShouldBe(FeedFormat.Atom1);
        feed.Title.ShouldBe("Carnets de cuisine");
        feed.Link!.AbsoluteUri.ShouldBe("https://carnets-cuisine.blogspot.com/");
        var entry = feed.Items[0];
        entry.Id.ShouldBe("tag:blogger.com,1999:blog-1234567890123456789.post-1111111111111111111");
        entry.Link!.AbsoluteUri.ShouldBe("https://carnets-cuisine.blogspot.com/2026/11/tarte-tatin.html");
        entry.Content.ShouldBe("Le secret : un caramel bien ambré.");
        entry.Author.ShouldBe("Sophie L.");
        entry.Published.ShouldBe(new DateTimeOffset(2026, 11, 18, 17, 10, 0, TimeSpan.Zero));
        entry.Updated!.Value.UtcDateTime.ShouldBe(new DateTime(2026, 11, 18, 17, 12, 33, 421, DateTimeKind.Utc));
        entry.Categories.ShouldBe(["recettes"]);
        entry.ImageUrl!.AbsoluteUri.ShouldBe("https://blogger.googleusercontent.com/img/s72-c/tatin.jpg");
        feed.Items[1].Content.ShouldBe("Bouchons, quenelles & traboules.");
    }

    [Fact]
    public void Parse_MediumRss_KeepsVisibleTextOfContentAndAtomUpdated()
    {
        var item = Parse("medium-rss.xml").Items.ShouldHaveSingleItem();

        item.Id.ShouldBe("https://medium.com/p/5f3e2a1b9c8d");
        item.Author.ShouldBe("Jane Doe");
        item.Categories.ShouldBe(["design-systems", "ux", "frontend"]);
        item.Content.ShouldBe("Lesson one: tokens first\n\nNobody reads the docs. Everybody copies the examples.");
        item.Updated.ShouldBe(new DateTimeOffset(2026, 11, 20, 17, 45, 59, 123, TimeSpan.Zero));
    }

    [Fact]
    public void Parse_YouTubeAtom_ReadsMediaGroupDescriptionAndThumbnail()
    {
        var video = Parse("youtube-atom.xml").Items.ShouldHaveSingleItem();

        video.Id.ShouldBe("yt:video:dQw4w9WgXcQ");
        video.Title.ShouldBe("Pâte feuilletée express en 10 minutes");
        video.Link!.AbsoluteUri.ShouldBe("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
        video.Summary.ShouldBe("La recette inratable de la pâte feuilletée rapide.\nIngrédients : farine, beurre, sel, eau.");
        video.ImageUrl!.AbsoluteUri.ShouldBe("https://i2.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg");
        video.Author.ShouldBe("Chaîne Cuisine Facile");
        video.Published.ShouldBe(new DateTimeOffset(2026, 11, 19, 15, 0, 6, TimeSpan.Zero));
    }

    [Fact]
    public void Parse_RedditAtom_DecodesDoubleEscapedHtmlAndCategoryLabel()
    {
        var feed = Parse("reddit-atom.xml");

        var post = feed.Items[0];
        post.Title.ShouldBe("Quelqu'un a testé la nouvelle appli ?");
        post.Author.ShouldBe("/u/baguette_lover");
        post.Categories.ShouldBe(["r/france"]);
        post.Content!.ShouldStartWith("Quelqu'un a testé la nouvelle appli de la SNCF ? Les billets disparaissent & le support ne répond pas.");
        post.Link!.AbsoluteUri.ShouldBe("https://www.reddit.com/r/france/comments/1gw2x9z/quelquun_a_test%C3%A9_la_nouvelle_appli/");
        feed.Items[1].ImageUrl!.Host.ShouldBe("b.thumbs.redditmedia.com");
    }

    [Fact]
    public void Parse_GitHubReleasesAtom_FallsBackToUpdatedForPublished()
    {
        var release = Parse("github-atom.xml").Items.ShouldHaveSingleItem();

        release.Title.ShouldBe("v2.4.0");
        release.Published.ShouldBe(new DateTimeOffset(2026, 11, 20, 12, 1, 44, TimeSpan.Zero));
        release.Content.ShouldBe("What's Changed\n\nFix crash on empty config by @octocat\n\nAdd French translation");
        release.ImageUrl!.Query.ShouldBe("?s=60&v=4");
    }

    [Fact]
    public void Parse_AtomWithXmlBase_ResolvesRelativeLinksAgainstTheBaseInScope()
    {
        var feed = Parse("xmlbase-atom.xml");

        feed.Title.ShouldBe("Dev notes");
        feed.Link!.AbsoluteUri.ShouldBe("https://devblog.example.org/");
        var first = feed.Items[0];
        first.Link!.AbsoluteUri.ShouldBe("https://devblog.example.org/posts/parsing-feeds/");
        first.Enclosures.ShouldHaveSingleItem().ShouldBe(new FeedEnclosure(new Uri("https://devblog.example.org/media/episode-12.mp3"), "audio/mpeg", 1337));
        first.Summary.ShouldBe("Feeds are messy.\n\nBe liberal.");
        first.Author.ShouldBe("Léa Dupont"); // inherited from the feed
        first.Categories.ShouldBe(["XML", "rss"]);
        var second = feed.Items[1];
        second.Link!.AbsoluteUri.ShouldBe("https://devblog.example.org/archive/2025/old-post.html");
        second.Title.ShouldBe("Old post: a < b & c");
        second.Content.ShouldBe("Plain text content.");
    }

    [Fact]
    public void Parse_RssWithRelativeLinks_ResolvesAgainstChannelLinkAndExtractsAuthorName()
    {
        var feed = Parse("relative-links-rss.xml", url: "https://feeds.other-host.example/jardin.rss");

        var topic = feed.Items[0];
        topic.Link!.AbsoluteUri.ShouldBe("https://forum-jardin.example.fr/t/tomates-mildiou-en-novembre/4521");
        topic.Author.ShouldBe("Jean-Pierre");
        topic.Published.ShouldBe(new DateTimeOffset(2026, 11, 18, 9, 5, 0, TimeSpan.FromHours(1)));
        topic.Summary.ShouldBe("Mes plants ont des taches brunes malgré le froid.");
        topic.Enclosures.ShouldHaveSingleItem().ShouldBe(new FeedEnclosure(new Uri("https://forum-jardin.example.fr/uploads/mildiou.jpg"), "image/jpeg", 48213));
        topic.ImageUrl!.AbsoluteUri.ShouldBe("https://forum-jardin.example.fr/uploads/mildiou.jpg");
        var bare = feed.Items[1];
        bare.Link.ShouldBeNull();
        bare.Id.ShouldStartWith("sha256:");
        Parse("relative-links-rss.xml").Items[1].Id.ShouldBe(bare.Id); // stable between polls
    }

    [Fact]
    public void Parse_SlashdotRdf_ReadsRss1ItemsWithDublinCore()
    {
        var feed = Parse("slashdot-rdf.xml");

        feed.Format.ShouldBe(FeedFormat.Rss1Rdf);
        feed.Title.ShouldBe("Slashdot");
        feed.Items.Count.ShouldBe(2);
        var story = feed.Items[0];
        story.Id.ShouldBe("https://linux.slashdot.org/story/26/11/20/2142215/kernel-66-released");
        story.Link!.Query.ShouldBe("?utm_source=rss1.0mainlinkanon&utm_medium=feed");
        story.Author.ShouldBe("msmash");
        story.Categories.ShouldBe(["linux"]);
        story.Published.ShouldBe(new DateTimeOffset(2026, 11, 20, 22, 2, 0, TimeSpan.Zero));
        story.Summary.ShouldBe("An anonymous reader writes: the new kernel brings many changes.\n\nshare");
    }

    [Fact]
    public void Parse_JsonFeedSpecExample_ReadsItemsAuthorsTagsAndRelativeImage()
    {
        var feed = Parse("jsonfeed-spec.json", "application/feed+json");

        feed.Format.ShouldBe(FeedFormat.JsonFeed);
        feed.Title.ShouldBe("Brent Simmons’s Microblog");
        feed.Items.Count.ShouldBe(2);
        feed.Items[0].Content.ShouldBe("Cats are neat.\n\nhttps://example.org/cats");
        feed.Items[0].Author.ShouldBe("Brent Simmons");
        feed.Items[0].Published.ShouldBe(new DateTimeOffset(2016, 2, 9, 14, 22, 0, TimeSpan.FromHours(-7)));
        var post = feed.Items[1];
        post.Title.ShouldBe("Initial post");
        post.Content.ShouldBe("Hello, world!\n\nSecond paragraph.");
        post.Summary.ShouldBe("The first one.");
        post.Author.ShouldBe("Guest Author");
        post.Categories.ShouldBe(["greetings", "meta"]);
        post.ImageUrl!.AbsoluteUri.ShouldBe("https://example.org/images/first.png");
        post.Updated.ShouldBe(new DateTimeOffset(2010, 2, 8, 9, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Parse_JsonFeed10Podcast_ReadsAttachmentsAndNumericIds()
    {
        var feed = Parse("jsonfeed-podcast.json");

        var episode = feed.Items[0];
        episode.Author.ShouldBe("Brent Simmons and Chris Parrish");
        episode.Enclosures.ShouldHaveSingleItem().ShouldBe(new FeedEnclosure(
            new Uri("http://therecord.co/downloads/The-Record-sp1e1-ChrisParrish.m4a"), "audio/x-m4a", 89970236));
        episode.Content!.ShouldContain("Aged & Distilled");
        feed.Items[1].Id.ShouldBe("42");
        feed.Items[1].Link!.AbsoluteUri.ShouldBe("http://therecord.co/episodes/42");
    }

    [Fact]
    public void Parse_TruncatedJsonFeed_KeepsCompleteItemsAndReportsThePosition()
    {
        var feed = Parse("jsonfeed-truncated.json");

        feed.Items.Select(i => i.Id).ShouldBe(["a", "b"]);
        var problem = feed.Problems.ShouldHaveSingleItem();
        problem.Line.ShouldBe(8);
        problem.Message.ShouldContain("2 item(s) read before this point");
    }

    [Fact]
    public void Parse_BrokenEntitiesAndControlCharacters_RepairsAndReportsEachKind()
    {
        var feed = Parse("broken-entities.xml");

        feed.Title.ShouldBe("Forum Auto & Moto — Actualités");
        feed.Items.Count.ShouldBe(2);
        var first = feed.Items[0];
        first.Title.ShouldBe("Essai : Renault 5 E-Tech – légère & rapide");
        first.Link!.AbsoluteUri.ShouldBe("https://forum-auto.example.fr/viewtopic.php?f=12&t=3321");
        first.Summary.ShouldBe("Autonomie : 400 km. Prix € 25 000. Voir © constructeur. &bogus; reste.");
        feed.Items[1].Summary.ShouldBe("Texte avec un caractère de contrôle au milieu.");
        feed.Problems.Select(p => p.ToString()).ShouldBe([
            "line 4, column 19: unescaped '&' read as a literal ampersand (5 occurrences)",
            "line 8, column 33: HTML entity not defined in XML replaced by its character (7 occurrences)",
            "line 12, column 90: unknown entity kept as text",
            "line 18, column 50: character not allowed in XML removed (2 occurrences)",
        ]);
    }

    [Fact]
    public void Parse_TruncatedRss_KeepsItemsBeforeTheBreakAndReportsIt()
    {
        var feed = Parse("truncated-rss.xml");

        feed.Title.ShouldBe("Actu locale");
        feed.Items.Select(i => i.Title).ShouldBe(["Premier article", "Deuxième article"]);
        var problem = feed.Problems.ShouldHaveSingleItem();
        problem.Line.ShouldBeGreaterThanOrEqualTo(17);
        problem.Message.ShouldContain("2 item(s) read before this point");
    }

    [Fact]
    public void Parse_Rss091WithDoctypeAndHtmlEntities_ReadsWithoutFetchingTheDtd()
    {
        var feed = Parse("rss091-doctype.xml");

        feed.Format.ShouldBe(FeedFormat.Rss2);
        feed.Title.ShouldBe("Mairie de Saint-Étienne-du-Bois – Actualités");
        var item = feed.Items.ShouldHaveSingleItem();
        item.Title.ShouldBe("Fermeture de la médiathèque");
        item.Summary.ShouldBe("La médiathèque sera fermée du 23 au 27 décembre.");
        item.Id.ShouldBe("http://www.mairie-exemple.fr/actualites/fermeture-mediatheque.html");
        feed.Problems.ShouldHaveSingleItem().Message.ShouldContain("HTML entity not defined in XML");
    }

    [Fact]
    public void Parse_HtmlPage_FailsNamingTheRootElement()
    {
        var error = Should.Throw<FeedFormatException>(() => Parse("not-a-feed.html"));

        error.Message.ShouldContain("<html>");
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   \n ", "empty")]
    [InlineData("Internal Server Error", "neither XML nor JSON")]
    [InlineData("{\"version\":\"1\",\"items\":[]}", "\"version\" is '1'")]
    [InlineData("{\"items\":[", "not a readable JSON Feed")]
    [InlineData("<?xml version=\"1.0\"?>\n<rss", "not a readable feed: line 2")]
    [InlineData("[1,2,3]", "neither XML nor JSON")]
    public void Parse_NotAFeed_FailsWithTheReason(string body, string reason)
    {
        var error = Should.Throw<FeedFormatException>(() => FeedParser.Parse(body, new Uri("https://x.example/feed")));

        error.Message.ShouldContain(reason);
    }

    [Fact]
    public void Parse_DatesInTheWild_ParsesKnownFormsAndNullsGarbage()
    {
        var dates = Parse("dates-in-the-wild.xml").Items.ToDictionary(i => i.Id, i => i.Published);

        dates["est"].ShouldBe(new DateTimeOffset(2003, 6, 10, 4, 0, 0, TimeSpan.FromHours(-5)));
        dates["pdt-no-seconds"].ShouldBe(new DateTimeOffset(2023, 7, 3, 9, 15, 0, TimeSpan.FromHours(-7)));
        dates["french-day"].ShouldBe(new DateTimeOffset(2025, 3, 5, 14, 3, 0, TimeSpan.FromHours(1)));
        dates["iso-no-zone"].ShouldBe(new DateTimeOffset(2025, 3, 5, 14, 3, 0, TimeSpan.Zero));
        dates["garbage"].ShouldBeNull();
        dates["ut"].ShouldBe(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("latin1-windows1252.xml", "text/xml; charset=ISO-8859-1")]
    [InlineData("latin1-windows1252.xml", null)]
    [InlineData("windows1252-declared.xml", "application/rss+xml")]
    [InlineData("utf8-bom.xml", "text/xml")]
    public void Parse_LegacyEncodings_DecodesAccentsQuotesAndEuro(string sample, string? contentType)
    {
        var feed = Parse(sample, contentType);

        feed.Title.ShouldBe("Journal régional — édition de l'Hérault");
        var item = feed.Items.ShouldHaveSingleItem();
        item.Title.ShouldBe("Fête de la Saint-Martin à Béziers : l’été indien");
        item.Summary.ShouldBe("Un week-end de fête, des animations « pour tous » et un budget de 12 000 €.");
    }

    [Fact]
    public void Parse_HttpCharsetContradictsUtf8Bytes_HttpCharsetWins()
    {
        // RFC 7303: the HTTP charset is authoritative; a mislabelled UTF-8 body is read as Latin-1 (mojibake, not a crash).
        var feed = FeedParser.Parse("<rss><channel><title>é</title></channel></rss>"u8, "text/xml; charset=iso-8859-1", new Uri("https://x.example/"));

        feed.Title.ShouldBe("Ã©");
    }

    // Found by FeedParserPropertyTests: attachment sizes given as strings, attachments that are not objects and
    // strings whose escapes are a lone surrogate threw InvalidOperationException out of the JSON Feed reader.
    [Theory]
    [InlineData("\"attachments\": [{\"url\": \"https://x.example/a.mp3\", \"size_in_bytes\": \"12\"}]", 1)]
    [InlineData("\"attachments\": [\"https://x.example/a.mp3\", 1, null, {\"url\": \"https://x.example/b.mp3\"}]", 1)]
    [InlineData("\"attachments\": {\"url\": \"https://x.example/a.mp3\"}", 0)]
    [InlineData("\"tags\": [\"\\ud800\", \"ok\"], \"title\": \"\\udc00\"", 0)]
    public void Parse_JsonFeedValuesOfTheWrongKind_AreIgnored(string itemProperties, int enclosures)
    {
        var json = $$"""{"version": "https://jsonfeed.org/version/1.1", "title": "\ud800", "items": [{"id": "1", {{itemProperties}}}]}""";

        var item = FeedParser.Parse(json, new Uri("https://x.example/feed.json")).Items.ShouldHaveSingleItem();

        item.Id.ShouldBe("1");
        item.Enclosures.Count.ShouldBe(enclosures);
        item.Enclosures.ShouldAllBe(e => e.Length == null);
    }

    [Fact]
    public void Parse_CharsetDotNetRefuses_ReadAsIfNoneWereGiven()
    {
        // Found by FeedParserPropertyTests: charset=utf-7 threw NotSupportedException out of the decoder.
        var feed = FeedParser.Parse("<rss><channel><title>é</title></channel></rss>"u8, "text/xml; charset=utf-7", new Uri("https://x.example/"));

        feed.Title.ShouldBe("é");
    }

    [Fact]
    public void Parse_NotXml_ErrorCarriesItsPosition()
    {
        var error = Should.Throw<FeedFormatException>(() => FeedParser.Parse("<?xml version=\"1.0\"?>\n<rss version=>", new Uri("https://x.example/")));

        error.Line.ShouldBe(2);
        error.Column.ShouldBeGreaterThan(1);
        error.Message.ShouldContain($"line 2, column {error.Column}");
    }

    [Fact]
    public void Parse_ElementsNestedThousandsDeep_RefusedInTimeWithThePosition()
    {
        // Building an item's XElement takes time in the square of its depth: 64 KB of nested elements took most of a
        // second, for a shape no feed has.
        var xml = "<rss><channel>\n<item>" + NearValidDocuments.Nest("<x>", "y", "</x>", 9000) + "</item></channel></rss>";
        FeedFormatException error = null!;

        var spent = Chorus.Testing.ThreadCpuTime.Of(() => error = Should.Throw<FeedFormatException>(() => FeedParser.Parse(xml, new Uri("https://x.example/"))));

        spent.ShouldBeLessThan(TimeSpan.FromMilliseconds(300));
        error.Line.ShouldBe(2);
        error.Message.ShouldContain($"nested more than {XmlFeedReader.MaxElementDepth} deep");
    }

    [Fact]
    public void Parse_XhtmlContentNestedDeepButUnderTheLimit_IsRead()
    {
        var xml = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>1</id><content type=\"xhtml\">"
            + NearValidDocuments.Nest("<div>", "fond", "</div>", XmlFeedReader.MaxElementDepth - 3) + "</content></entry></feed>";

        FeedParser.Parse(xml, new Uri("https://x.example/")).Items.ShouldHaveSingleItem().Content.ShouldBe("fond");
    }
}
