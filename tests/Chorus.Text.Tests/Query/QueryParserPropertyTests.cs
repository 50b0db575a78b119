using Chorus.Testing;
using Chorus.Text.Matching;
using Chorus.Text.Query;
using Chorus.Text.Tests.Matching;
using CsCheck;

namespace Chorus.Text.Tests.Query;

/// <summary>
/// Any string either parses, and then compiles and matches as the reference evaluator says, or is rejected with a
/// <see cref="QueryParseException"/> whose column lies inside the query; never another exception, never slowly.
/// The inputs are near-valid: grammar fragments put together with random operators, quotes, brackets and fields.
/// </summary>
public class QueryParserPropertyTests
{
    // CPU time of the test's thread, in Debug: generous for a few kilobytes; quadratic work on 20 KB blows through it.
    private static readonly TimeSpan PerInputBound = TimeSpan.FromSeconds(1);

    private static readonly string[] Words =
    [
        "orange", "Orange", "réseau", "cafe", "café", "cafe\u0301", "l'iPhone", "d’Orange", "aujourd'hui", "e-mail", "#orange",
        "@orange", "$AAPL", "orange_fr", "#orange_fr", "oran*", "caf?", "*", "?", "a*", "x", "👍", "👍🏽", "\ud83d", "\ude0d",
        "\0", "\u0301", "\u200d", "\ufeff", "\uffff", "and", "or", "not", "near/2", "TO", "https://a.fr/x", "lemonde.fr",
        "www.a.com", "1000", "-1", "9223372036854775808", "\u202e", "ǅ", "İ", "ß",
    ];

    private static readonly string[] Operators =
    [
        "AND", "OR", "NOT", "-", "+", "NEAR/0", "NEAR/3", "NEAR/3f", "ONEAR/1", "NEAR/1000", "NEAR/1001", "NEAR/", "NEAR",
        "ONEAR", "NEAR/x", "NEAR/00003",
    ];

    private static readonly string[] Fields =
    [
        "author:", "site:", "url:", "title:", "lang:", "language:", "country:", "source:", "kind:", "followers:", "verified:",
        "has:", "TITLE:", "auteur:", "https:", "site:*.", "author:@",
    ];

    private static readonly string[] NumberSpecs =
    [
        ">1000", ">=0", "<5", "<=-3", "12", "=7", "[10 TO 500]", "[* TO *]", "[500 TO 10]", "[1 to 2]", "[1 TO", "[1 2]",
        ">9223372036854775807", "<-9223372036854775808", "[-9223372036854775808 TO 9223372036854775807]", ">", "[", "[ TO ]",
        ">99999999999999999999",
    ];

    private static readonly string[] Punctuation = ["(", ")", "\"", "{", "}", "~", "~2", "~10000", "<<<", ">>>", ":", "[", "]", "*", "?"];

    private static readonly Gen<string> Space = Gen.OneOf(" ", " ", " ", "", "  ", "\t", "\n", "\u00a0", "\u3000");

    private static readonly Gen<string> Word = Gen.Frequency(
        (6, Gen.OneOf(Words)),
        (2, Gen.String[Gen.Char["aeiouéAE*?'’_-.#@$0123456789"], 1, 8]),
        (1, Gen.String[Gen.Char, 1, 4]));

    private static readonly Gen<string> Fragment = Gen.Frequency(
        (8, Word),
        (3, Gen.OneOf(Operators)),
        (3, Gen.OneOf(Punctuation)),
        (2, Gen.Select(Gen.OneOf(Fields), Word, (field, value) => field + value)),
        (1, Gen.Select(Gen.OneOf("followers:", "FOLLOWERS:"), Gen.OneOf(NumberSpecs), (field, spec) => field + spec)),
        (1, Gen.Select(Gen.OneOf("verified:", "has:"), Gen.OneOf("true", "false", "links", "media", "yes", "", "(true)"), (field, value) => field + value)),
        (2, Gen.Select(Word, Word, Gen.OneOf("", "~", "~0", "~3", "~1001", "~99999"), (a, b, slop) => $"\"{a} {b}\"{slop}")),
        (1, Word.Select(w => "{" + w + "}")),
        (1, Word.Select(w => "<<<" + w + ">>>")));

