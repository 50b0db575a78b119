using System.Diagnostics;
using Chorus.Text.Sentiment;

namespace Chorus.Bench.Nlp;

internal static class Probe
{
    public static int Run(string[] args)
    {
        var cache = DevelopmentData.CacheFolder(args);
        var texts = DevelopmentData.UciSets.SelectMany(set => DevelopmentData.Uci(cache, set)).Select(d => d.Text).ToList();
        var words = texts.SelectMany(t => t.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var lex = SentimentLexicon.English;
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < 5; round++)
        {
            var cpu = process.TotalProcessorTime;
            var hits = 0;
            for (var r = 0; r < 20; r++)
            {
                foreach (var w in words)
                {
                    if (lex.TryGetWord(w, out _)) { hits++; }
                }
            }
            process.Refresh();
            var secs = (process.TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"frozen lookups: {words.Length * 20 / secs / 1e6:F1} M/s (hits {hits})");
            cpu = process.TotalProcessorTime;
            var count = 0;
            var folded = new char[4096];
            var tokens = new SentimentToken[2048];
            for (var r = 0; r < 20; r++)
            {
                foreach (var t in texts)
                {
                    count += SentimentScanner.Scan(t, lex, folded, tokens, out _);
                }
            }
            process.Refresh();
            secs = (process.TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"scan: {texts.Count * 20 / secs / 1e6:F2} M texts/s ({count})");
            cpu = process.TotalProcessorTime;
            double sum = 0;
            for (var r = 0; r < 20; r++)
            {
                foreach (var t in texts)
                {
                    sum += SentimentAnalyzer.Analyze(t, lex, "en").Score;
                }
            }
            process.Refresh();
            secs = (process.TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"analyze internal: {texts.Count * 20 / secs / 1e6:F2} M texts/s ({sum})");
            cpu = process.TotalProcessorTime;
            for (var r = 0; r < 20; r++)
            {
                foreach (var t in texts)
                {
                    sum += SentimentAnalyzer.Analyze(t, "en").Score;
                }
            }
            process.Refresh();
            secs = (process.TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine($"analyze public: {texts.Count * 20 / secs / 1e6:F2} M texts/s ({sum})");
        }
        return 0;
    }
}
