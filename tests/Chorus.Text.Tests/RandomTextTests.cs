using Chorus.Text.Duplicates;
using Chorus.Text.Language;
using Chorus.Text.Moderation;
using Chorus.Text.Sentiment;

namespace Chorus.Text.Tests;

/// <summary>Arbitrary input (lone surrogates, combining marks, l33t, emoticons, long runs) never breaks the scanners.</summary>
public class RandomTextTests
{
    private const string Alphabet = "aeiouAEIOU nrstlçéèêàœßÆ01345@$!?.,;:'’-_*#()<3/\\\u0301\u200d\ufe0f\ud83d\ude0d\ud83d\ud83d\udc4d\ude21 \t\nhttp://bit.ly/x www.a.com @x #y";

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void AllComponents_RandomText_StayInRange(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < 400; n++)
        {
            var length = random.Next(0, n % 50 == 0 ? 3000 : 200);
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = Alphabet[random.Next(Alphabet.Length)];
            }
            var text = new string(chars);

            var guess = LanguageIdentifier.Identify(text);
            guess.Confidence.ShouldBeInRange(0, 1);
            var sentiment = SentimentAnalyzer.Analyze(text, n % 2 == 0 ? "fr" : null);
            sentiment.Score.ShouldBeInRange(-1, 1);
            var moderation = ModerationScorer.Score(text, n % 3 == 0 ? "en" : null);
            moderation.Toxicity.ShouldBeInRange(0, 1);
            moderation.Spam.ShouldBeInRange(0, 1);
            SimHash.Distance(SimHash.Compute(text), SimHash.Compute(text)).ShouldBe(0);
            SimHash.ExactHash(text).ShouldBe(SimHash.ExactHash(text));
        }
    }
}
