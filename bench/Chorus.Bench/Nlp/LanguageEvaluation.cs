using Chorus.Text.Language;

namespace Chorus.Bench.Nlp;

/// <summary>
/// `eval-lang`: accuracy of the language identifier on the project's development and validation texts, side
/// by side: short posts (with mentions, hashtags, links), the sentiment texts, and every French text again
/// lower-cased without accents. `und` is right only for the texts labelled `und`.
/// </summary>
internal static class LanguageEvaluation
{
    public static int Run(string[] args)
    {
        var folder = EvaluationData.Folder(args);
        var samples = EvaluationData.Parts.ToDictionary(part => part, part => Samples(folder, part));
        Console.WriteLine("Language identification, accuracy");
        Console.WriteLine($"{"",-40} {"dev n",6} {"acc.",6}   {"valid. n",8} {"acc.",6}");
        foreach (var group in samples["dev"].Select(s => s.Group).Distinct())
        {
            var line = $"{group,-40}";
            var misses = new Dictionary<string, string>();
            foreach (var part in EvaluationData.Parts)
            {
                var texts = samples[part].Where(s => s.Group == group).ToList();
                var right = texts.Count(s => LanguageIdentifier.Identify(s.Text).Language == s.Language);
                line += $" {texts.Count,6} {right / (double)Math.Max(1, texts.Count),6:F3}  ";
                var wrong = texts.Select(s => LanguageIdentifier.Identify(s.Text).Language).Where((guess, k) => guess != texts[k].Language)
                    .GroupBy(guess => guess).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
                misses[part] = string.Join(", ", wrong);
            }
            Console.WriteLine($"{line} wrong guesses: dev [{misses["dev"]}] validation [{misses["validation"]}]");
        }
        if (args.Contains("--errors"))
        {
            // Development texts only, so that validation stays unseen.
            Console.WriteLine("Development texts identified wrongly (expected, guess, confidence, text):");
            foreach (var sample in samples["dev"])
            {
                var guess = LanguageIdentifier.Identify(sample.Text);
                if (guess.Language != sample.Language || (args.Contains("--unsure") && guess.Confidence < 0.9))
                {
                    Console.WriteLine($"  {sample.Language} {guess.Language} {guess.Confidence:F2} {sample.Text}");
                }
            }
        }
        return 0;
    }

    private static List<(string Group, string Language, string Text)> Samples(string folder, string part)
    {
        var result = new List<(string, string, string)>();
        var posts = EvaluationData.Language(folder, part);
        var rated = EvaluationData.Sentiment(folder, part);
        result.AddRange(posts.Where(p => p.Language == "fr").Select(p => ("fr posts", p.Language, p.Text)));
        result.AddRange(posts.Where(p => p.Language == "en").Select(p => ("en posts", p.Language, p.Text)));
        result.AddRange(posts.Where(p => p.Language is not ("fr" or "en" or "und")).Select(p => ("es/de/it/pt/nl posts", p.Language, p.Text)));
        result.AddRange(posts.Where(p => p.Language == "und").Select(p => ("und (no words to judge)", p.Language, p.Text)));
        result.AddRange(rated.Where(r => r.Language == "fr").Select(r => ("fr sentiment texts", r.Language, r.Text)));
        result.AddRange(rated.Where(r => r.Language == "en").Select(r => ("en sentiment texts", r.Language, r.Text)));
        var french = posts.Where(p => p.Language == "fr").Select(p => p.Text).Concat(rated.Where(r => r.Language == "fr").Select(r => r.Text));
        result.AddRange(french.Select(t => ("fr, all, lower case without accents", "fr", EvaluationData.LowerWithoutAccents(t))));
        var english = posts.Where(p => p.Language == "en").Select(p => p.Text).Concat(rated.Where(r => r.Language == "en").Select(r => r.Text));
        result.AddRange(english.Select(t => ("en, all, lower case", "en", t.ToLowerInvariant())));
        return result;
    }
}
