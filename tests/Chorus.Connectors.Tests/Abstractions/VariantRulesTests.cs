using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Tests.Abstractions;

/// <summary>Worked examples of each network's counting and rules, from the networks' own documentation.</summary>
public sealed class VariantRulesTests
{
    private const string Family = "👨‍👩‍👧‍👦"; // four people joined by zero width joiners: one grapheme, 25 UTF-8 bytes
    private const string Coder = "👩🏽‍💻"; // skin tone and a joiner: one grapheme

    private static VariantCheck Check(NetworkDescriptor network, VariantContent variant, bool altTextRequired = false) =>
        VariantRules.Check(network, variant, new VariantPolicy(altTextRequired));

    private static TextCount Count(VariantCheck check, string field) => check.Counts.Single(c => c.Field == field);

    [Fact]
    public void Check_BlueskyEmojiSequences_CountOneGraphemeEach()
    {
        var check = Check(PublishingNetworks.Bluesky, new VariantContent { Text = new string('a', 299) + Coder });

        check.IsValid.ShouldBeTrue();
        Count(check, "text").ShouldBe(new TextCount("text", 300, 300));
    }

    [Fact]
    public void Check_Bluesky301Graphemes_TooLongFromThe301st()
    {
        var text = new string('a', 299) + Coder + "é";

        var problem = Check(PublishingNetworks.Bluesky, new VariantContent { Text = text }).Problems.ShouldHaveSingleItem();

        problem.ShouldBe(new VariantProblem("text", VariantProblemKind.TooLong, problem.Message, 301, 300, 299 + Coder.Length));
        problem.Message.ShouldContain("301");
    }

    [Fact]
    public void Check_Bluesky300FamilyEmoji_WithinGraphemesButOverTheLexiconBytes()
    {
        var check = Check(PublishingNetworks.Bluesky, new VariantContent { Text = string.Concat(Enumerable.Repeat(Family, 300)) });

        Count(check, "text").Length.ShouldBe(300);
        var problem = check.Problems.ShouldHaveSingleItem();
        problem.Kind.ShouldBe(VariantProblemKind.TooManyBytes);
        (problem.Field, problem.Length, problem.Limit).ShouldBe(("text", 7500L, 3000L));
    }

    [Fact]
    public void Check_CombiningAccents_CountAsTheLetterTheyMark()
    {
        var decomposed = string.Concat(Enumerable.Repeat("e\u0301", 300));

        Check(PublishingNetworks.Bluesky, new VariantContent { Text = decomposed }).IsValid.ShouldBeTrue();
        VariantRules.Length(new TextLimit(1000, TextCounting.Characters), decomposed).ShouldBe(600);
    }

    [Fact]
    public void Check_FrenchText_CountsEachAccentedLetterOnce()
    {
        const string text = "L’été sera chaud à Besançon : ça promet, n’est-ce pas ? Œuvres à voir « absolument » !";

        Count(Check(PublishingNetworks.Bluesky, new VariantContent { Text = text }), "text").Length.ShouldBe(text.Length);
        Count(Check(PublishingNetworks.Mastodon, new VariantContent { Text = text }), "text").Length.ShouldBe(text.Length);
    }

    [Fact]
    public void Check_LongUrl_BlueskyCountsItAsWrittenMastodonAs23()
    {
        var url = "https://www.example.org/actualites/2026/12/un-tres-long-chemin?utm_source=chorus&utm_medium=social&utm_campaign=" + new string('x', 300);
        var text = "Voir " + url + ".";

        var bluesky = Check(PublishingNetworks.Bluesky, new VariantContent { Text = text });
        var mastodon = Check(PublishingNetworks.Mastodon, new VariantContent { Text = text });

        Count(bluesky, "text").Length.ShouldBe(text.Length);
        bluesky.Problems.ShouldHaveSingleItem().Kind.ShouldBe(VariantProblemKind.TooLong);
        Count(mastodon, "text").Length.ShouldBe(5 + 23 + 1);
        mastodon.IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("(voir https://example.org/a_(b))", 1 + 5 + 23 + 1)]
    [InlineData("(voir https://example.org/page)", 1 + 5 + 23 + 1)]
    [InlineData("https://example.org, https://example.com/x?y=1#z!", 23 + 2 + 23 + 1)]
    [InlineData("ftp://example.org/fichier", 25)]
    [InlineData("example.org/sans-protocole", 26)]
    [InlineData("xhttps://example.org", 20)]
    public void Length_MastodonLinks_CountedAs23WhenMastodonSeesALink(string text, int expected) =>
        VariantRules.Length(PublishingNetworks.Mastodon.Limits.Text!, text).ShouldBe(expected);

    [Theory]
    [InlineData("Merci @alice@example.social !", 6 + 6 + 2)]
    [InlineData("@alice", 6)]
    [InlineData("@jean.dupont@piaille.fr", 12)]
    [InlineData("écrire à contact@example.org", 28)]
    public void Length_MastodonMentions_RemoteCountsAsItsLocalPart(string text, int expected) =>
        VariantRules.Length(PublishingNetworks.Mastodon.Limits.Text!, text).ShouldBe(expected);

    [Fact]
    public void Check_MastodonContentWarning_CountsWithTheText()
    {
        var check = Check(PublishingNetworks.Mastodon, new VariantContent { ContentWarning = new string('c', 100), Text = new string('t', 401) });

        var problem = check.Problems.ShouldHaveSingleItem();
        (problem.Field, problem.Kind, problem.Length, problem.Limit, problem.Start).ShouldBe(("text", VariantProblemKind.TooLong, 501L, 500L, 400));
        Count(check, "text").Length.ShouldBe(501);
    }

