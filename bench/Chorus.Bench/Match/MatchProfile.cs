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
        var matchScratch = matcher.CreateScratch();
        long candidates = 0, touched = 0, occurrences = 0;
        foreach (var post in posts)
        {
            matcher.Match(post, matchScratch);
            candidates += matchScratch.CandidateCount;
            touched += matchScratch.TouchedCount;
            occurrences += matchScratch.OccurrenceCount;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profile tokenize-only posts/cpu-s={tokenizeRate:N0} forms/post={(double)sink.Count / processed:0.#} candidates/post={(double)candidates / posts.Count:0.##} touched-terms/post={(double)touched / posts.Count:0.##} occurrences/post={(double)occurrences / posts.Count:0.##} always-verify={matchScratch.Snapshot!.AlwaysVerify.Length} wildcards={matchScratch.Snapshot.Wildcards?.Count ?? 0}"));
    }

    private struct NullSink : ITermSink
    {
        public long Count;

        public void OnTerm(ReadOnlySpan<char> key, int position, int sourceStart, int sourceLength) => Count++;
    }
}
