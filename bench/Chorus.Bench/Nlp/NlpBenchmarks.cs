using Chorus.Text.Language;
using Chorus.Text.Moderation;
using Chorus.Text.Sentiment;

namespace Chorus.Bench.Nlp;

/// <summary>Benchmarks of sentiment, language identification and moderation (see bench/README.md).</summary>
internal static class NlpBenchmarks
{
    public static int Accuracy(string[] args)
    {
        var cache = DevelopmentData.CacheFolder(args);
        Console.WriteLine("Sentiment accuracy on the UCI labelled sentences (binary labels).");
        Console.WriteLine("  strict: a neutral prediction counts as wrong; lenient: score >= 0 counts as positive");
        Console.WriteLine("  (the rule of the `sentiment` package's validation, which gives AFINN 0.726 / 0.765 / 0.696).");
        foreach (var set in DevelopmentData.UciSets)
        {
            var data = DevelopmentData.Uci(cache, set);
            Report(set + " (lang=en)", data, text => SentimentAnalyzer.Analyze(text, "en"));
            Report(set + " (detected)", data, text => SentimentAnalyzer.Analyze(text));
            var english = data.Count(d => LanguageIdentifier.Identify(d.Text).Language == "en");
            Console.WriteLine($"  {set,-20} language id: {english / (double)data.Count:P1} detected as English");
        }
        return Spam(args);
    }

    public static int Sentiment(string[] args)
    {
        var texts = UciTexts(args);
        if (args.Contains("--profile"))
        {
            SentimentProfile.Print(texts);
            return 0;
        }
        Throughput.Measure("sentiment (lang=en)", texts, text => SentimentAnalyzer.Analyze(text, "en").Score);
        Throughput.Measure("sentiment (detect language)", texts, text => SentimentAnalyzer.Analyze(text).Score);
        return 0;
    }

    public static int Language(string[] args)
    {
        var texts = UciTexts(args);
        Throughput.Measure("language id", texts, text => LanguageIdentifier.Identify(text).Confidence);
        return 0;
    }

    public static int Moderation(string[] args)
    {
        var texts = UciTexts(args);
        Throughput.Measure("moderation (lang=en)", texts, text => ModerationScorer.Score(text, "en").Toxicity);
        Throughput.Measure("moderation (detect language)", texts, text => ModerationScorer.Score(text).Toxicity);
        return 0;
    }

    /// <summary>Spam precision and recall on the SpamAssassin corpus at several thresholds.</summary>
    public static int Spam(string[] args)
    {
        var data = DevelopmentData.SpamAssassin(DevelopmentData.CacheFolder(args));
        var results = data.Select(d => (d.Positive, Score: ModerationScorer.Score(d.Text, "en"))).ToList();
        var scores = results.Select(r => (r.Positive, r.Score.Spam)).ToList();
        Console.WriteLine($"Spam on SpamAssassin ({data.Count} messages, {data.Count(d => d.Positive)} spam; subject + body, lang=en):");
        foreach (var threshold in new[] { 0.3, 0.5, 0.7 })
        {
            var truePositive = scores.Count(s => s.Positive && s.Spam >= threshold);
            var falsePositive = scores.Count(s => !s.Positive && s.Spam >= threshold);
            var falseNegative = scores.Count(s => s.Positive && s.Spam < threshold);
            var precision = truePositive / (double)Math.Max(1, truePositive + falsePositive);
            var recall = truePositive / (double)Math.Max(1, truePositive + falseNegative);
            Console.WriteLine($"  threshold {threshold:F1}: precision {precision:F3}  recall {recall:F3}  F1 {2 * precision * recall / Math.Max(1e-9, precision + recall):F3}");
        }
        foreach (var spam in new[] { true, false })
        {
            var frequent = results.Where(r => r.Positive == spam)
                .SelectMany(r => r.Score.Reasons.Where(reason => reason.IsSpam).Select(reason => reason.Category == "spam-term" ? reason.ToString() : reason.Category))
                .GroupBy(reason => reason).OrderByDescending(g => g.Count()).Take(12)
                .Select(g => $"{g.Key} {g.Count()}");
            Console.WriteLine($"  most frequent reasons in {(spam ? "spam" : "ham")}: {string.Join(", ", frequent)}");
        }
        return 0;
    }

    private static List<string> UciTexts(string[] args)
    {
        var cache = DevelopmentData.CacheFolder(args);
        return DevelopmentData.UciSets.SelectMany(set => DevelopmentData.Uci(cache, set)).Select(d => d.Text).ToList();
    }

    private static void Report(string name, List<LabelledText> data, Func<string, SentimentResult> analyze)
    {
        int strict = 0, lenient = 0, neutral = 0;
        foreach (var item in data)
        {
            var result = analyze(item.Text);
            if (result.Label == SentimentLabel.Neutral)
            {
                neutral++;
            }
            if ((result.Label == SentimentLabel.Positive && item.Positive) || (result.Label == SentimentLabel.Negative && !item.Positive))
            {
                strict++;
            }
            if ((result.Score >= 0) == item.Positive)
            {
                lenient++;
            }
        }
        Console.WriteLine($"  {name,-20} strict {strict / (double)data.Count:F3}  lenient {lenient / (double)data.Count:F3}  neutral {neutral / (double)data.Count:P1}");
    }
}
