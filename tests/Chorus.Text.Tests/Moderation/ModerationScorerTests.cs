using Chorus.Text.Moderation;

namespace Chorus.Text.Tests.Moderation;

public class ModerationScorerTests
{
    private static string[] Reasons(string text, string? language = null) =>
        ModerationScorer.Score(text, language).Reasons.Select(r => r.ToString()).ToArray();

    [Theory]
    [InlineData("t'es vraiment un connard", "fr", "insult: connard")]
    [InlineData("you are such an idiot", "en", "insult: idiot")]
    [InlineData("espèce d'abruti", "fr", "insult: abruti")]
    [InlineData("sale juif", "fr", "identity-attack: sale juif")]
    [InlineData("fils de pute", "fr", "insult: fils de pute")]
    public void Score_AbusiveText_GivesReasonWithTerm(string text, string language, string reason)
    {
        var score = ModerationScorer.Score(text, language);

        score.Reasons.Select(r => r.ToString()).ShouldContain(reason);
        score.Toxicity.ShouldBeGreaterThan(0.5);
        score.Toxicity.ShouldBeLessThanOrEqualTo(1);
    }

    [Theory]
    [InlineData("Merci pour votre réponse rapide, bonne journée")]
    [InlineData("Thanks for the quick answer, have a nice day")]
    [InlineData("")]
    public void Score_PoliteText_IsClean(string text)
    {
        var score = ModerationScorer.Score(text);

        score.Toxicity.ShouldBe(0);
        score.Spam.ShouldBe(0);
        score.Reasons.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("c0nnard")]
    [InlineData("CONNARD")]
    [InlineData("connnnnnard")]
    [InlineData("c.o.n.n.a.r.d")]
    [InlineData("c-o-n-n-a-r-d")]
    [InlineData("c o n n a r d")]
    [InlineData("#connard")]
    [InlineData("c*nnard")]
    public void Score_ObfuscatedFrenchInsult_IsDecoded(string spelling)
    {
        Reasons("t'es un " + spelling, "fr").ShouldContain("insult: connard");
    }

    [Theory]
    [InlineData("sh1t")]
    [InlineData("$hit")]
    [InlineData("shiiiiit")]
    [InlineData("s.h.i.t")]
    [InlineData("sh*t")]
    public void Score_ObfuscatedEnglishProfanity_IsDecoded(string spelling)
    {
        Reasons("this is " + spelling, "en").ShouldContain("obscenity: shit");
    }

    [Theory]
    [InlineData("f u c k")]
    [InlineData("f*ck")]
    [InlineData("fuuuuck")]
    [InlineData("f.u.c.k")]
    public void Score_ObfuscatedFuck_IsDecoded(string spelling)
    {
        Reasons(spelling + " this", "en").ShouldContain("obscenity: fuck");
    }

    [Fact]
    public void Score_AccentsAndLeetTogether_AreDecoded()
    {
        Reasons("quel encul3", "fr").ShouldContain("insult: enculé");
        Reasons("quel ENCULÉ", "fr").ShouldContain("insult: enculé");
    }

    [Theory]
    [InlineData("I grew up in Scunthorpe and Middlesex", "en")]
    [InlineData("The assistant passed the class with a classic essay", "en")]
    [InlineData("Cocktail hour at the Sussex pub, then shiitake soup", "en")]
    [InlineData("Merci pour la connaissance, la conférence et le concombre", "fr")]
    [InlineData("Il faut analyser les constats avant la consultation", "fr")]
    [InlineData("the pros and cons of each option", "en")]
    [InlineData("Therapist, analyst, grapes and a bass guitar", "en")]
    public void Score_InnocentWordsContainingBadSubstrings_AreClean(string text, string language)
    {
        ModerationScorer.Score(text, language).Toxicity.ShouldBe(0, string.Join(", ", Reasons(text, language)));
    }

    [Fact]
    public void Score_FrenchOnlyWordInEnglish_IsClean()
    {
        ModerationScorer.Score("we weighed the pros and the cons", "en").Toxicity.ShouldBe(0);
        ModerationScorer.Score("quel gros con", "fr").Toxicity.ShouldBeGreaterThan(0.5);
    }

    [Theory]
    [InlineData("I will kill you", "en")]
    [InlineData("I'm gonna hurt you", "en")]
    [InlineData("we will find you and shoot you", "en")]
    [InlineData("je vais te tuer", "fr")]
    [InlineData("je vais t'exploser", "fr")]
    [InlineData("on va te défoncer", "fr")]
    [InlineData("je te bute", "fr")]
    public void Score_Threat_IsFound(string text, string language)
    {
        var score = ModerationScorer.Score(text, language);

        score.Reasons.ShouldContain(r => r.Category == "threat");
        score.Toxicity.ShouldBeGreaterThanOrEqualTo(0.9);
    }

