using System.Globalization;
using Chorus.Text.Matching;
using Chorus.Text.Tokens;

namespace Chorus.Bench.Match;

/// <summary>Breaks a matching run down: tokenizing alone, candidates per post, always-verified queries.</summary>
internal static class MatchProfile
{
    public static void Print(QueryMatcher matcher, List<Post> posts)
    {
        var scratch = new TokenizerScratch();
        var sink = new NullSink();
        var cpuBefore = ThreadCpuClock.Seconds();
        long processed = 0;
        while (ThreadCpuClock.Seconds() - cpuBefore < 2)
        {
            foreach (var post in posts)
            {
                Tokenizer.Tokenize(post.Text, ref sink, scratch);
            }
            processed += posts.Count;
        }
        var tokenizeRate = processed / (ThreadCpuClock.Seconds() - cpuBefore);
        var empty = new QueryMatcher();
        var emptyScratch = empty.CreateScratch();
        cpuBefore = ThreadCpuClock.Seconds();
        long emptyProcessed = 0;
        while (ThreadCpuClock.Seconds() - cpuBefore < 2)
        {
            foreach (var post in posts)
            {
                empty.Match(post, emptyScratch);
            }
            emptyProcessed += posts.Count;
        }
        var emptyRate = emptyProcessed / (ThreadCpuClock.Seconds() - cpuBefore);
        var matchScratch = matcher.CreateScratch();
        cpuBefore = ThreadCpuClock.Seconds();
        long againProcessed = 0;
        while (ThreadCpuClock.Seconds() - cpuBefore < 2)
        {
            foreach (var post in posts)
            {
                matcher.Match(post, matchScratch);
            }
            againProcessed += posts.Count;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"profile matcher again posts/cpu-s={againProcessed / (ThreadCpuClock.Seconds() - cpuBefore):N0}"));
        long candidates = 0, touched = 0, occurrences = 0;
        foreach (var post in posts)
        {
            matcher.Match(post, matchScratch);
            candidates += matchScratch.CandidateCount;
            touched += matchScratch.TouchedCount;
            occurrences += matchScratch.OccurrenceCount;
        }
        // Verification alone: re-verify each post's candidates (the scratch still holds the post's occurrences).
        double verifySeconds = 0;
        long verified = 0;
        foreach (var post in posts)
        {
            matcher.Match(post, matchScratch);
            var queries = matchScratch.Snapshot!.Queries;
            var start = ThreadCpuClock.Seconds();
            for (var round = 0; round < 20; round++)
            {
                for (var i = 0; i < matchScratch.CandidateCount; i++)
                {
                    if (queries[matchScratch.Candidates[i]]!.Root.Matches(matchScratch))
                    {
                        verified++;
                    }
                }
            }
            verifySeconds += ThreadCpuClock.Seconds() - start;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"profile verification ns/post={verifySeconds / 20 / posts.Count * 1e9:N0} (verified {verified / 20})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profile tokenize-only posts/cpu-s={tokenizeRate:N0} no-query matcher posts/cpu-s={emptyRate:N0} forms/post={(double)sink.Count / processed:0.#} candidates/post={(double)candidates / posts.Count:0.##} touched-terms/post={(double)touched / posts.Count:0.##} occurrences/post={(double)occurrences / posts.Count:0.##} always-verify={matchScratch.Snapshot!.AlwaysVerify.Length} wildcards={matchScratch.Snapshot.Wildcards?.Count ?? 0}"));
    }

    private struct NullSink : ITermSink
    {
        public long Count;

        public void OnTerm(ReadOnlySpan<char> key, int position, int sourceStart, int sourceLength) => Count++;
    }
}
