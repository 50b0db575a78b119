using System.Globalization;
using System.Text.Json;
using Chorus.Bench.Match;
using Chorus.Text.Matching;
using Chorus.Text.Sentiment;

namespace Chorus.Bench.Cli;

/// <summary>
/// <c>cli-startup DIR</c>: what the text commands pay before their first line, per thread-CPU-second: the sentiment
/// lexicons (first use, JIT included, then rebuilt warm) and compiling <c>DIR/queries.json</c> into a matcher (first
/// time, then warm), with the bytes allocated. Run it with the environment <c>./chorus</c> sets for commands to see
/// what a command sees.
/// </summary>
internal static class StartupCost
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: cli-startup DIR");
            return 2;
        }
        Measure("English lexicon, first use", () => SentimentLexicon.English.Language);
        Measure("French lexicon, first use", () => SentimentLexicon.French.Language);
        Measure("emoji and emoticons, first use", () => SentimentLexicon.Symbols.GetType().Name);
        for (var run = 0; run < 3; run++)
        {
            Measure("both lexicons, rebuilt", () => SentimentLexicon.BuildEnglish().Language + SentimentLexicon.BuildFrench().Language);
        }
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(args[0], "queries.json")));
        var changes = document.RootElement.EnumerateArray()
            .Select(entry => new QueryMatcher.Change(entry.GetProperty("id").GetString()!, entry.GetProperty("query").GetString()!))
            .ToList();
        Measure($"{changes.Count:N0} queries compiled, first time", () => Compile(changes));
        for (var run = 0; run < 3; run++)
        {
            Measure($"{changes.Count:N0} queries compiled again", () => Compile(changes));
        }
        return 0;
    }

    private static string Compile(List<QueryMatcher.Change> changes)
    {
        var matcher = new QueryMatcher();
        matcher.Apply(changes);
        return matcher.TermCount.ToString(CultureInfo.InvariantCulture);
    }

    private static void Measure(string what, Func<string> work)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var start = ThreadCpuClock.Seconds();
        var result = work();
        var seconds = ThreadCpuClock.Seconds() - start;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-40} {seconds * 1000,7:F1} ms thread-CPU  {allocated / 1e6,6:F1} MB allocated  ({result.Length} chars of result)"));
    }
}
