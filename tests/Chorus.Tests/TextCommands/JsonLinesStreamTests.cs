using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Chorus.Text.Language;
using Chorus.Text.Matching;
using Chorus.Text.Moderation;
using Chorus.Text.Sentiment;
using Chorus.TextCommands;

namespace Chorus.Tests.TextCommands;

/// <summary>
/// The streaming path of the text commands (UTF-8 batches answered on worker threads, written in order) against the
/// engine called in process on lines parsed as whole documents: the same bytes out, in the same order, for inputs
/// large enough to span many batches and read in uneven pieces as a pipe delivers them.
/// </summary>
public sealed class JsonLinesStreamTests : IDisposable
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Fragments =
    [
        "J'adore ce produit, génial !", "Worst purchase ever, total waste of money", "Le colis est arrivé mardi",
        "Grosse panne chez Orange ce matin", "free et sfr : panne du réseau", "pas mal du tout", "this is not good at all",
        "t'es qu'un encul3, je vais te tuer", "Gagnez 1000€ : cliquez ici https://bit.ly/xyz", "merci pour le partage",
        "Ça marche 👍🏽 super", "CAFÉ FERMÉ 😡😡", "l'appli plante, c'est nul", "loving the new ad ❤️", "#fail @orange",
        "Ich liebe dieses Produkt", "e.n.c.u.l.e", "rien à voir", "Tab\tand \"quotes\" and \\ backslash", "é", "",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("chorus-streams-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Posts written the many ways exporters write them: ids as numbers and strings, escapes, nulls, extra fields.</summary>
    private static List<string> SampleLines(int count, int seed)
    {
        var random = new Random(seed);
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var text = Fragments[random.Next(Fragments.Length)] + (random.Next(3) == 0 ? " " + Fragments[random.Next(Fragments.Length)] : "");
            var buffer = new MemoryStream();
            // Half the lines escape everything outside ASCII (\u00e9, surrogate pairs), as some exporters do.
            var options = random.Next(2) == 0 ? Relaxed : new JsonWriterOptions();
            using (var writer = new Utf8JsonWriter(buffer, options))
            {
                writer.WriteStartObject();
                switch (random.Next(5))
                {
                    case 0: writer.WriteNumber("id", i); break;
                    case 1: writer.WritePropertyName("id"); writer.WriteRawValue(i.ToString(CultureInfo.InvariantCulture) + ".0e0"); break;
                    case 2: writer.WriteString("id", "é-" + i.ToString(CultureInfo.InvariantCulture) + "\"q\""); break;
                    default: writer.WriteString("id", "p" + i.ToString(CultureInfo.InvariantCulture)); break;
                }
                writer.WriteString("text", text);
                switch (random.Next(4))
                {
                    case 0: writer.WriteString("lang", random.Next(2) == 0 ? "fr" : "en"); break;
                    case 1: writer.WriteNull("lang"); break;
                    case 2: writer.WriteString("lang", "de"); break;
                }
                if (random.Next(3) == 0)
                {
                    writer.WriteNumber("followers", random.Next(5000));
                    writer.WriteString("author", "@user" + random.Next(100));
                    writer.WriteString("title", Fragments[random.Next(Fragments.Length)]);
                }
                if (random.Next(4) == 0)
                {
                    writer.WriteStartObject("extra");
                    writer.WriteStartArray("a");
                    writer.WriteNumberValue(1);
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            }
            lines.Add(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        return lines;
    }

    /// <summary>Lines joined with every kind of line break, blank lines between some.</summary>
    private static byte[] Join(List<string> lines, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append(random.Next(10) switch { 0 => "\r\n", 1 => "\r", 2 => "\n  \n", _ => "\n" });
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>What the engine answers for each line, written as the command always wrote it.</summary>
    private static string Expected(List<string> lines, Action<JsonElement, Utf8JsonWriter> writeResult)
    {
        var output = new StringBuilder();
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Relaxed))
            {
                writer.WriteStartObject();
                writer.WritePropertyName("id");
                document.RootElement.GetProperty("id").WriteTo(writer);
                writeResult(document.RootElement, writer);
                writer.WriteEndObject();
            }
            output.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
        }
        return output.ToString();
    }

    private static string? Language(JsonElement root) =>
        root.TryGetProperty("lang", out var lang) && lang.ValueKind == JsonValueKind.String ? lang.GetString() : null;

    private static (int Exit, string Output, string Error) Run(Func<Stream, Stream, TextWriter, CancellationToken, int> command, byte[] input, int seed)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var exit = command(new PipeLikeStream(input, seed), output, error, CancellationToken.None);
        return (exit, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    [Fact]
    public void Sentiment_ManyBatchesReadInPieces_SameBytesAsTheEngineInProcessInInputOrder()
    {
        var lines = SampleLines(6_000, seed: 1);
        var (exit, output, error) = Run(SentimentCommand.Run, Join(lines, seed: 2), seed: 3);

        exit.ShouldBe(0, error);
        output.ShouldBe(Expected(lines, (root, writer) =>
        {
            var result = SentimentAnalyzer.Analyze(root.GetProperty("text").GetString(), Language(root));
            writer.WriteString("lang", result.Language);
            writer.WriteString("label", result.LabelName);
            writer.WriteNumber("score", Math.Round(result.Score, 4));
        }));
    }

    [Fact]
    public void LanguageAndModerate_ManyBatches_SameBytesAsTheEngineInProcess()
    {
        var lines = SampleLines(3_000, seed: 4);
        var input = Join(lines, seed: 5);

        var language = Run(LanguageCommand.Run, input, seed: 6);
        var moderation = Run(ModerateCommand.Run, input, seed: 7);

        language.Exit.ShouldBe(0, language.Error);
        language.Output.ShouldBe(Expected(lines, (root, writer) =>
        {
            var guess = LanguageIdentifier.Identify(root.GetProperty("text").GetString());
            writer.WriteString("lang", guess.Language);
            writer.WriteNumber("confidence", Math.Round(guess.Confidence, 4));
        }));
        moderation.Exit.ShouldBe(0, moderation.Error);
        // Lines with an author are compared, in input order, with the lines with an author before them.
        var recent = new RecentComments();
        moderation.Output.ShouldBe(Expected(lines, (root, writer) =>
        {
            var text = root.GetProperty("text").GetString()!;
            var author = root.TryGetProperty("author", out var name) ? name.GetString() : null;
            var score = ModerationScorer.Score(text, Language(root), author is null ? null : new CommentAuthor(author, null));
            if (author is not null)
            {
                var similar = recent.FindSimilar(text, author, "");
                recent.Add(text, author, "");
                score = ModerationScorer.WithDuplicates(score, similar);
            }
            writer.WriteNumber("toxicity", Math.Round(score.Toxicity, 4));
            writer.WriteNumber("spam", Math.Round(score.Spam, 4));
            writer.WriteNumber("insult", Math.Round(score.Insult, 4));
            writer.WriteNumber("threat", Math.Round(score.Threat, 4));
            writer.WriteNumber("identity_attack", Math.Round(score.IdentityAttack, 4));
            writer.WriteNumber("obscenity", Math.Round(score.Obscenity, 4));
            writer.WriteStartArray("reasons");
            foreach (var reason in score.Reasons)
            {
                writer.WriteStringValue(reason.ToString());
            }
            writer.WriteEndArray();
        }));
    }

    [Fact]
    public void Match_ManyBatchesOnWorkerThreads_SameBytesAsTheMatcherInProcessInInputOrder()
    {
        var queries = new (string Id, string Query)[]
        {
            ("q1", "orange NEAR/3 (réseau OR panne)"), ("q2", "free OR sfr"), ("q3", "lang:fr followers:>100"),
            ("q4", "title:panne"), ("q5", "adore* -nul"), ("q6", "\"waste of money\""), ("q7", "author:user1*"),
        };
        var path = Path.Combine(_directory, "queries.json");
        File.WriteAllText(path, JsonSerializer.Serialize(queries.Select(q => new { id = q.Id, query = q.Query })));
        var matcher = new QueryMatcher();
        matcher.Apply(queries.Select(q => new QueryMatcher.Change(q.Id, q.Query)));
        var scratch = matcher.CreateScratch();
        var lines = SampleLines(8_000, seed: 8);

        using var output = new MemoryStream();
        using var error = new StringWriter();
        var exit = MatchCommand.Run(path, explain: false, new PipeLikeStream(Join(lines, seed: 9), seed: 10), output, error);

        exit.ShouldBe(0, error.ToString());
        var expected = Expected(lines, (root, writer) =>
        {
            string? Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var post = new Post
            {
                Text = Field("text")!,
                Title = Field("title"),
                Author = Field("author"),
                Lang = Field("lang"),
                Followers = root.TryGetProperty("followers", out var followers) ? followers.GetInt64() : null,
            };
            writer.WriteStartArray("matches");
            foreach (var query in matcher.Match(post, scratch))
            {
                writer.WriteStringValue(query.Id);
            }
            writer.WriteEndArray();
        });
        var written = Encoding.UTF8.GetString(output.ToArray());
        written.ShouldBe(expected);
        written.ShouldContain("\"matches\":[\"q", Case.Sensitive);
    }

    [Fact]
    public void Sentiment_BadLineAfterManyBatches_WritesEveryEarlierLineThenNamesTheLine()
    {
        var lines = SampleLines(5_000, seed: 11);
        var input = string.Join('\n', lines.Take(4_321)) + "\n{\"id\": 1, \"text\": 5}\n" + string.Join('\n', lines.Skip(4_321)) + "\n";

        var (exit, output, error) = Run(SentimentCommand.Run, Encoding.UTF8.GetBytes(input), seed: 12);

        exit.ShouldBe(2);
        error.ShouldBe("line 4322: field \"text\" is missing or not a string" + Environment.NewLine);
        var written = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        written.Length.ShouldBe(4_321);
        written[^1].ShouldStartWith(Expected([lines[4_320]], (_, _) => { })[..^2]);
    }

    [Fact]
    public void Match_BadLineAfterManyBatches_StopsThereWithItsNumber()
    {
        var path = Path.Combine(_directory, "queries.json");
        File.WriteAllText(path, """[{"id": "q1", "query": "orange"}]""");
        var posts = string.Concat(Enumerable.Range(1, 9_000).Select(i => i == 7_777 ? "{\"id\": \"p\", \"text\": \"x\", \"followers\": 1.5}\n" : $$"""{"id": {{i}}, "text": "Orange {{i}}"}""" + "\n"));

        using var output = new MemoryStream();
        using var error = new StringWriter();
        var exit = MatchCommand.Run(path, explain: false, new PipeLikeStream(Encoding.UTF8.GetBytes(posts), seed: 13), output, error);

        exit.ShouldBe(2);
        error.ToString().ShouldBe("line 7777: 'followers' must be an integer" + Environment.NewLine);
        var written = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        written.Length.ShouldBe(7_776);
        written[^1].ShouldBe("{\"id\":7776,\"matches\":[\"q1\"]}");
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    public void Commands_InputWithAByteOrderMark_ReadInItsEncoding(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var input = encoding.GetPreamble().Concat(encoding.GetBytes("{\"id\":\"p1\",\"text\":\"J'adore ce café\"}\n")).ToArray();
        var path = Path.Combine(_directory, "queries.json");
        File.WriteAllText(path, """[{"id": "q1", "query": "café"}]""");

        using var matched = new MemoryStream();
        MatchCommand.Run(path, explain: false, new MemoryStream(input), matched, TextWriter.Null).ShouldBe(0);
        var (exit, output, error) = Run(SentimentCommand.Run, input, seed: 14);

        Encoding.UTF8.GetString(matched.ToArray()).ShouldBe("{\"id\":\"p1\",\"matches\":[\"q1\"]}\n");
        exit.ShouldBe(0, error);
        output.ShouldStartWith("{\"id\":\"p1\",\"lang\":\"fr\",\"label\":\"positive\"");
    }

    [Fact]
    public void Sentiment_BytesThatAreNotUtf8_BecomeReplacementCharacters()
    {
        var input = "{\"id\":\"a\",\"text\":\"caf"u8.ToArray().Concat(new byte[] { 0xE9, 0x20, 0xFF }).Concat("\"}\n"u8.ToArray()).ToArray();

        var (exit, output, error) = Run(SentimentCommand.Run, input, seed: 15);

        exit.ShouldBe(0, error);
        var result = SentimentAnalyzer.Analyze("caf\uFFFD \uFFFD");
        output.ShouldBe($"{{\"id\":\"a\",\"lang\":\"{result.Language}\",\"label\":\"{result.LabelName}\",\"score\":{Math.Round(result.Score, 4).ToString(CultureInfo.InvariantCulture)}}}\n");
    }

    [Fact]
    public void Sentiment_LineLongerThanABatch_IsReadWhole()
    {
        var text = string.Concat(Enumerable.Repeat("vraiment génial ", 40_000));
        var input = Encoding.UTF8.GetBytes($"{{\"id\":1,\"text\":\"{text}\",\"lang\":\"fr\"}}\n{{\"id\":2,\"text\":\"nul\",\"lang\":\"fr\"}}");

        var (exit, output, error) = Run(SentimentCommand.Run, input, seed: 16);

        exit.ShouldBe(0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        using var first = JsonDocument.Parse(lines[0]);
        first.RootElement.GetProperty("score").GetDouble().ShouldBe(Math.Round(SentimentAnalyzer.Analyze(text, "fr").Score, 4));
        lines[1].ShouldStartWith("{\"id\":2,");
    }

    [Fact]
    public void Sentiment_LinesOnlyOfUnicodeSpaces_AreSkippedAsBlank()
    {
        var (exit, output, error) = Run(SentimentCommand.Run, Encoding.UTF8.GetBytes("\u00A0\u2003\n\t\n{\"id\":1,\"text\":\"ok\"}\n"), seed: 17);

        exit.ShouldBe(0, error);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1);
    }

    /// <summary>A pipe: reads return what has "arrived", in pieces of uneven size that cut lines and "\r\n" anywhere.</summary>
    private sealed class PipeLikeStream(byte[] data, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(Math.Min(buffer.Length, data.Length - _position), _random.Next(4) == 0 ? _random.Next(1, 8) : _random.Next(1, 70_000));
            data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
