using Chorus.Text.Moderation;

namespace Chorus.Text.Tests.Moderation;

/// <summary>Abuse weighed by context and comment spam: what tweets and blog comments look like.</summary>
public class ModerationContextTests
{
    private const double Flagged = 0.5;

    [Theory]
    [InlineData("t'es qu'une salope")]
    [InlineData("ferme ta gueule espece de debile")]
    [InlineData("jvais pas repondre a un clown pareil, t'es juste un guignol")]
    [InlineData("vtff avec tes avis de merde")]
    [InlineData("grosse merde va")]
    [InlineData("wesh t'es un vrai tebe toi")]
    [InlineData("quelle tchoin celle la")]
    [InlineData("bande de cassos allez bosser")]
    public void FrenchAccentFreeAbuse_IsFlagged(string text)
    {
        foreach (var language in new[] { "fr", null })
        {
            var score = ModerationScorer.Score(text, language);
            score.Toxicity.ShouldBeGreaterThanOrEqualTo(Flagged, $"{text} ({language ?? "detected"}): {string.Join("; ", score.Reasons)}");
            score.Insult.ShouldBeGreaterThanOrEqualTo(Flagged);
        }
    }

    [Theory]
    [InlineData("e.n.c.u.l.e va", "insult: enculé")]
    [InlineData("ce c0nnard de voisin", "insult: connard")]
    [InlineData("f d p", "insult: fdp")]
    [InlineData("you're an a$$hole", "insult: asshole")]
    public void ObfuscatedAbuse_IsDecodedAndFlagged(string text, string reason)
    {
        var score = ModerationScorer.Score(text);

        score.Reasons.Select(r => r.ToString()).ShouldContain(reason);
        score.Toxicity.ShouldBeGreaterThanOrEqualTo(Flagged);
    }

    [Theory]
    [InlineData("putain c'est trop bien", "fr")]
    [InlineData("ptn ce but de mbappe", "fr")]
    [InlineData("c'est con que tu puisses pas venir", "fr")]
    [InlineData("this is fucking awesome", "en")]
    [InlineData("holy shit that goal", "en")]
    [InlineData("i'm so fucking proud of you", "en")]
    [InlineData("i'm such an idiot, left my phone at home lol", "en")]
    public void FriendlySwearing_ScoresLow(string text, string language)
    {
        var score = ModerationScorer.Score(text, language);

        score.Toxicity.ShouldBeLessThan(0.3, string.Join("; ", score.Reasons));
    }

    [Fact]
    public void FriendlySwearing_NamesTheWord()
    {
        ModerationScorer.Score("this is fucking awesome", "en").Reasons.Select(r => r.ToString()).ShouldContain("obscenity: fucking (friendly)");
    }

    [Theory]
    [InlineData("les musulmans de mon quartier ont organise une fete", "fr")]
    [InlineData("ma pote est lesbienne et elle se marie en juin", "fr")]
    [InlineData("mon frere est autiste et il est genial en maths", "fr")]
    [InlineData("the muslims in my neighborhood organized a street party", "en")]
    [InlineData("my roommate is trans and the kindest person i know", "en")]
    public void IdentityTermUsedNeutrally_ScoresZero(string text, string language)
    {
        ModerationScorer.Score(text, language).Toxicity.ShouldBe(0);
    }

    [Theory]
    [InlineData("les musulmans sont une plaie pour ce pays", "fr", "identity-attack: musulmans + plaie")]
    [InlineData("ces migrants sont des parasites", "fr", "identity-attack: migrants + parasites")]
    [InlineData("sale arabe retourne dans ton pays", "fr", "identity-attack: sale arabe")]
    [InlineData("t'es autiste ou quoi", "fr", "identity-attack: autiste")]
    [InlineData("muslims are a cancer on this country", "en", "identity-attack: muslims + cancer")]
    [InlineData("women belong in the kitchen", "en", "identity-attack: women + belong in the kitchen")]
    public void IdentityTermWithHostilePhrasing_IsAnAttack(string text, string language, string reason)
    {
        var score = ModerationScorer.Score(text, language);

        score.Reasons.Select(r => r.ToString()).ShouldContain(reason);
        score.IdentityAttack.ShouldBeGreaterThanOrEqualTo(0.8);
    }