    [Fact]
    public void Check_BlueskyContentWarning_NotSupported() =>
        Check(PublishingNetworks.Bluesky, new VariantContent { Text = "Bonjour", ContentWarning = "spoiler" })
            .Problems.ShouldHaveSingleItem().ShouldBe(new VariantProblem("contentWarning", VariantProblemKind.NotSupported, "This network has no content warning; remove it."));

    [Fact]
    public void Check_WordPressWithoutTitle_TitleRequiredAndNoLengthLimit()
    {
        var check = Check(PublishingNetworks.WordPress, new VariantContent { Text = new string('a', 50_000) });

        check.Problems.ShouldHaveSingleItem().ShouldBe(new VariantProblem("title", VariantProblemKind.Required, "A title is required on this network."));
        Count(check, "text").ShouldBe(new TextCount("text", 50_000, null));
        Check(PublishingNetworks.WordPress, new VariantContent { Title = "Nos horaires d’hiver", Text = "…" }).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Check_WordPressThread_NotSupported() =>
        Check(PublishingNetworks.WordPress, new VariantContent { Title = "T", Text = "a", Parts = [new VariantPart("b")] })
            .Problems.ShouldHaveSingleItem().Field.ShouldBe("parts");

    [Fact]
    public void Check_EveryProblemAtOnce_EachNamingItsField()
    {
        var variant = new VariantContent
        {
            Text = new string('a', 301),
            ContentWarning = "cw",
            Media =
            [
                new VariantMedia("image/jpeg", 200_000, "Un chat"),
                new VariantMedia("video/mp4", 2_000_000, "Une vidéo"),
                new VariantMedia("image/png", 1_000_001),
                new VariantMedia("image/webp", 10, " "),
                new VariantMedia("image/gif", 10, "ok"),
            ],
            Parts = [new VariantPart("suite"), new VariantPart(""), new VariantPart(new string('b', 300) + Family, [new VariantMedia("image/bmp", 1, "x")])],
        };

        var problems = Check(PublishingNetworks.Bluesky, variant, altTextRequired: true).Problems;

        problems.Select(p => (p.Field, p.Kind)).ShouldBe(
        [
            ("contentWarning", VariantProblemKind.NotSupported),
            ("text", VariantProblemKind.TooLong),
            ("media", VariantProblemKind.TooManyFiles),
            ("media[1]", VariantProblemKind.FileType),
            ("media[2]", VariantProblemKind.FileTooLarge),
            ("media[2].altText", VariantProblemKind.AltTextRequired),
            ("media[3].altText", VariantProblemKind.AltTextRequired),
            ("parts[1].text", VariantProblemKind.Empty),
            ("parts[2].text", VariantProblemKind.TooLong),
            ("parts[2].media[0]", VariantProblemKind.FileType),
        ]);
        problems.Single(p => p.Field == "parts[2].text").ShouldBe(new VariantProblem("parts[2].text", VariantProblemKind.TooLong, problems.Single(p => p.Field == "parts[2].text").Message, 301, 300, 300));
    }

    [Fact]
    public void Check_MastodonMedia_SizeByKind()
    {
        var check = Check(PublishingNetworks.Mastodon, new VariantContent
        {
            Text = "Vidéo",
            Media = [new VariantMedia("video/mp4", 50_000_000), new VariantMedia("image/jpeg", 17_000_000), new VariantMedia("IMAGE/PNG; charset=binary", 1_000, new string('d', 1501))],
        });

        check.Problems.Select(p => (p.Field, p.Kind, p.Limit)).ShouldBe(
        [
            ("media[1]", VariantProblemKind.FileTooLarge, 16L * 1024 * 1024),
            ("media[2].altText", VariantProblemKind.TooLong, 1500L),
        ]);
    }

    [Fact]
    public void Check_NothingToPublish_Empty() =>
        Check(PublishingNetworks.Mastodon, new VariantContent { Text = "  " }).Problems.ShouldHaveSingleItem().Kind.ShouldBe(VariantProblemKind.Empty);

    [Fact]
    public void Check_MediaOnly_IsEnough() =>
        Check(PublishingNetworks.Bluesky, new VariantContent { Media = [new VariantMedia("image/jpeg", 10, "Affiche")] }).IsValid.ShouldBeTrue();

    [Fact]
    public void Check_NetworkWithoutMedia_FilesNotSupported() =>
        VariantRules.Check(new NetworkLimits(new TextLimit(140, TextCounting.Characters), false, null), ConnectorCapabilities.PublishText,
                new VariantContent { Text = "a", Media = [new VariantMedia("image/jpeg", 1)] })
            .Problems.ShouldHaveSingleItem().ShouldBe(new VariantProblem("media", VariantProblemKind.NotSupported, "This network takes no files; remove them.", 1, 0));

    [Fact]
    public void Limits_DescriptorsSayWhatTheNetworksDocument()
    {
        PublishingNetworks.Bluesky.Limits.Text.ShouldBe(new TextLimit(300, TextCounting.Graphemes) { MaxUtf8Bytes = 3000 });
        PublishingNetworks.Bluesky.Limits.Media!.MaxCount.ShouldBe(4);
        PublishingNetworks.Bluesky.Limits.Media!.FormatOf("image/jpeg")!.MaxBytes.ShouldBe(1_000_000);
        var mastodon = PublishingNetworks.Mastodon.Limits;
        (mastodon.Text!.MaxLength, mastodon.Text.LinkLength, mastodon.Text.Mentions, mastodon.Text.IncludesContentWarning, mastodon.ContentWarnings)
            .ShouldBe((500, (int?)23, MentionCounting.LocalPart, true, true));
        mastodon.Media!.FormatOf("video/webm")!.MaxBytes.ShouldBe(99L * 1024 * 1024);
        PublishingNetworks.WordPress.Limits.TitleRequired.ShouldBeTrue();
    }
}
