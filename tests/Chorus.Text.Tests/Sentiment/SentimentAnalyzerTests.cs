using Chorus.Text.Sentiment;

namespace Chorus.Text.Tests.Sentiment;

public class SentimentAnalyzerTests
{
    private static double En(string text) => SentimentAnalyzer.Analyze(text, "en").Score;

    private static double Fr(string text) => SentimentAnalyzer.Analyze(text, "fr").Score;

    [Theory]
    [InlineData("en", "I love this product, it is great")]
    [InlineData("en", "What a wonderful day :)")]
    [InlineData("fr", "J'adore ce produit, il est génial")]
    [InlineData("fr", "Super service, merci beaucoup")]
    public void Analyze_PositiveText_IsPositive(string language, string text)
    {
        var result = SentimentAnalyzer.Analyze(text, language);

        result.Label.ShouldBe(SentimentLabel.Positive);
        result.Score.ShouldBeInRange(0.05, 1.0);
        result.LabelName.ShouldBe("positive");
    }

    [Theory]
    [InlineData("en", "This is the worst service ever, I hate it")]
    [InlineData("en", "Terrible experience :(")]
    [InlineData("fr", "Service client nul, je suis très déçu")]
    [InlineData("fr", "C'est une arnaque, horrible")]
    public void Analyze_NegativeText_IsNegative(string language, string text)
    {
        var result = SentimentAnalyzer.Analyze(text, language);

        result.Label.ShouldBe(SentimentLabel.Negative);
        result.Score.ShouldBeInRange(-1.0, -0.05);
    }

    [Theory]
    [InlineData("en", "The package arrived on Tuesday")]
    [InlineData("fr", "Le colis est arrivé mardi")]
    [InlineData("en", "")]
    public void Analyze_FactualText_IsNeutral(string language, string text)
    {
        var result = SentimentAnalyzer.Analyze(text, language);

        result.Label.ShouldBe(SentimentLabel.Neutral);
        result.Score.ShouldBe(0);
    }

    [Theory]
    [InlineData("This is good", "This is not good")]
    [InlineData("It was great", "It was never great")]
    [InlineData("The food is good", "The food isn't good")]
    [InlineData("The food is good", "The food isnt very good")]
    [InlineData("A good idea", "Not such a good idea")]
    public void Analyze_EnglishNegation_FlipsPolarity(string plain, string negated)
    {
        En(plain).ShouldBeGreaterThan(0);
        En(negated).ShouldBeLessThan(0);
    }

