using Chorus.Text.Matching;
using Chorus.Text.Query;

namespace Chorus.Text.Tests.Matching;

/// <summary>Runs a query through the compiled matcher and the reference evaluator and insists they agree.</summary>
internal static class QueryCheck
{
    public static bool Matches(string query, string text) => Matches(query, new Post { Text = text });

    public static bool Matches(string query, Post post)
    {
        var matcher = new QueryMatcher();
        matcher.AddOrReplace("q", query);
        var compiled = matcher.Match(post, matcher.CreateScratch()).Length == 1;
        var reference = ReferenceEvaluator.Matches(QueryParser.Parse(query), post);
        compiled.ShouldBe(reference, $"compiled and reference disagree on query {query} for text {post.Text}");
        return compiled;
    }

    public static QueryParseException Rejects(string query) => Should.Throw<QueryParseException>(() => QueryParser.Parse(query));
}
