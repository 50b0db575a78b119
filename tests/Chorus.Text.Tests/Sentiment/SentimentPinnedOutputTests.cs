using Chorus.Text.Sentiment;

namespace Chorus.Text.Tests.Sentiment;

/// <summary>
/// Exact labels and scores of a sample of texts that go through every path of the scanner and the rules
/// (negation, boosters, contrast, caps, '!'/'?', emoticons, emoji with skin tones, urls, mentions, French
/// elisions with typographic apostrophes, ligatures, combining accents, other scripts, lone surrogates,
/// long texts on pooled buffers). The scores were written down before the analyser's hot path was
/// rewritten for speed, and again when the score became the balance of positive and negative opinions
/// with contrast per sentence: a change of the scanner or the word table that alters any result fails here.
/// </summary>
public class SentimentPinnedOutputTests
{
    // Doubles are compared to the last bits that are printed, not for equality with a formatting round-trip.
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData("en", "I love this product, it is great", SentimentLabel.Positive, 0.8294501386452627)]
    [InlineData("en", "This is not good at all!!!", SentimentLabel.Negative, -0.5040420917894435)]
    [InlineData("en", "The food is good but the service was awful", SentimentLabel.Negative, -0.3460069642639476)]
    [InlineData("en", "The staff was GREAT, the room was not", SentimentLabel.Positive, 0.6603529694713416)]
    [InlineData("en", "kind of good, sort of nice, at least it works", SentimentLabel.Positive, 0.6770239775062602)]
    [InlineData("en", "What a wonderful day :) :-) <3", SentimentLabel.Positive, 0.8893261665320914)]
    [InlineData("en", "Terrible experience :( 😡😡", SentimentLabel.Negative, -0.8137334899334884)]
    [InlineData(null, "Terrible experience :( 😡😡", SentimentLabel.Negative, -0.7808688385042777)]
    [InlineData("en", "Thanks 🙏🏽 for the quick reply 👍", SentimentLabel.Positive, 0.7731711334964178)]
    [InlineData("en", "It's too small and too expensive", SentimentLabel.Negative, -0.3528648777163764)]
    [InlineData("en", "Wow!!! Best. Phone. Ever???", SentimentLabel.Positive, 0.8556317351687742)]
    [InlineData("en", "Not bad, no problem, never disappointed", SentimentLabel.Positive, 0.7201770508065829)]
    [InlineData("en", "check https://t.co/x3Yz9 and @brand #fail", SentimentLabel.Negative, -0.5241424183609592)]
    [InlineData("en", "I HATE THIS SO MUCH", SentimentLabel.Negative, -0.5478352991871867)]
    [InlineData("en", "hardly the worst, barely acceptable", SentimentLabel.Neutral, 0.16775417649164345)]
    [InlineData("en", "the movie was a waste of time and money", SentimentLabel.Negative, -0.45057756406878197)]
    [InlineData(null, "can't stand it, won't recommend", SentimentLabel.Negative, -0.5966213616162762)]
    [InlineData("fr", "J'adore ce produit, il est génial", SentimentLabel.Positive, 0.816496580927726)]
    [InlineData("fr", "Je ne l'aime plus, c'est nul", SentimentLabel.Negative, -0.6841720515375926)]
    [InlineData("fr", "Ce n’est pas du tout ce que j’avais commandé", SentimentLabel.Neutral, 0)]
    [InlineData("fr", "Un vrai coup de cœur pour cette œuvre", SentimentLabel.Positive, 0.7258735564427499)]
    [InlineData("fr", "Application qui plante sans arrêt, une horreur", SentimentLabel.Negative, -0.6810052246069989)]
    [InlineData("fr", "Très déçu… mais le service client était super", SentimentLabel.Positive, 0.37756696859609473)]
    [InlineData("fr", "Il est un peu déçu, peu fiable aussi", SentimentLabel.Negative, -0.5784467669023928)]
    [InlineData("fr", "Trop cher pour ce que c'est !!", SentimentLabel.Negative, -0.48987320856320343)]
    [InlineData("fr", "Jusqu'à présent, rien à redire", SentimentLabel.Neutral, 0)]
    [InlineData("fr", "ge\u0301nial et exce\u0301llent", SentimentLabel.Neutral, 0)]
    [InlineData("fr", "Quelle déception 😞 vraiment nul", SentimentLabel.Negative, -0.8193621573973658)]
    [InlineData("fr", "Au moins c'est propre ; moins cher ailleurs", SentimentLabel.Neutral, 0)]
    [InlineData("fr", "GÉNIAL la nouvelle appli Orange 👍", SentimentLabel.Positive, 0.7868136612984739)]
    [InlineData("ja", "Привет, хорошо 😀", SentimentLabel.Positive, 0.3713906811249247)]
    [InlineData("ja", "好 良い :)", SentimentLabel.Positive, 0.4588314677411235)]
    public void Analyze_PinnedSample_GivesTheRecordedResult(string? language, string text, SentimentLabel label, double score)
    {
        var result = SentimentAnalyzer.Analyze(text, language);

        result.Label.ShouldBe(label);
        result.Score.ShouldBe(score, Tolerance);
    }

    [Fact]
    public void Analyze_LoneSurrogates_GiveTheRecordedResult()
    {
        // Built here rather than in InlineData: test runners do not carry unpaired surrogates intact.
        var text = "\uD83D lone surrogate good \uDE00";

        SentimentAnalyzer.Analyze(text, "en").Score.ShouldBe(0.15842359743348508, Tolerance);
    }

    [Fact]
    public void Analyze_LongPooledText_GivesTheRecordedResult()
    {
        var text = string.Concat(Enumerable.Repeat("The hotel was lovely but the breakfast was cold and the staff rude. ", 9));

        text.Length.ShouldBeGreaterThan(SentimentAnalyzer.StackLimit);
        SentimentAnalyzer.Analyze(text, "en").Score.ShouldBe(-0.39619972326490477, Tolerance);
    }
}
