using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Chorus.Bench.Match;

namespace Chorus.Bench.Cli;

/// <summary>
/// <c>cli-corpus DIR [--posts N] [--queries N]</c>: writes the generated FR/EN corpus of the match bench as the
/// files the command-line benchmark feeds to <c>chorus</c> and to its peers: <c>posts.jsonl</c> (what
/// <c>chorus match</c> and <c>chorus sentiment</c> read), <c>queries.json</c> (<c>chorus match --queries</c>),
/// <c>lucene-queries.txt</c> and <c>lucene-posts.tsv</c> (the same queries and posts for the Lucene peer).
/// </summary>
internal static class CliCorpus
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine("usage: cli-corpus DIR [--posts N] [--queries N]");
            return 2;
        }
        var directory = Directory.CreateDirectory(args[0]).FullName;
        var postCount = IntOption(args, "--posts", 200_000);
        var queryCount = IntOption(args, "--queries", 10_000);

        // Same seed and brand list as `match`, so the queries and posts are those of the in-process bench.
        var corpus = new BenchCorpus(20261121);
        corpus.MakeBrands(Math.Max(500, queryCount / 2));
        var queries = corpus.Queries(queryCount);
        var posts = corpus.Posts(postCount);

        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var stream = File.Create(Path.Combine(directory, "queries.json")))
        using (var writer = new Utf8JsonWriter(stream, options))
        {
            writer.WriteStartArray();
            foreach (var query in queries)
            {
                writer.WriteStartObject();
                writer.WriteString("id", query.Id);
                writer.WriteString("query", query.Chorus);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        File.WriteAllLines(Path.Combine(directory, "lucene-queries.txt"), queries.Select(q => q.Lucene));

        using (var stream = new BufferedStream(File.Create(Path.Combine(directory, "posts.jsonl")), 1 << 16))
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using var writer = new Utf8JsonWriter(buffer, options);
            for (var i = 0; i < posts.Count; i++)
            {
                var post = posts[i];
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                writer.WriteStartObject();
                // Half the ids are numbers, as exporters write them; the command echoes both kinds as given.
                if (i % 2 == 0)
                {
                    writer.WriteNumber("id", i + 1);
                }
                else
                {
                    writer.WriteString("id", "p" + (i + 1).ToString(CultureInfo.InvariantCulture));
                }
                writer.WriteString("text", post.Text);
                writer.WriteString("lang", post.Lang);
                writer.WriteString("author", post.Author);
                writer.WriteNumber("followers", post.Followers!.Value);
                writer.WriteString("source", post.Source);
                if (post.Url is { } url)
                {
                    writer.WriteString("url", url);
                }
                writer.WriteEndObject();
                writer.Flush();
                stream.Write(buffer.WrittenSpan);
                stream.WriteByte((byte)'\n');
            }
        }
        File.WriteAllLines(Path.Combine(directory, "lucene-posts.tsv"), posts.Select(p => p.Lang + "\t" + p.Text.Replace('\t', ' ').Replace('\n', ' ')));
        Console.WriteLine($"{directory}: {posts.Count:N0} posts, {queries.Count:N0} queries");
        return 0;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
