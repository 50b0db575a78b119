using Chorus.Charter;

namespace Chorus.Tests.Charter;

/// <summary>The charter's rules on French and English texts, as the text engine's tokenizer reads them.</summary>
public sealed class CompiledCharterTests
{
    private static CompiledCharter Charter(params BannedTerm[] terms) =>
        new(WorkspaceCharter.Empty with { BannedTerms = terms, BreachBlocksApproval = true });

    private static IReadOnlyList<CharterFinding> Check(CompiledCharter charter, string text) => charter.Check(new CharterSubject(text)).Findings;

    [Theory]
    [InlineData("C'est de l'arnaque !", "arnaque", 11)]
    [InlineData("C’est de l’arnaque !", "arnaque", 11)]
    [InlineData("ARNAQUE totale", "ARNAQUE", 0)]
    [InlineData("Une offre arnaquée ? Non : arnaqué.", "arnaqué", 27)]
    [InlineData("Une arnaque, deux arnaques", "arnaque", 4)]
    [InlineData("arnaque\u0301 en accent décomposé", "arnaque\u0301", 0)]
    public void Check_BannedFrenchWord_FoundWhateverCaseAccentsAndElisionWithItsPlace(string text, string surface, int start)
    {
        var finding = Check(Charter(new BannedTerm("arnaque", CharterSeverity.Blocking)), text)[0];

        finding.ShouldBe(new CharterFinding(CharterRule.BannedTerm, "arnaque", CharterSeverity.Blocking, "text", null, start, surface.Length, finding.Message));
        text.Substring(finding.Start!.Value, finding.Length!.Value).ShouldBe(surface);
    }

    [Theory]
    [InlineData("Les arnaqueurs du dimanche")]
    [InlineData("Ce n'est pas une narnaque")]
    [InlineData("Une offre honnête")]
    public void Check_OtherWords_NothingFound(string text) =>
        Check(Charter(new BannedTerm("arnaque")), text).ShouldBeEmpty();

    [Fact]
    public void Check_BannedWithAccents_FoundWithoutThem() =>
        Check(Charter(new BannedTerm("Dégueulasse")), "c'est degueulasse").ShouldHaveSingleItem().Start.ShouldBe(6);

    [Fact]
    public void Check_FinalStar_MatchesAnyEnding() =>
        Check(Charter(new BannedTerm("arnaqu*")), "Des arnaqueurs, une arnaque, ARNAQUÉS").Select(f => f.Start).ShouldBe([4, 20, 29]);

    [Theory]
    [InlineData("Le prix cassé du jour", 3, 10)]
    [InlineData("Un PRIX, CASSE !", 3, 11)]
    [InlineData("prix\ncassés", -1, 0)]
    [InlineData("cassé le prix", -1, 0)]
    public void Check_Phrase_MatchedAsASequenceOfWords(string text, int start, int length)
    {
        var findings = Check(Charter(new BannedTerm("prix cassé")), text);

        if (start < 0) findings.ShouldBeEmpty();
        else findings.ShouldHaveSingleItem().ShouldSatisfyAllConditions(f => f.Start.ShouldBe(start), f => f.Length.ShouldBe(length));
    }

    [Fact]
    public void Check_ElidedBannedTerm_OnlyThatElision() =>
        Check(Charter(new BannedTerm("l'arnaque")), "une arnaque, puis L’ARNAQUE").ShouldHaveSingleItem().Start.ShouldBe(18);

    [Fact]
    public void Check_EmojiTerm_Found() =>
        Check(Charter(new BannedTerm("🖕")), "Tiens 🖕🏽 voilà").ShouldHaveSingleItem().Start.ShouldBe(6);

    [Fact]
    public void Check_TitleAndParts_EachFindingNamesItsFieldAndPart()
    {
        var report = Charter(new BannedTerm("gratuit", CharterSeverity.Warning, "Dites « offert »"))
            .Check(new CharterSubject("Rien ici") { Title = "Tout est gratuit", Parts = ["Vraiment", "C'est GRATUIT, gratuit !"] });

        report.Findings.Select(f => (f.Field, f.Part, f.Start)).ShouldBe([("title", (int?)null, (int?)9), ("parts[1].text", 1, 6), ("parts[1].text", 1, 15)]);
        report.Findings.ShouldAllBe(f => f.Note == "Dites « offert »");
        report.BlocksApproval.ShouldBeFalse();
    }

    [Fact]
    public void Check_BlockingTermInAWorkspaceWhereBreachesDoNotBlock_ReportedAsAWarning()
    {
        var charter = new CompiledCharter(WorkspaceCharter.Empty with { BannedTerms = [new BannedTerm("arnaque", CharterSeverity.Blocking)], BreachBlocksApproval = false });

        var report = charter.Check(new CharterSubject("l'arnaque"));

        report.Findings.ShouldHaveSingleItem().Severity.ShouldBe(CharterSeverity.Warning);
        report.BlocksApproval.ShouldBeFalse();
    }

    [Fact]
    public void Check_RequiredMentions_ByChannelAndCampaign()
    {
        var bluesky = Guid.NewGuid();
        var charter = new CompiledCharter(WorkspaceCharter.Empty with
        {
            RequiredMentions =
            [
                new RequiredMention("#partenariat", Campaign: "soldes-hiver", Severity: CharterSeverity.Blocking),
                new RequiredMention("Offre soumise à conditions", ChannelId: bluesky),
            ],
            BreachBlocksApproval = true,
        });

        charter.Check(new CharterSubject("Bonjour") { ChannelId = Guid.NewGuid() }).Findings.ShouldBeEmpty();
        var missing = charter.Check(new CharterSubject("Les soldes !") { ChannelId = bluesky, Campaign = "Soldes-Hiver" });
        missing.Findings.Select(f => (f.Rule, f.Term, f.Severity, f.Start)).ShouldBe(
        [
            (CharterRule.RequiredMention, "#partenariat", CharterSeverity.Blocking, (int?)null),
            (CharterRule.RequiredMention, "Offre soumise à conditions", CharterSeverity.Warning, null),
        ]);
        missing.BlocksApproval.ShouldBeTrue();
        charter.Check(new CharterSubject("Les soldes #Partenariat") { ChannelId = bluesky, Campaign = "soldes-hiver", Parts = ["OFFRE soumise a conditions."] })
            .Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Check_ToxicityOverTheThreshold_FoundWithTheWordsAndTheirPlace()
    {
        var charter = new CompiledCharter(WorkspaceCharter.Empty with { ToxicityThreshold = 0.5, ToxicitySeverity = CharterSeverity.Blocking, BreachBlocksApproval = true });

        var insult = charter.Check(new CharterSubject("Merci pour ton retour, espèce de connard.") { Language = "fr" });
        var polite = charter.Check(new CharterSubject("Merci pour votre retour, nous regardons cela.") { Language = "fr" });

        var finding = insult.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe(CharterRule.Toxicity);
        finding.Term.ShouldContain("connard");
        finding.Start.ShouldBe(33);
        insult.BlocksApproval.ShouldBeTrue();
        polite.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void TryCompile_NoWord_Null()
    {
        TermPattern.TryCompile(" ... ").ShouldBeNull();
        TermPattern.TryCompile("*").ShouldBeNull();
    }
}