    [Fact]
    public void Analyze_EnglishNegationOfNegative_IsPositive()
    {
        En("not bad at all").ShouldBeGreaterThan(0);
        En("no problem").ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Analyze_NegationWindow_StopsAfterThreeWords()
    {
        En("not that it matters, the staff was good").ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("C'est bon", "Ce n'est pas bon")]
    [InlineData("J'aime ce film", "Je n'aime pas ce film")]
    [InlineData("Je l'aime", "Je ne l'aime plus")]
    [InlineData("C'est génial", "Ce n'est jamais génial")]
    [InlineData("C'est utile", "Ce n'est guère utile")]
    [InlineData("C'est bien", "C'est pas bien")]
    [InlineData("Un produit fiable", "Un produit sans intérêt")]
    public void Analyze_FrenchNegation_FlipsPolarity(string plain, string negated)
    {
        Fr(plain).ShouldBeGreaterThan(0, plain);
        Fr(negated).ShouldBeLessThan(0, negated);
    }

    [Fact]
    public void Analyze_FrenchRienAfterNe_Negates()
    {
        Fr("Je ne trouve rien de bon ici").ShouldBeLessThan(0);
    }

    [Fact]
    public void Analyze_FrenchIdioms_HaveTheirOwnPolarity()
    {
        Fr("pas mal du tout").ShouldBeGreaterThan(0);
        Fr("c'est pas terrible").ShouldBeLessThan(0);
        Fr("trop bien ce concert").ShouldBeGreaterThan(0);
        Fr("c'est trop cher").ShouldBeLessThan(0);
    }

    [Theory]
    [InlineData("génial", "genial")]
    [InlineData("Déçu", "decu")]
    [InlineData("très déçu", "tres decu")]
    public void Analyze_FrenchAccents_MatchWithAndWithout(string accented, string plain)
    {
        Fr(accented).ShouldBe(Fr(plain), 1e-9);
        Fr(accented).ShouldNotBe(0);
    }

    [Fact]
    public void Analyze_FrenchElision_SplitsArticleAndPronoun()
    {
        Fr("j'adore").ShouldBeGreaterThan(0);
        Fr("l'horreur").ShouldBeLessThan(0);
        Fr("quelle arnaque, c'est d'une nullité").ShouldBeLessThan(0);
        Fr("J\u2019adore").ShouldBe(Fr("j'adore"), 1e-9);
    }

    [Theory]
    [InlineData("en", "The movie was good", "The movie was very good")]
    [InlineData("en", "The movie was good", "The movie was extremely good")]
    [InlineData("fr", "Le film est bon", "Le film est très bon")]
    [InlineData("fr", "Le film est bon", "Le film est vraiment bon")]
    [InlineData("fr", "Le film est bon", "Le film est trop bon")]
    [InlineData("en", "The movie was bad", "The movie was really bad")]
    public void Analyze_Intensifier_IncreasesMagnitude(string language, string plain, string boosted)
    {
        var plainScore = SentimentAnalyzer.Analyze(plain, language).Score;
        var boostedScore = SentimentAnalyzer.Analyze(boosted, language).Score;

        Math.Abs(boostedScore).ShouldBeGreaterThan(Math.Abs(plainScore));
        Math.Sign(boostedScore).ShouldBe(Math.Sign(plainScore));
    }

    [Theory]
    [InlineData("en", "The movie was good", "The movie was kind of good")]
    [InlineData("en", "The movie was good", "The movie was slightly good")]
    [InlineData("fr", "Je suis déçu", "Je suis un peu déçu")]
    [InlineData("fr", "Le film est bon", "Le film est assez bon")]
    public void Analyze_Dampener_DecreasesMagnitude(string language, string plain, string dampened)
    {
        var plainScore = SentimentAnalyzer.Analyze(plain, language).Score;
        var dampenedScore = SentimentAnalyzer.Analyze(dampened, language).Score;

        Math.Abs(dampenedScore).ShouldBeLessThan(Math.Abs(plainScore));
        Math.Sign(dampenedScore).ShouldBe(Math.Sign(plainScore));
    }

    [Fact]
    public void Analyze_KindOf_DoesNotCountKindAsPositive()
    {
        En("it was kind of boring").ShouldBeLessThan(0);
    }

    [Fact]
    public void Analyze_FrenchPeuAlone_Negates()
    {
        Fr("un produit peu fiable").ShouldBeLessThan(0);
    }

    [Fact]
    public void Analyze_Least_NegatesUnlessAtLeast()
    {
        En("the least funny show").ShouldBeLessThan(0);
        En("at least it was funny").ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("en", "The food was great but the service was horrible")]
    [InlineData("en", "The food was great, however the service was horrible")]
    [InlineData("fr", "La cuisine est excellente mais le service est horrible")]
    [InlineData("fr", "La cuisine est excellente, pourtant le service est horrible")]
    [InlineData("fr", "La cuisine est excellente, cependant le service est horrible")]
    public void Analyze_Contrast_WeighsTheSecondClauseMore(string language, string text)
    {
        SentimentAnalyzer.Analyze(text, language).Label.ShouldBe(SentimentLabel.Negative);
    }

    [Fact]
    public void Analyze_Contrast_WorksBothWays()
    {
        En("The service was horrible but the food was great").ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Analyze_Exclamation_AddsEmphasis()
    {
        En("This is good!!!").ShouldBeGreaterThan(En("This is good"));
        En("This is bad!!!").ShouldBeLessThan(En("This is bad"));
    }

    [Fact]
    public void Analyze_AllCapsWord_AmongLowerCase_AddsEmphasis()
    {
        En("this is GREAT news").ShouldBeGreaterThan(En("this is great news"));
        Fr("c'est NUL vraiment").ShouldBeLessThan(Fr("c'est nul vraiment"));
    }

    [Fact]
    public void Analyze_WholeTextInCaps_IsNotEmphasised()
    {
        En("THIS IS GREAT NEWS").ShouldBe(En("this is great news"), 1e-9);
    }

    [Theory]
    [InlineData("😍")]
    [InlineData("👍")]
    [InlineData("❤️")]
    [InlineData(":)")]
    [InlineData(":-D")]
    [InlineData("<3")]
    public void Analyze_PositiveEmojiOrEmoticon_IsPositive(string symbol)
    {
        En("the new album " + symbol).ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("😡")]
    [InlineData("👎")]
    [InlineData(":(")]
    [InlineData(":'(")]
    public void Analyze_NegativeEmojiOrEmoticon_IsNegative(string symbol)
    {
        Fr("le nouvel album " + symbol).ShouldBeLessThan(0);
    }

    [Fact]
    public void Analyze_UrlAndMention_AreIgnored()
    {
        En("see https://example.com/bad-awful-terrible and @killer_deals").ShouldBe(0);
    }

    [Fact]
    public void Analyze_Idiom_ReplacesWordValences()
    {
        En("yeah right").ShouldBeLessThan(0);
        En("it stopped working after a week").ShouldBeLessThan(0);
    }

    [Fact]
    public void Analyze_TooBeforeNeutralWord_IsNegative()
    {
        En("the screen is too small").ShouldBeLessThan(0);
        Fr("l'écran est trop petit").ShouldBeLessThan(0);
    }

    [Fact]
    public void Analyze_WithoutLanguage_DetectsIt()
    {
        var french = SentimentAnalyzer.Analyze("Je suis vraiment très déçu par ce service");
        var english = SentimentAnalyzer.Analyze("I am really disappointed by this service");

        french.Language.ShouldBe("fr");
        french.Label.ShouldBe(SentimentLabel.Negative);
        english.Language.ShouldBe("en");
        english.Label.ShouldBe(SentimentLabel.Negative);
    }

    [Fact]
    public void Analyze_LanguageTag_IsNormalised()
    {
        SentimentAnalyzer.Analyze("génial", "fr-FR").Language.ShouldBe("fr");
        SentimentAnalyzer.Analyze("génial", "FR").Score.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Analyze_OtherLanguage_UsesSymbolsOnly()
    {
        var result = SentimentAnalyzer.Analyze("das ist gut 😍", "de");

        result.Language.ShouldBe("de");
        // The same number of words without meaning: only the emoji counts, the words only dilute it alike.
        result.Score.ShouldBe(SentimentAnalyzer.Analyze("xx yy zz 😍", "de").Score, 1e-9);
        result.Score.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Analyze_ScoreIsBounded()
    {
        var text = string.Concat(Enumerable.Repeat("AMAZING wonderful great love ", 200)) + "!!!!!!";

        var result = SentimentAnalyzer.Analyze(text, "en");

        result.Score.ShouldBeInRange(0.99, 1.0);
    }

    [Fact]
    public void Analyze_LongText_UsesPooledBuffersAndStillScores()
    {
        var text = string.Concat(Enumerable.Repeat("The room was fine. ", 40)) + "But the hotel was awful, dirty, noisy and the staff rude.";

        text.Length.ShouldBeGreaterThan(SentimentAnalyzer.StackLimit);
        SentimentAnalyzer.Analyze(text, "en").Label.ShouldBe(SentimentLabel.Positive);
        SentimentAnalyzer.Analyze(text.Replace("fine", "dull", StringComparison.Ordinal), "en").Label.ShouldBe(SentimentLabel.Negative);
    }

    [Fact]
    public void Analyze_SteadyState_AllocatesNothing()
    {
        const string text = "The food was GREAT but the service was not good at all!! 😡 Je n'aime pas ça, trop cher :(";
        for (var i = 0; i < 1000; i++)
        {
            SentimentAnalyzer.Analyze(text, "en");
            SentimentAnalyzer.Analyze(text, "fr");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            SentimentAnalyzer.Analyze(text, "en");
            SentimentAnalyzer.Analyze(text, "fr");
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.ShouldBe(0);
    }
}
