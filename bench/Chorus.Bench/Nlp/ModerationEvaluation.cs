using System.Globalization;
using System.Text.Json;
using Chorus.Text.Language;
using Chorus.Text.Moderation;

namespace Chorus.Bench.Nlp;

/// <summary>A line of the moderation evaluation data (tools/nlp/eval/moderation, see its NOTICE.md).</summary>
internal sealed record ModerationExample(string Text, string Language, string Label, string Kind, string? Author, string? Url)
{
    public bool IsAbuse => Label is "insult" or "threat" or "identity" or "obscenity";

    public bool IsSpam => Label == "spam";
}

/// <summary>
/// Abuse recall, false-alarm rate and spam precision/recall on the project's own moderation data, development
/// and validation side by side, against a plain insult word list. "Flagged" = toxicity ≥ 0.5, spam ≥ 0.5.
/// </summary>
internal static class ModerationEvaluation
{
    private const double Flag = 0.5;

    public static int Run(string[] args)
    {
        var folder = Argument(args, "--eval") ?? Path.Combine("tools", "nlp", "eval", "moderation");
        var wordList = InsultWordList.Load(DevelopmentData.CacheFolder(args));
        var detect = args.Contains("--detect");
        Console.WriteLine($"Moderation on {folder} (flagged: toxicity >= {Flag}, spam >= {Flag}; language {(detect ? "detected" : "given")}).");
        Console.WriteLine($"{"",-34} {"dev",18} {"validation",18}");
        foreach (var language in new[] { "fr", "en" })
        {
            var dev = Read(Path.Combine(folder, $"dev.{language}.jsonl"));
            var validation = Read(Path.Combine(folder, $"validation.{language}.jsonl"));
            Score Chorus(ModerationExample e) => Scored(e, detect);
            Score Baseline(ModerationExample e) => new(wordList.Flags(e.Text) ? 1 : 0, 0);
            Row($"{language} abuse recall", dev, validation, Chorus, AbuseRecall);
            Row($"{language} false alarms on normal", dev, validation, Chorus, FalseAlarms);
            Row($"{language} spam precision", dev, validation, Chorus, SpamPrecision);
            Row($"{language} spam recall", dev, validation, Chorus, SpamRecall);
            Row($"{language} word list: abuse recall", dev, validation, Baseline, AbuseRecall);
            Row($"{language} word list: false alarms", dev, validation, Baseline, FalseAlarms);
            if (args.Contains("--misses"))
            {
                PrintMisses(dev, Chorus);
            }
        }
        return 0;
    }

    private readonly record struct Score(double Toxicity, double Spam);

    private static Score Scored(ModerationExample example, bool detect)
    {
        var comment = example.Author is null && example.Url is null ? null : new CommentAuthor(example.Author, example.Url);
        var score = ModerationScorer.Score(example.Text, detect ? null : example.Language, comment);
        return new Score(score.Toxicity, score.Spam);
    }

    private static void Row(string name, List<ModerationExample> dev, List<ModerationExample> validation, Func<ModerationExample, Score> score,
        Func<List<ModerationExample>, Func<ModerationExample, Score>, (int Hits, int Total)> measure)
    {
        static string Cell((int Hits, int Total) m) => m.Total == 0 ? "—" : $"{m.Hits / (double)m.Total:F2} ({m.Hits}/{m.Total})";
        Console.WriteLine($"{name,-34} {Cell(measure(dev, score)),18} {Cell(measure(validation, score)),18}");
    }

    private static (int, int) AbuseRecall(List<ModerationExample> data, Func<ModerationExample, Score> score)
    {
        var abuse = data.Where(e => e.IsAbuse).ToList();
        return (abuse.Count(e => score(e).Toxicity >= Flag), abuse.Count);
    }

    private static (int, int) FalseAlarms(List<ModerationExample> data, Func<ModerationExample, Score> score)
    {
        var normal = data.Where(e => e.Label == "normal").ToList();
        return (normal.Count(e => score(e).Toxicity >= Flag), normal.Count);
    }

    private static (int, int) SpamPrecision(List<ModerationExample> data, Func<ModerationExample, Score> score)
    {
        var flagged = data.Where(e => score(e).Spam >= Flag).ToList();
        return (flagged.Count(e => e.IsSpam), flagged.Count);
    }

    private static (int, int) SpamRecall(List<ModerationExample> data, Func<ModerationExample, Score> score)
    {
        var spam = data.Where(e => e.IsSpam).ToList();
        return (spam.Count(e => score(e).Spam >= Flag), spam.Count);
    }

    /// <summary>Development lines only: what to look at when changing a rule.</summary>
    private static void PrintMisses(List<ModerationExample> dev, Func<ModerationExample, Score> score)
    {
        foreach (var example in dev)
        {
            var s = score(example);
            var missed = (example.IsAbuse && s.Toxicity < Flag) || (example.Label == "normal" && s.Toxicity >= Flag)
                || (example.IsSpam != (s.Spam >= Flag));
            if (missed)
            {
                var reasons = ModerationScorer.Score(example.Text, example.Language,
                    example.Author is null && example.Url is null ? null : new CommentAuthor(example.Author, example.Url)).Reasons;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  miss {example.Label}/{example.Kind}: tox {s.Toxicity:F2} spam {s.Spam:F2}  {example.Text}  [{string.Join("; ", reasons)}]"));
            }
        }
    }

    private static List<ModerationExample> Read(string path)
    {
        var result = new List<ModerationExample>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            string? Field(string name) => root.TryGetProperty(name, out var value) ? value.GetString() : null;
            result.Add(new ModerationExample(
                Field("text") ?? throw new InvalidDataException($"{path}:{lineNumber}: field \"text\" is missing"),
                Field("lang") ?? throw new InvalidDataException($"{path}:{lineNumber}: field \"lang\" is missing"),
                Field("label") ?? throw new InvalidDataException($"{path}:{lineNumber}: field \"label\" is missing"),
                Field("kind") ?? "", Field("author"), Field("url")));
        }
        return result;
    }

    private static string? Argument(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}

/// <summary>
/// The naive baseline: flagged when a word or phrase of the npm insult lists (naughty-words en + fr,
/// french-badwords-list) appears in the lower-cased, accent-free text.
/// </summary>
internal sealed class InsultWordList
{
    private readonly HashSet<string> _terms;

    private InsultWordList(HashSet<string> terms) => _terms = terms;

    public static InsultWordList Load(string cache)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        var naughty = Path.Combine(cache, "naughty-words", "package");
        foreach (var file in new[] { "en.json", "fr.json" })
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(naughty, file)));
            foreach (var term in document.RootElement.EnumerateArray())
            {
                terms.Add(Normalize(term.GetString() ?? ""));
            }
        }
        foreach (var term in File.ReadLines(Path.Combine(cache, "french-badwords-list", "package", "list.txt")))
        {
            terms.Add(Normalize(term.Replace('-', ' ')));
        }
        terms.Remove("");
        return new InsultWordList(terms);
    }

    public bool Flags(string text)
    {
        var words = Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            for (var n = 1; n <= 4 && i + n <= words.Length; n++)
            {
                if (_terms.Contains(string.Join(' ', words, i, n)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static string Normalize(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD);
        var kept = decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            .Select(c => char.IsLetterOrDigit(c) ? c : ' ');
        return string.Join(' ', new string(kept.ToArray()).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
