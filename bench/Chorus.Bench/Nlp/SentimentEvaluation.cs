using System.Globalization;
using Chorus.Text.Sentiment;

namespace Chorus.Bench.Nlp;

/// <summary>
/// `eval-sentiment`: 3-class macro-F1 (positive / neutral / negative, neutral when |score| &lt; 0.2) of Chorus and
/// of VADER's JavaScript port on the project's development and validation texts, side by side, plus the UCI
/// sentences (development data: binary labels, so strict accuracy with the same band).
/// </summary>
internal static class SentimentEvaluation
{
    /// <summary>The band the evaluation applies to every scorer's score in [-1, 1].</summary>
    public const double NeutralBand = 0.2;

    public static int Run(string[] args)
    {
        var folder = EvaluationData.Folder(args);
        var vader = ReadVaderScores(args);
        // --dev-only while tuning: the validation figures are looked at once the rules are settled.
        var shown = args.Contains("--dev-only") ? ["dev"] : EvaluationData.Parts;
        var parts = shown.ToDictionary(p => p, p => EvaluationData.Sentiment(folder, p));
        Console.WriteLine($"Sentiment, 3-class macro-F1, neutral band |score| < {NeutralBand} (language given; VADER: npm vader-sentiment 1.1.3)");
        Console.WriteLine($"{"",-22} {"dev n",6} {"Chorus",7} {"VADER",7}   {"valid. n",8} {"Chorus",7} {"VADER",7}");
        (string Name, Func<RatedText, bool> Keep)[] groups =
        [
            ("en tweets", t => t.Language == "en" && t.Kind == "tweet"),
            ("en long texts", t => t.Language == "en" && t.Kind == "long"),
            ("fr tweets", t => t.Language == "fr" && t.Kind == "tweet"),
            ("fr long texts", t => t.Language == "fr" && t.Kind == "long"),
            ("all", _ => true),
        ];
        foreach (var (name, keep) in groups)
        {
            var line = $"{name,-22}";
            foreach (var part in shown)
            {
                var texts = parts[part].Where(keep).ToList();
                var chorus = MacroF1(texts, t => SentimentAnalyzer.Analyze(t.Text, t.Language).Score);
                var baseline = vader is null ? "-" : MacroF1(texts, t => vader[t.Text]).ToString("F3", CultureInfo.InvariantCulture);
                line += $" {texts.Count,6} {chorus,7:F3} {baseline,7}  ";
            }
            Console.WriteLine(line);
        }
        var detected = shown.Select(p => MacroF1(parts[p], t => SentimentAnalyzer.Analyze(t.Text).Score).ToString("F3", CultureInfo.InvariantCulture)).ToList();
        Console.WriteLine($"{"all, language detected",-22} {"",6} {detected[0],7} {"",7}   {"",8} {detected.ElementAtOrDefault(1),7}");
        PrintUci(args);
        if (args.Contains("--errors"))
        {
            // Development texts only: looking at validation errors would turn validation into tuning data.
            Console.WriteLine("Development texts whose band label is wrong (score, gold label, text):");
            foreach (var text in parts["dev"])
            {
                var score = SentimentAnalyzer.Analyze(text.Text, text.Language).Score;
                if (Band(score) != text.Label)
                {
                    Console.WriteLine($"  {score,6:F3} {text.Label} {text.Kind,-5} {text.Text}");
                }
            }
        }
        return 0;
    }

    private static void PrintUci(string[] args)
    {
        var at = Array.IndexOf(args, "--data");
        if (at < 0)
        {
            return;
        }
        var cache = DevelopmentData.CacheFolder(args);
        Console.WriteLine($"UCI labelled sentences (development data, binary labels): share of texts beyond the band on the right side");
        foreach (var set in DevelopmentData.UciSets)
        {
            var data = DevelopmentData.Uci(cache, set);
            var right = data.Count(d => Band(SentimentAnalyzer.Analyze(d.Text, "en").Score) == (d.Positive ? "pos" : "neg"));
            Console.WriteLine($"  {set,-8} {right / (double)data.Count:F3}");
        }
    }

    public static string Band(double score) => score >= NeutralBand ? "pos" : score <= -NeutralBand ? "neg" : "neu";

    /// <summary>Mean over the three labels of F1; a label neither predicted nor present counts as 1.</summary>
    public static double MacroF1(IReadOnlyList<RatedText> texts, Func<RatedText, double> score)
    {
        var predicted = texts.Select(t => Band(score(t))).ToList();
        double sum = 0;
        foreach (var label in new[] { "pos", "neu", "neg" })
        {
            var truePositive = texts.Where((t, i) => t.Label == label && predicted[i] == label).Count();
            var gold = texts.Count(t => t.Label == label);
            var guessed = predicted.Count(p => p == label);
            sum += gold + guessed == 0 ? 1 : 2.0 * truePositive / (gold + guessed);
        }
        return sum / 3;
    }

    private static Dictionary<string, double>? ReadVaderScores(string[] args)
    {
        var at = Array.IndexOf(args, "--vader");
        if (at < 0 || at + 1 >= args.Length)
        {
            return null;
        }
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(args[at + 1]))
        {
            var tab = line.LastIndexOf('\t');
            if (tab > 0)
            {
                scores[line[..tab]] = double.Parse(line[(tab + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return scores;
    }
}