    [Fact]
    public void TargetedInsult_ScoresHighAndTheSameWordAboutAThing_Low()
    {
        ModerationScorer.Score("ur so dumb it hurts", "en").Insult.ShouldBeGreaterThanOrEqualTo(Flagged);
        ModerationScorer.Score("dumb question but how do i reset my router", "en").Toxicity.ShouldBeLessThan(Flagged);
    }

    [Theory]
    [InlineData("on devrait tous les fusiller", "fr")]
    [InlineData("jvais te buter", "fr")]
    [InlineData("they deserve to be shot", "en")]
    public void ThreatsAndIncitement_AreThreats(string text, string language)
    {
        ModerationScorer.Score(text, language).Threat.ShouldBeGreaterThanOrEqualTo(0.8);
    }

    [Theory]
    [InlineData("je suis tombe par hasard sur votre blog et je ne regrette pas")]
    [InlineData("merci pour le partage")]
    [InlineData("super article, toutes mes felicitations")]
    [InlineData("great post, very informative")]
    [InlineData("Merci pour cet article très instructif, je partage")]
    public void GenericPraise_IsSpam(string text)
    {
        var score = ModerationScorer.Score(text);

        score.Spam.ShouldBeGreaterThanOrEqualTo(Flagged, string.Join("; ", score.Reasons));
        score.Reasons.ShouldContain(r => r.Category == "generic-comment");
    }

    [Theory]
    [InlineData("merci pour le partage de ta recette de crepes, la pate au repos c'etait la cle")]
    [InlineData("merci pour l'article, votre explication sur les index postgres m'a debloque")]
    [InlineData("thanks for the sourdough recipe, mine finally rose after i fed the starter twice like you said")]
    [InlineData("@marie_l merci pour hier c'etait top")]
    public void GenuineThankYouReferringToThePost_IsNotSpam(string text)
    {
        ModerationScorer.Score(text).Spam.ShouldBeLessThan(Flagged);
    }

    [Fact]
    public void KeywordStuffedAuthor_IsSpam_AndAPersonsName_IsNot()
    {
        var stuffed = ModerationScorer.Score("tres interessant", "fr", new CommentAuthor("Rachat de credit pas cher", "http://rachat-credit-pas-cher.fr"));
        var person = ModerationScorer.Score("tres interessant", "fr", new CommentAuthor("Yann B.", "https://yann.example.org"));

        stuffed.Spam.ShouldBeGreaterThanOrEqualTo(Flagged);
        stuffed.Reasons.Select(r => r.ToString()).ShouldContain("author: \"Rachat de credit pas cher\" (pas cher)");
        person.Reasons.ShouldNotContain(r => r.Category == "author");
    }

    [Fact]
    public void SameCommentOnManyPosts_IsSpamOnlyWithTheInboxContext()
    {
        const string comment = "Nice reading, I learned something today about this subject";
        var recent = new RecentComments();
        recent.Add(comment, "anna", "post-1");
        recent.Add(comment, "anna", "post-2");
        recent.Add("A completely different remark on the pasta sauce", "bob", "post-3");

        ModerationScorer.Score(comment, "en").Spam.ShouldBeLessThan(Flagged);
        var withContext = ModerationScorer.Score(comment, "en", null, recent, "post-4");
        withContext.Spam.ShouldBeGreaterThanOrEqualTo(Flagged);
        withContext.Reasons.Select(r => r.ToString()).ShouldContain("duplicate: on 2 other posts");
        ModerationScorer.Score("A completely different remark on the pasta sauce", "en", null, recent, "post-3").Spam.ShouldBeLessThan(Flagged);
    }

    [Fact]
    public void Toxicity_IsAtLeastTheHighestCategory()
    {
        var score = ModerationScorer.Score("sale pd je vais te defoncer", "fr");

        score.Toxicity.ShouldBeGreaterThanOrEqualTo(Math.Max(Math.Max(score.Insult, score.Threat), Math.Max(score.IdentityAttack, score.Obscenity)));
        score.Threat.ShouldBeGreaterThan(0);
        score.IdentityAttack.ShouldBeGreaterThan(0);
    }
}
