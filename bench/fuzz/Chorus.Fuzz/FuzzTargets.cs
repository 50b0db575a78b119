using System.Diagnostics;
using System.Text;
using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Feeds;
using Chorus.Text.Matching;
using Chorus.Text.Query;

namespace Chorus.Fuzz;

/// <summary>An input broke a parser's promise: an exception of another type, an error without a position, or too slow.</summary>
internal sealed class BrokenPromiseException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The parsers fed with untrusted text, each with its promise: the input parses, or the parser's own error comes back
/// with its position, within <see cref="Bound"/>. Anything else escapes as an exception, which the fuzzer records as a crash.
/// </summary>
internal static class FuzzTargets
{
    /// <summary>Per input of up to 64 KB, in a Release build.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    private static readonly Uri FeedUrl = new("https://feeds.example.org/news/feed.xml");

    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>
    {
        ["query"] = Query,
        ["feed"] = Feed,
        ["opml"] = Opml,
        ["html"] = Html,
    };

    /// <summary>Runs <paramref name="target"/> on <paramref name="input"/> and checks the time bound.</summary>
    public static void Check(Action<byte[]> target, byte[] input)
    {
        var clock = Stopwatch.StartNew();
        target(input);
        if (clock.Elapsed > Bound)
        {
            throw new BrokenPromiseException($"{clock.Elapsed.TotalMilliseconds:F0} ms for an input of {input.Length} bytes (bound {Bound.TotalMilliseconds} ms)");
        }
    }

    private static void Query(byte[] input)
    {
        var query = Encoding.UTF8.GetString(input);
        ParsedQuery parsed;
        try
        {
            parsed = QueryParser.Parse(query);
        }
        catch (QueryParseException error)
        {
            if (error.Column < 0 || error.Column > query.Length + 1)
            {
                throw new BrokenPromiseException($"column {error.Column} outside a query of {query.Length} characters", error);
            }
            return;
        }

        var matcher = new QueryMatcher();
        var compiled = matcher.AddOrReplace("q", parsed.Text);
        var scratch = matcher.CreateScratch();
        foreach (var post in SamplePosts.All)
        {
            if (matcher.Match(post, scratch).Length == 1)
            {
                QueryMatcher.Explain(compiled, scratch);
            }
        }
    }

    private static void Feed(byte[] input)
    {
        try
        {
            var feed = FeedParser.Parse(input, null, FeedUrl);
            if (feed.Problems.Any(p => p.Line < 0 || p.Column < 0) || feed.Items.Any(i => string.IsNullOrWhiteSpace(i.Id)))
            {
                throw new BrokenPromiseException("a problem with a negative position or an item without id");
            }
        }
        catch (FeedFormatException error) when (error.Line >= 0 && error.Column >= 0)
        {
        }
    }

    private static void Opml(byte[] input)
    {
        try
        {
            var import = OpmlImporter.Import(Encoding.UTF8.GetString(input));
            if (import.Feeds.Any(f => f.FeedUrl.Scheme is not ("http" or "https")) || import.Problems.Any(p => p.Line < 0))
            {
                throw new BrokenPromiseException("a feed that is not http(s) or a problem with a negative line");
            }
        }
        catch (FeedFormatException error) when (error.Line >= 0 && error.Column >= 0)
        {
        }
    }

    private static void Html(byte[] input) => UntrustedHtml.ToPlainText(Encoding.UTF8.GetString(input));

    /// <summary>
    /// Posts to match compiled queries against. A class of its own so that they are built at the first query, inside the
    /// fuzzing loop: instrumented code run before SharpFuzz has set up AFL's shared memory crashes the process.
    /// </summary>
    private static class SamplePosts
    {
        public static readonly Post[] All =
        [
            new() { Text = "Panne du réseau Orange chez moi, l'iPhone aussi #orange @orange_fr $AAPL 👍🏽 e-mail café", Title = "Orange réseau", Lang = "fr", Author = "alice", Url = "https://www.lemonde.fr/economie/a", Followers = 1200, Verified = true, HasLinks = true },
            new() { Text = "cafe\u0301 aujourd'hui orange orange a b c x", Lang = "en", Author = "@bob", Followers = 0, Kind = "reply", Source = "bluesky", Country = "fr" },
        ];
    }
}
