using Chorus.Text.Sentiment;

namespace Chorus.Text.Tests.Sentiment;

/// <summary>
/// Exact labels and scores of a sample of texts that go through every path of the scanner and the rules
/// (negation, boosters, contrast, caps, '!'/'?', emoticons, emoji with skin tones, urls, mentions, French
/// elisions with typographic apostrophes, ligatures, combining accents, other scripts, lone surrogates,
/// long texts on pooled buffers). The scores were written down before the analyser's hot path was
/// rewritten for speed: a change of the scanner or the word table that alters any result fails here.
/// </summary>
public class SentimentPinnedOutputTests
{
    // Doubles are compared to the last bits that are printed, not for equality with a formatting round-trip.
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData("en", "I love this product, it is great", SentimentLabel.Positive, 0.8518960238567186)]
    [InlineData("en", "This is not good at all!!!", SentimentLabel.Negative, -0.5386355128066533)]
    [InlineData("en", "The food is good but the service was awful", SentimentLabel.Negative, -0.46781588617446446)]
    [InlineData("en", "The staff was GREAT, the room was not", SentimentLabel.Positive, 0.7034284029433027)]
    [InlineData("en", "kind of good, sort of nice, at least it works", SentimentLabel.Positive, 0.7281131070315201)]
    [InlineData("en", "What a wonderful day :) :-) <3", SentimentLabel.Positive, 0.897901223279544)]
    [InlineData("en", "Terrible experience :( 😡😡", SentimentLabel.Negative, -0.8224629103983792)]
    [InlineData(null, "Terrible experience :( 😡😡", SentimentLabel.Negative, -0.7905694338907392)]
    [InlineData("en", "Thanks 🙏🏽 for the quick reply 👍", SentimentLabel.Positive, 0.7963890723400752)]
    [InlineData("en", "It's too small and too expensive", SentimentLabel.Negative, -0.38181917164226936)]
    [InlineData("en", "Wow!!! Best. Phone. Ever???", SentimentLabel.Positive, 0.8694425305372614)]
    [InlineData("en", "Not bad, no problem, never disappointed", SentimentLabel.Positive, 0.7509279730401266)]
    [InlineData("en", "check https://t.co/x3Yz9 and @brand #fail", SentimentLabel.Negative, -0.5423261445466404)]
    [InlineData("en", "I HATE THIS SO MUCH", SentimentLabel.Negative, -0.5718850365422815)]
    [InlineData("en", "hardly the worst, barely acceptable", SentimentLabel.Positive, 0.23396250850653624)]
    [InlineData("en", "the movie was a waste of time and money", SentimentLabel.Negative, -0.49391458937961197)]
    [InlineData(null, "can't stand it, won't recommend", SentimentLabel.Negative, -0.6261196594666592)]
    [InlineData("fr", "J'adore ce produit, il est génial", SentimentLabel.Positive, 0.8401680504168059)]
    [InlineData("fr", "Je ne l'aime plus, c'est nul", SentimentLabel.Negative, -0.71667635277465)]
    [InlineData("fr", "Ce n’est pas du tout ce que j’avais commandé", SentimentLabel.Neutral, 0.0)]
    [InlineData("fr", "Un vrai coup de cœur pour cette œuvre", SentimentLabel.Positive, 0.7649686067780387)]
    [InlineData("fr", "Application qui plante sans arrêt, une horreur", SentimentLabel.Negative, -0.5858817596274059)]
    [InlineData("fr", "Très déçu… mais le service client était super", SentimentLabel.Positive, 0.5428617552100939)]
    [InlineData("fr", "Il est un peu déçu, peu fiable aussi", SentimentLabel.Negative, -0.6237856840581889)]
    [InlineData("fr", "Trop cher pour ce que c'est !!", SentimentLabel.Negative, -0.5241971752319415)]
    [InlineData("fr", "Jusqu'à présent, rien à redire", SentimentLabel.Neutral, 0.0)]
    [InlineData("fr", "ge\u0301nial et exce\u0301llent", SentimentLabel.Neutral, 0.0)]
    [InlineData("fr", "Quelle déception 😞 vraiment nul", SentimentLabel.Negative, -0.8356768049778253)]
    [InlineData("fr", "Au moins c'est propre ; moins cher ailleurs", SentimentLabel.Neutral, 0.0)]
    [InlineData("fr", "GÉNIAL la nouvelle appli Orange 👍", SentimentLabel.Positive, 0.8091373245051807)]
    [InlineData("ja", "Привет, хорошо 😀", SentimentLabel.Positive, 0.38181917164226936)]
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

        SentimentAnalyzer.Analyze(text, "en").Score.ShouldBe(0.20228868339030026, Tolerance);
    }

    [Fact]
    public void Analyze_LongPooledText_GivesTheRecordedResult()
    {
        var text = string.Concat(Enumerable.Repeat("The hotel was lovely but the breakfast was cold and the staff rude. ", 9));

        text.Length.ShouldBeGreaterThan(SentimentAnalyzer.StackLimit);
        SentimentAnalyzer.Analyze(text, "en").Score.ShouldBe(0.8073978479119609, Tolerance);
    }
}
