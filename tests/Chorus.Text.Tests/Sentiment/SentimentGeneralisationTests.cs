using Chorus.Text.Sentiment;

namespace Chorus.Text.Tests.Sentiment;

/// <summary>
/// The rules that make the score hold on texts it was not written for: contrast and concession within a
/// sentence, negation that stops at "but"/"mais", French verb forms and informal spellings, newer emoji,
/// stretched words, and a neutral band that means "no opinion, or opinions that cancel out" on long texts.
/// </summary>
public class SentimentGeneralisationTests
{
    // The same opinions joined by a plain "and"/"et", then by a contrast or a concession: the negative
    // clause after it outweighs the two positive words before it.
    [Theory]
    [InlineData("fr", "Super produit, génial, et la batterie est décevante", "Super produit, génial, sauf que la batterie est décevante")]
    [InlineData("fr", "super produit, genial, et la batterie est decevante", "super produit, genial, sauf qu'au bout d'un mois la batterie est decevante")]
    [InlineData("fr", "Super produit, génial, et la batterie est décevante", "Super produit, génial, par contre la batterie est décevante")]
    [InlineData("fr", "L'écran est magnifique, la batterie est décevante", "Bien que l'écran soit magnifique, la batterie est décevante")]
    [InlineData("en", "The screen is great, the battery is terrible", "Although the screen is great, the battery is terrible")]
    [InlineData("en", "Great screen, great sound, and the battery is terrible", "Great screen, great sound, except that the battery is terrible")]
    public void Analyze_ClauseAfterContrastOrConcession_WeighsMore(string language, string plain, string contrasted)
    {
        var plainScore = SentimentAnalyzer.Analyze(plain, language).Score;
        var contrastedScore = SentimentAnalyzer.Analyze(contrasted, language).Score;

        plainScore.ShouldBeGreaterThan(0);
        contrastedScore.ShouldBeLessThan(0);
    }

    [Theory]
    [InlineData("fr", "je m'y attendais pas mais franchement génial")]
    [InlineData("en", "did not expect much but honestly great")]
    public void Analyze_NegationBeforeContrast_DoesNotReachTheOtherClause(string language, string text)
    {
        SentimentAnalyzer.Analyze(text, language).Label.ShouldBe(SentimentLabel.Positive);
    }

    [Fact]
    public void Analyze_ContrastOpeningASentence_WeakensTheSentenceBefore()
    {
        var contrasted = SentimentAnalyzer.Analyze("The room was lovely. But the staff were rude.", "en");
        var plain = SentimentAnalyzer.Analyze("The room was lovely. The staff were rude.", "en");

        contrasted.Score.ShouldBeLessThan(plain.Score);
        contrasted.Label.ShouldBe(SentimentLabel.Negative);
    }

    [Fact]
    public void Analyze_ContrastInOneSentence_DoesNotReweighTheNextSentences()
    {
        // Before the contrast was per sentence, the "but" of the first sentence tripled every later opinion.
        var text = "Nice screen but a weak battery. Great sound. Great camera. Lovely design.";

        SentimentAnalyzer.Analyze(text, "en").Label.ShouldBe(SentimentLabel.Positive);
    }

    [Theory]
    [InlineData("Mes enfants l'adorent")]
    [InlineData("ils adoraient ce jeu")]
    public void Analyze_FrenchVerbFormsAfterElision_AreRead(string text)
    {
        SentimentAnalyzer.Analyze(text, "fr").Label.ShouldBe(SentimentLabel.Positive);
    }

    [Fact]
    public void Analyze_FrenchWithoutAccents_TropHate_IsEagerNotAComplaint()
    {
        SentimentAnalyzer.Analyze("trop hate d'y etre", "fr").Label.ShouldBe(SentimentLabel.Positive);
    }

    [Theory]
    [InlineData("🙄", SentimentLabel.Negative)]
    [InlineData("🤬", SentimentLabel.Negative)]
    [InlineData("🥰", SentimentLabel.Positive)]
    [InlineData("🤩", SentimentLabel.Positive)]
    public void Analyze_NewerEmoji_HaveTheirValence(string text, SentimentLabel expected)
    {
        SentimentAnalyzer.Analyze(text, "en").Label.ShouldBe(expected);
    }

    [Theory]
    [InlineData("fr", "merciiiii", "merci")]
    [InlineData("en", "goooood", "good")]
    [InlineData("en", "sooo baaad", "so bad")]
    public void Analyze_StretchedWord_IsReadAndStrengthened(string language, string stretched, string plain)
    {
        var stretchedScore = SentimentAnalyzer.Analyze(stretched, language).Score;
        var plainScore = SentimentAnalyzer.Analyze(plain, language).Score;

        Math.Sign(stretchedScore).ShouldBe(Math.Sign(plainScore));
        Math.Abs(stretchedScore).ShouldBeGreaterThan(Math.Abs(plainScore));
    }

    [Theory]
    [InlineData("en", "The laptop is fast and the keyboard is lovely, but the fan is loud and the screen is dim. The speakers are great, the webcam is awful. The battery is good, the charger is cheap and flimsy. It does the job.")]
    [InlineData("fr", "L'hôtel est bien situé et la chambre était propre. Par contre le petit déjeuner était décevant et le lit inconfortable. Le personnel était sympa, le parking hors de prix. Dans l'ensemble, correct.")]
    public void Analyze_LongMixedReview_StaysInTheNeutralBand(string language, string text)
    {
        var result = SentimentAnalyzer.Analyze(text, language);

        Math.Abs(result.Score).ShouldBeLessThan(SentimentRules.NeutralBand, text);
        result.Label.ShouldBe(SentimentLabel.Neutral);
    }

    [Fact]
    public void Analyze_LongFactualParagraph_WithOneMildWord_IsNeutral()
    {
        var text = "The museum opens at nine and closes at six every day except Monday. Tickets are sold online and at the door, "
            + "children under twelve enter for free, and guided tours start every hour from the main hall.";

        SentimentAnalyzer.Analyze(text, "en").Label.ShouldBe(SentimentLabel.Neutral);
    }

    [Fact]
    public void Analyze_LongClearReview_StaysClearlyPositive()
    {
        var text = "Fantastic little speaker. The sound is rich for its size, the battery lasts all weekend and pairing took "
            + "seconds. Great value, highly recommended, I love it.";

        SentimentAnalyzer.Analyze(text, "en").Score.ShouldBeGreaterThan(0.5);
    }
}
