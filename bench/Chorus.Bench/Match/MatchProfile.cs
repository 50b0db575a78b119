using System.Globalization;
using Chorus.Text.Matching;
using Chorus.Text.Tokens;

namespace Chorus.Bench.Match;

/// <summary>
/// Breaks a matching run down (<c>--profile</c>): tokenizing alone, a matcher without queries, the real matcher,
/// verification alone, and the presearch figures (candidates per post).
/// </summary>
internal static class MatchProfile
{
    public static void Print(QueryMatcher matcher, List<Post> posts)
    {
        var tokenizerScratch = new TokenizerScratch();
        var sink = new CountingSink();
        var tokenizeRate = PostsPerCpuSecond(posts, post => Tokenizer.Tokenize(post.Text, ref sink, tokenizerScratch));
        sink.Count = 0;
        foreach (var post in posts)
        {
            Tokenizer.Tokenize(post.Text, ref sink, tokenizerScratch);
        }
        var formsPerPost = (double)sink.Count / posts.Count;

        var empty = new QueryMatcher();
        var emptyScratch = empty.CreateScratch();
        var emptyRate = PostsPerCpuSecond(posts, post => empty.Match(post, emptyScratch));

        var scratch = matcher.CreateScratch();
        var matcherRate = PostsPerCpuSecond(posts, post => matcher.Match(post, scratch));

        long candidates = 0, touched = 0, verified = 0, matched = 0;
        double verifySeconds = 0;
        const int rounds = 20;
        foreach (var post in posts)
        {
            matcher.Match(post, scratch);
            candidates += scratch.CandidateCount;
            matched += scratch.MatchedCount;
            touched += scratch.TouchedCount;
            // The scratch still holds this post's occurrences: verify its candidates again, alone.
            var start = ThreadCpuClock.Seconds();
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < scratch.CandidateCount; i++)
                {
                    verified += QueryProgram.Matches(scratch.Candidates[i].Program, scratch.Candidates[i].Query, scratch) ? 1 : 0;
                }
            }
            verifySeconds += ThreadCpuClock.Seconds() - start;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profile chars/post={posts.Average(p => p.Text.Length):0} tokenize-only posts/cpu-s={tokenizeRate:N0} forms/post={formsPerPost:0.#} | no-query matcher posts/cpu-s={emptyRate:N0} | matcher posts/cpu-s={matcherRate:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profile matches/post={(double)matched / posts.Count:0.###} verified-candidates/post={(double)candidates / posts.Count:0.##} touched-terms/post={(double)touched / posts.Count:0.##} verification ns/post={verifySeconds / rounds / posts.Count * 1e9:N0} verified-true/post={(double)verified / rounds / posts.Count:0.###} always-verify={scratch.Snapshot!.AlwaysVerify.Length} wildcards={scratch.Snapshot.Wildcards?.Count ?? 0}"));
    }

    private static double PostsPerCpuSecond(List<Post> posts, Action<Post> work)
    {
        var start = ThreadCpuClock.Seconds();
        long processed = 0;
        while (ThreadCpuClock.Seconds() - start < 2)
        {
            foreach (var post in posts)
            {
                work(post);
            }
            processed += posts.Count;
        }
        return processed / (ThreadCpuClock.Seconds() - start);
    }

    private sealed class CountingSink : ITermSink
    {
        public long Count;

        public void OnTerm(ReadOnlySpan<char> key, int position, int sourceStart, int sourceLength) => Count++;
    }
}