    [Theory]
    [InlineData("This game will kill the competition", "en")]
    [InlineData("I killed it at the gym today", "en")]
    [InlineData("je vais tuer le temps en lisant", "fr")]
    public void Score_ViolentVerbWithoutTarget_IsNotAThreat(string text, string language)
    {
        ModerationScorer.Score(text, language).Reasons.ShouldNotContain(r => r.Category == "threat");
    }

    [Fact]
    public void Score_ListedThreatPhrase_IsFound()
    {
        Reasons("je sais où tu habites", "fr").ShouldContain("threat: je sais où tu habites");
        Reasons("kill yourself", "en").ShouldContain("threat: kill yourself");
    }

    [Fact]
    public void Score_TargetedInsult_WeighsMoreThanBareWord()
    {
        ModerationScorer.Score("you idiot", "en").Toxicity.ShouldBeGreaterThan(ModerationScorer.Score("idiot", "en").Toxicity);
    }

    [Fact]
    public void Score_SeveralTerms_RaiseToxicity()
    {
        ModerationScorer.Score("connard de merde", "fr").Toxicity.ShouldBeGreaterThan(ModerationScorer.Score("merde", "fr").Toxicity);
    }

    [Fact]
    public void Score_LinksAndShortener_AreSpam()
    {
        var score = ModerationScorer.Score("Gagnez un iPhone gratuit ici 👉 https://bit.ly/abc123 et www.promo-cadeau.xyz", "fr");

        score.Spam.ShouldBeGreaterThan(0.6);
        var reasons = score.Reasons.Select(r => r.ToString()).ToArray();
        reasons.ShouldContain("links: 2");
        reasons.ShouldContain("shortener: bit.ly");
        reasons.ShouldContain("spam-term: gagnez");
        reasons.ShouldContain("spam-term: gratuit");
    }

    [Fact]
    public void Score_EnglishSpamPhrases_AreSpam()
    {
        var score = ModerationScorer.Score("Make money from home!!! Click here and DM me for FREE crypto $$$", "en");

        score.Spam.ShouldBeGreaterThan(0.8);
        score.Reasons.ShouldContain(r => r.Term == "click here");
        score.Reasons.ShouldContain(r => r.Term == "dm me");
        score.Reasons.ShouldContain(r => r.Category == "money");
    }

    [Theory]
    [InlineData("Appelez le 06 12 34 56 78 maintenant")]
    [InlineData("Call +44 20 7946 0958 today")]
    [InlineData("call 555-123-4567 now")]
    public void Score_PhoneNumber_IsASpamReason(string text)
    {
        ModerationScorer.Score(text).Reasons.ShouldContain(r => r.Category == "phone");
    }

    [Theory]
    [InlineData("Le match a fini 3 à 2 en 2024")]
    [InlineData("Order 12345 shipped on 2024-05-01")]
    public void Score_NumbersThatAreNotPhones_AreNotPhoneReasons(string text)
    {
        ModerationScorer.Score(text).Reasons.ShouldNotContain(r => r.Category == "phone");
    }

    [Fact]
    public void Score_Shouting_IsASpamReason()
    {
        ModerationScorer.Score("BUY THIS AMAZING PRODUCT RIGHT NOW BEFORE IT IS GONE").Reasons.ShouldContain(r => r.Category == "shouting");
        ModerationScorer.Score("I really liked the NASA documentary yesterday").Reasons.ShouldNotContain(r => r.Category == "shouting");
    }

    [Fact]
    public void Score_RepeatedTextAndChars_AreSpamReasons()
    {
        var reasons = ModerationScorer.Score("promo promo promo promo promo sur tout !!!!!!!!", "fr").Reasons;

        reasons.ShouldContain(r => r.Category == "repetition" && r.Term == "words");
        reasons.ShouldContain(r => r.Category == "repetition" && r.Term == "characters");
    }

    [Fact]
    public void Score_HashtagAndMentionStuffing_AreSpamReasons()
    {
        var reasons = ModerationScorer.Score("#follow #like #promo #giveaway #win #free @a @b @c @d @e").Reasons;

        reasons.ShouldContain(r => r.Category == "hashtags" && r.Term == "6");
        reasons.ShouldContain(r => r.Category == "mentions" && r.Term == "5");
    }

    [Fact]
    public void Score_Mention_IsNotReadAsWord()
    {
        ModerationScorer.Score("merci @connard_du_72 pour le retour", "fr").Toxicity.ShouldBe(0);
    }

    [Fact]
    public void Score_WithoutLanguage_DetectsIt()
    {
        ModerationScorer.Score("Quel gros con celui-là, je n'en reviens pas").Toxicity.ShouldBeGreaterThan(0.5);
    }

    [Fact]
    public void Score_ReasonsAreNotRepeated()
    {
        ModerationScorer.Score("idiot idiot idiot", "en").Reasons.Count(r => r.Category == "insult").ShouldBe(1);
    }
}
