using Chorus.Text.Matching;
using Chorus.Text.Query;

namespace Chorus.Text.Tests.Matching;

public class MatcherAgreementTests
{
    private static List<(string Id, ParsedQuery Query)> ValidQueries(RandomCorpus corpus, int count)
    {
        var queries = new List<(string, ParsedQuery)>();
        while (queries.Count < count)
        {
            var text = corpus.NextQuery();
            if (QueryParser.TryParse(text, out var parsed, out _))
            {
                queries.Add(($"q{queries.Count}", parsed!));
            }
        }
        return queries;
    }

    private static void AssertAgreement(QueryMatcher matcher, IReadOnlyList<(string Id, ParsedQuery Query)> queries, RandomCorpus corpus, int posts)
    {
        var scratch = matcher.CreateScratch();
        var matchesSeen = 0;
        for (var i = 0; i < posts; i++)
        {
            var post = corpus.NextPost();
            var compiled = matcher.Match(post, scratch).ToArray().Select(q => q.Id).ToList();
            var expected = queries.Where(q => ReferenceEvaluator.Matches(q.Query, post)).Select(q => q.Id).ToList();
            compiled.ShouldBe(expected, $"post: {post.Text} | title: {post.Title} | queries: {string.Join(" ; ", expected.Concat(compiled).Distinct().Select(id => id + "=" + queries.First(q => q.Id == id).Query.Text))}");
            matchesSeen += expected.Count;
        }
        matchesSeen.ShouldBeGreaterThan(posts / 2);
    }

    [Fact]
    public void Match_RandomQueriesAndPosts_AgreesWithReferenceEvaluator()
    {
        var corpus = new RandomCorpus(42);
        var queries = ValidQueries(corpus, 400);
        var matcher = new QueryMatcher();
        matcher.Apply(queries.Select(q => new QueryMatcher.Change(q.Id, q.Query.Text)));
        AssertAgreement(matcher, queries, corpus, 3000);
    }

    [Fact]
    public void Match_AfterAddReplaceRemoveOneByOne_AgreesWithReferenceEvaluator()
    {
        var corpus = new RandomCorpus(7);
        var queries = ValidQueries(corpus, 150);
        var matcher = new QueryMatcher();
        foreach (var (id, query) in queries)
        {
            matcher.AddOrReplace(id, query.Text);
        }
        var replacements = ValidQueries(new RandomCorpus(8), 50);
        for (var i = 0; i < 50; i++)
        {
            var id = queries[i * 3].Id;
            matcher.AddOrReplace(id, replacements[i].Query.Text);
            queries[i * 3] = (id, replacements[i].Query);
        }
        for (var i = 1; i < 150; i += 7)
        {
            matcher.Remove(queries[i].Id).ShouldBeTrue();
        }
        var remaining = queries.Where((_, i) => i % 7 != 1 || i == 0).ToList();
        matcher.Count.ShouldBe(remaining.Count);
        AssertAgreement(matcher, remaining, corpus, 1500);
    }

    [Fact]
    public async Task Match_WhileQueriesChangeOnAnotherThread_NeverFailsAndSeesConsistentSnapshots()
    {
        var corpus = new RandomCorpus(99);
        var matcher = new QueryMatcher();
        matcher.AddOrReplace("stable", "orange");
        var posts = Enumerable.Range(0, 200).Select(_ => corpus.NextPost()).Append(new Post { Text = "orange" }).ToList();
        var writerQueries = ValidQueries(new RandomCorpus(100), 300);
        using var cancellation = new CancellationTokenSource();
        // The writer starts only once both readers run, and each reader finishes at least one pass:
        // on a loaded two-core machine the writer could otherwise finish before a reader is scheduled.
        using var started = new CountdownEvent(2);
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var scratch = matcher.CreateScratch();
            var matched = 0;
            started.Signal();
            while (matched == 0 || !cancellation.IsCancellationRequested)
            {
                foreach (var post in posts)
                {
                    var results = matcher.Match(post, scratch);
                    if (post.Text == "orange")
                    {
                        results.ToArray().Select(q => q.Id).ShouldContain("stable");
                        matched++;
                    }
                }
            }
            return matched;
        })).ToArray();
        started.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
        foreach (var (id, query) in writerQueries)
        {
            matcher.AddOrReplace(id, query.Text);
        }
        foreach (var (id, _) in writerQueries.Take(100))
        {
            matcher.Remove(id);
        }
        cancellation.Cancel();
        var counts = await Task.WhenAll(readers);
        counts.ShouldAllBe(count => count > 0);
        matcher.Count.ShouldBe(201);
    }

    [Fact]
    public void Match_SteadyState_AllocatesNothingPerPost()
    {
        var corpus = new RandomCorpus(5);
        var matcher = new QueryMatcher();
        matcher.Apply(ValidQueries(corpus, 500).Select(q => new QueryMatcher.Change(q.Id, q.Query.Text)));
        var posts = Enumerable.Range(0, 500).Select(_ => corpus.NextPost()).ToList();
        var scratch = matcher.CreateScratch();
        var total = 0;
        foreach (var post in posts)
        {
            total += matcher.Match(post, scratch).Length;
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 3; round++)
        {
            foreach (var post in posts)
            {
                total += matcher.Match(post, scratch).Length;
            }
        }
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
        total.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Apply_BatchWithInvalidQueries_ChangesNothingAndNamesEveryId()
    {
        var matcher = new QueryMatcher();
        matcher.AddOrReplace("ok", "orange");
        var error = Should.Throw<QueryBatchException>(() => matcher.Apply([new("a", "free"), new("q7", "(orange"), new("q8", "NOT x")]));
        error.Errors.Select(e => e.Id).ShouldBe(["q7", "q8"]);
        error.Message.ShouldContain("q7: unbalanced parenthesis at column 1");
        matcher.Count.ShouldBe(1);
    }

    [Fact]
    public void Explain_NearInTheText_DoesNotReportTheSameWordInTheTitle()
    {
        var matcher = new QueryMatcher();
        var query = matcher.AddOrReplace("q1", "orange NEAR/0 panne");
        var scratch = matcher.CreateScratch();
        matcher.Match(new Post { Text = "orange panne", Title = "panne générale" }, scratch).Length.ShouldBe(1);
        var evidence = QueryMatcher.Explain(query, scratch);
        evidence.Select(e => $"{e.Term}|{e.Field}|{string.Join(",", e.Positions)}").ShouldBe(["orange|text|0", "panne|text|1"]);
    }

    [Fact]
    public void Explain_ReportsTermsFieldsAndPositions()
    {
        var matcher = new QueryMatcher();
        var query = matcher.AddOrReplace("q1", "orange NEAR/3 (réseau OR panne) lang:fr");
        var scratch = matcher.CreateScratch();
        var matches = matcher.Match(new Post { Text = "Hier, Orange a subi une panne", Lang = "fr" }, scratch);
        matches.Length.ShouldBe(1);
        var evidence = QueryMatcher.Explain(query, scratch);
        evidence.ShouldContain(e => e.Term == "orange" && e.Field == "text" && e.Positions.SequenceEqual(new[] { 1 }));
        evidence.ShouldContain(e => e.Term == "panne" && e.Positions.SequenceEqual(new[] { 5 }));
        evidence.ShouldContain(e => e.Term == "lang:fr" && e.Field == "lang");
        evidence.ShouldNotContain(e => e.Term == "réseau");
    }
}
