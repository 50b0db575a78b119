using System.Diagnostics;
using System.Globalization;
using Chorus.Text.Matching;

namespace Chorus.Bench.Match;

/// <summary>
/// <c>match</c>: posts per second on one thread and bytes allocated per post in the steady state, with
/// 1,000 and 10,000 queries, next to Lucene's MemoryIndex on the same posts and queries.
/// </summary>
internal static class MatchBenchmark
{
    public static int Run(string[] args)
    {
        var posts = IntOption(args, "--posts", 200_000);
        var seconds = IntOption(args, "--seconds", 5);
        var lucenePosts = IntOption(args, "--lucene-posts", 2_000);
        var withLucene = !args.Contains("--no-lucene");
        var workDirectory = Path.Combine(Path.GetTempPath(), "chorus-bench-match");
        Directory.CreateDirectory(workDirectory);

        Console.WriteLine($"corpus: {posts:N0} generated FR/EN posts; timing {seconds}s per run on one thread");
        var queryCounts = args.SkipWhile(a => a != "--queries").Skip(1).Take(1)
            .Select(v => v.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray())
            .FirstOrDefault() ?? [1_000, 10_000];
        foreach (var queryCount in queryCounts)
        {
            var corpus = new BenchCorpus(20261121);
            corpus.MakeBrands(Math.Max(500, queryCount / 2));
            var queries = corpus.Queries(queryCount);
            var postList = corpus.Posts(posts);

            var build = Stopwatch.StartNew();
            var matcher = new QueryMatcher();
            matcher.Apply(queries.Select(q => new QueryMatcher.Change(q.Id, q.Chorus)));
            build.Stop();

            var result = Measure(matcher, postList, seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"chorus  queries={queryCount,6} terms={matcher.TermCount,6} build={build.ElapsedMilliseconds}ms posts/s={result.PostsPerSecond,12:N0} posts/cpu-s={result.PostsPerCpuSecond,12:N0} median-batch={result.MedianBatchPostsPerCpuSecond,12:N0} best-batch={result.BestBatchPostsPerCpuSecond,12:N0} bytes/post={result.BytesPerPost:0.###} matches/post={result.MatchesPerPost:0.###}"));

            if (args.Contains("--profile"))
            {
                MatchProfile.Print(matcher, postList);
            }

            if (withLucene)
            {
                var lucene = LucenePeer.Run(workDirectory, queries, postList.Take(lucenePosts).ToList(), seconds);
                if (lucene is { } luceneRate)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"lucene  queries={queryCount,6} MemoryIndex posts/cpu-s={luceneRate,12:N0}  chorus/lucene (cpu)={result.PostsPerCpuSecond / luceneRate:N0}x"));
                }
            }
        }
        return 0;
    }

    /// <summary>Rates per wall-clock second and per CPU second of the matching thread.</summary>
    private sealed record Result(double PostsPerSecond, double PostsPerCpuSecond, double MedianBatchPostsPerCpuSecond, double BestBatchPostsPerCpuSecond, double BytesPerPost, double MatchesPerPost);

    private static Result Measure(QueryMatcher matcher, List<Post> posts, int seconds)
    {
        var scratch = matcher.CreateScratch();
        // Warm up: JIT tiers, scratch buffers grown to the largest post.
        long matches = 0;
        for (var round = 0; round < 2; round++)
        {
            foreach (var post in posts)
            {
                matches += matcher.Match(post, scratch).Length;
            }
        }
        matches = 0;
        long processed = 0;
        var batchSeconds = new List<double>(100_000);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = ThreadCpuClock.Seconds();
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(seconds);
        // Under load the wall clock runs faster than the CPU clock: time on the thread's CPU clock when available.
        // Posts go in batches of 5,000 timed one by one: on a shared machine the median batch is steadier than the
        // average (a neighbour's burst slows a few batches a lot), the fastest is what the code does left alone.
        const int batch = 5_000;
        while (double.IsNaN(cpuBefore) ? clock.Elapsed < limit : ThreadCpuClock.Seconds() - cpuBefore < seconds)
        {
            for (var start = 0; start + batch <= posts.Count; start += batch)
            {
                var batchStart = ThreadCpuClock.Seconds();
                for (var i = start; i < start + batch; i++)
                {
                    matches += matcher.Match(posts[i], scratch).Length;
                }
                batchSeconds.Add(ThreadCpuClock.Seconds() - batchStart);
                processed += batch;
            }
        }
        clock.Stop();
        var cpu = ThreadCpuClock.Seconds() - cpuBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        batchSeconds.Sort();
        return new Result(processed / clock.Elapsed.TotalSeconds, processed / cpu, batch / batchSeconds[batchSeconds.Count / 2], batch / batchSeconds[0], (double)allocated / processed, (double)matches / processed);
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