    /// <summary>A query built from the grammar's fragments, with groups that may or may not close.</summary>
    private static readonly Gen<string> NearValidQuery = Gen.Recursive<string>((depth, inner) => depth >= 4
        ? Fragment
        : Gen.Frequency(
            (5, Fragment),
            (3, Gen.Select(inner, Space, Gen.OneOf(Operators), Space, inner, (a, s1, op, s2, b) => a + s1 + op + s2 + b)),
            (3, Gen.Select(inner, Space, inner, (a, s, b) => a + s + b)),
            (2, Gen.Select(Gen.OneOf("(", "(", "((", ""), inner, Gen.OneOf(")", ")", "))", ""), (open, body, close) => open + body + close)),
            (1, Gen.Select(Gen.OneOf(Fields), Gen.OneOf("(", "(("), inner, Gen.OneOf(")", ""), (field, open, body, close) => field + open + body + close))));

    /// <summary>Deep or long inputs: nothing may recurse without bound or slow down quadratically on them.</summary>
    private static readonly Gen<string> DeepQuery = Gen.Select(Gen.Int[1, 20_000], Gen.Int[0, 9], (n, shape) => shape switch
    {
        0 => new string('(', n) + "a" + new string(')', n),
        1 => string.Concat(Enumerable.Repeat("NOT ", n)) + "a",
        2 => new string('-', n) + "a",
        3 => "a" + string.Concat(Enumerable.Repeat(" OR a", Math.Min(n, 4000))),
        4 => "a" + string.Concat(Enumerable.Repeat(" NEAR/1 a", Math.Min(n, 4000))),
        5 => string.Concat(Enumerable.Repeat("title:(", Math.Min(n, 4000))) + "a",
        6 => string.Concat(Enumerable.Repeat("author:(a OR ", Math.Min(n, 4000))) + "b" + new string(')', Math.Min(n, 4000)),
        7 => new string('"', n),
        8 => string.Concat(Enumerable.Repeat("<<<", n)),
        _ => "a" + string.Concat(Enumerable.Repeat(" a*b?c*", Math.Min(n, 4000))),
    });

    private static readonly Post[] Posts =
    [
        new() { Text = "Panne du réseau Orange chez moi, l'iPhone aussi #orange @orange_fr $AAPL 👍🏽 e-mail café", Title = "Orange réseau", Lang = "fr", Author = "alice", Url = "https://www.lemonde.fr/economie/a", Followers = 1200, Verified = true, HasLinks = true },
        new() { Text = "cafe\u0301 aujourd'hui orange orange orange a b c x", Lang = "en", Author = "@bob", Followers = 0, Kind = "reply", Source = "bluesky", Country = "fr" },
        new() { Text = "\0\ud83d\u0301 \ufeff a*b ?" },
    ];

    [Fact]
    public void Parse_NearValidQueries_ParsesOrRejectsWithAColumn() =>
        NearValidQuery.Sample(AssertParsesOrRejects, iter: 4000, print: Shown);

    [Fact]
    public void Parse_DeepOrRepeatedQueries_ParsesOrRejectsInTime() =>
        DeepQuery.Sample(AssertParsesOrRejects, iter: 150, print: Shown);

    [Fact]
    public void Parse_ArbitraryCharacters_ParsesOrRejectsWithAColumn() =>
        Gen.String[Gen.Char, 0, 200].Sample(AssertParsesOrRejects, iter: 3000, print: Shown);

    private static string Shown(string query) =>
        query.Length <= 300 ? query : $"{query[..300]}… ({query.Length} characters)";

    private static void AssertParsesOrRejects(string query)
    {
        var spent = ThreadCpuTime.Of(() => ParsesOrRejects(query));
        spent.ShouldBeLessThan(PerInputBound, $"CPU time for a query of {query.Length} characters");
    }

    private static void ParsesOrRejects(string query)
    {
        ParsedQuery parsed;
        try
        {
            parsed = QueryParser.Parse(query);
        }
        catch (QueryParseException error)
        {
            // Columns count characters as a person sees them, so the end of the query is at most length + 1.
            error.Column.ShouldBeInRange(0, query.Length + 1);
            error.Reason.ShouldNotBeNullOrWhiteSpace();
            (error.Column == 0 || error.Message.EndsWith($" at column {error.Column}", StringComparison.Ordinal)).ShouldBeTrue(error.Message);
            return;
        }

        parsed.Warnings.ShouldAllBe(w => w.Column >= 1 && w.Column <= query.Length + 1);
        var matcher = new QueryMatcher();
        matcher.AddOrReplace("q", query);
        var scratch = matcher.CreateScratch();
        foreach (var post in Posts)
        {
            var matched = matcher.Match(post, scratch).Length == 1;
            matched.ShouldBe(ReferenceEvaluator.Matches(parsed, post), $"compiled matcher and reference evaluator disagree on {post.Text}");
            if (matched)
            {
                // Explaining walks the compiled tree again; it must not throw on anything the compiler accepted.
                QueryMatcher.Explain(matcher.Get("q")!, scratch);
            }
        }
    }
}
