using System.Globalization;
using System.Text.Json;
using Chorus.Bench.Match;
using Chorus.Text.Sentiment;

namespace Chorus.Bench.Cli;

/// <summary>
/// <c>cli-engine DIR</c>: the engine alone on the texts of <c>DIR/posts.jsonl</c> (sentiment with the language
/// given), in process, warmed up, per CPU-second of the one thread — what the command could reach if reading and
/// writing JSON lines cost nothing.
/// </summary>
internal static class EngineAlone
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: cli-engine DIR");
            return 2;
        }
        var texts = new List<(string Text, string? Lang)>();
        foreach (var line in File.ReadLines(Path.Combine(args[0], "posts.jsonl")))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            texts.Add((root.GetProperty("text").GetString()!, root.TryGetProperty("lang", out var lang) ? lang.GetString() : null));
        }
        double sink = 0;
        for (var round = 0; round < 3; round++)
        {
            foreach (var (text, lang) in texts)
            {
                sink += SentimentAnalyzer.Analyze(text, lang).Score;
            }
        }
        for (var run = 0; run < 3; run++)
        {
            var start = ThreadCpuClock.Seconds();
            foreach (var (text, lang) in texts)
            {
                sink += SentimentAnalyzer.Analyze(text, lang).Score;
            }
            var seconds = ThreadCpuClock.Seconds() - start;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"engine alone  sentiment (lang given)  {texts.Count / seconds,12:N0} texts per thread-CPU-s  ({texts.Count:N0} texts, avg {texts.Average(t => t.Text.Length):F0} chars, checksum {sink:F1})"));
        }
        return 0;
    }
}
