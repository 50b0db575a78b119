using System.Diagnostics;
using System.Globalization;
using Chorus.Text.Matching;

namespace Chorus.Bench.Match;

/// <summary>Runs bench/peers/lucene (Lucene 8 MemoryIndex, one index per post, every query searched).</summary>
internal static class LucenePeer
{
    public static double? Run(string workDirectory, IReadOnlyList<BenchQuery> queries, IReadOnlyList<Post> posts, int seconds)
    {
        var script = Path.Combine(FindBenchDirectory(), "peers", "lucene", "run.sh");
        if (!File.Exists(script))
        {
            Console.WriteLine($"lucene  skipped: {script} not found");
            return null;
        }
        var queriesFile = Path.Combine(workDirectory, "lucene-queries.txt");
        var postsFile = Path.Combine(workDirectory, "lucene-posts.tsv");
        File.WriteAllLines(queriesFile, queries.Select(q => q.Lucene));
        File.WriteAllLines(postsFile, posts.Select(p => p.Lang + "\t" + p.Text.Replace('\t', ' ').Replace('\n', ' ')));
        var start = new ProcessStartInfo("bash", [script, queriesFile, postsFile, seconds.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"lucene  failed (exit {process.ExitCode}): {error.Trim()}");
            return null;
        }
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("matches_per_post=", StringComparison.Ordinal))
            {
                Console.WriteLine($"lucene  {line.Trim()} (approximate translation: NEAR as sloppy phrase, no sigils, no numeric filter)");
            }
            if (line.StartsWith("posts_per_second=", StringComparison.Ordinal))
            {
                return double.Parse(line["posts_per_second=".Length..], CultureInfo.InvariantCulture);
            }
        }
        Console.WriteLine($"lucene  gave no figure: {output.Trim()} {error.Trim()}");
        return null;
    }

    private static string FindBenchDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "bench", "match.sh")))
        {
            directory = directory.Parent;
        }
        return directory is null ? Path.Combine(Environment.CurrentDirectory, "bench") : Path.Combine(directory.FullName, "bench");
    }
}
