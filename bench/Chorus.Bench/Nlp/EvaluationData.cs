using System.Globalization;
using System.Text;

namespace Chorus.Bench.Nlp;

/// <summary>A text of the project's sentiment evaluation set (tools/nlp/eval/sentiment).</summary>
internal sealed record RatedText(string Language, string Label, string Kind, string Text);

/// <summary>A text of the project's language evaluation set (tools/nlp/eval/lang).</summary>
internal sealed record LanguageSample(string Language, string Text);

/// <summary>
/// Reads the evaluation texts written for the project: one development and one validation file per task,
/// split once before any tuning (tools/nlp/eval/NOTICE.md).
/// </summary>
internal static class EvaluationData
{
    public static readonly string[] Parts = ["dev", "validation"];

    public static string Folder(string[] args)
    {
        var at = Array.IndexOf(args, "--eval");
        var folder = at >= 0 && at + 1 < args.Length ? args[at + 1] : Path.Combine("tools", "nlp", "eval");
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Evaluation folder '{folder}' not found: pass --eval <repo>/tools/nlp/eval.");
        }
        return folder;
    }

    public static List<RatedText> Sentiment(string folder, string part) =>
        Records(Path.Combine(folder, "sentiment", part + ".tsv"), 4)
            .Select(f => new RatedText(f[0], f[1], f[2], f[3]))
            .ToList();

    public static List<LanguageSample> Language(string folder, string part) =>
        Records(Path.Combine(folder, "lang", part + ".tsv"), 2)
            .Select(f => new LanguageSample(f[0], f[1]))
            .ToList();

    /// <summary>Lower case without accents, as French tweets are often typed (and as some corpora store them).</summary>
    public static string LowerWithoutAccents(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }
        return kept.ToString().Normalize(NormalizationForm.FormC);
    }

    private static IEnumerable<string[]> Records(string path, int fields)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var record = line.Split('\t');
            if (record.Length != fields)
            {
                throw new InvalidDataException($"{path}:{number}: expected {fields} tab-separated fields, found {record.Length}.");
            }
            yield return record;
        }
    }
}
