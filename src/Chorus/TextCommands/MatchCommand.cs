using System.Buffers;
using System.CommandLine;
using System.Text.Json;
using Chorus.Text.Matching;

namespace Chorus.TextCommands;

/// <summary>
/// <c>chorus match --queries QUERIES.json [--explain]</c>: matches JSON-lines posts from standard input against
/// saved listening queries and writes one JSON line per post, in input order.
/// </summary>
public static class MatchCommand
{
    private const int BadInput = 2;

    /// <summary>The command, ready to be added to the root command.</summary>
    public static Command Create()
    {
        var queries = new Option<string>("--queries") { Description = "JSON file: [{\"id\": \"q1\", \"query\": \"...\"}, ...]", Required = true };
        var explain = new Option<bool>("--explain") { Description = "Add, per match, the terms and token positions that satisfied the query" };
        var command = new Command("match", "Match posts (JSON lines on standard input) against listening queries");
        command.Options.Add(queries);
        command.Options.Add(explain);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
        {
            using var input = Console.OpenStandardInput();
            using var output = Console.OpenStandardOutput();
            return Task.FromResult(Run(result.GetValue(queries)!, result.GetValue(explain), input, output, Console.Error, cancellationToken));
        });
        return command;
    }

    /// <summary>Does the work; returns the exit code (0 ok, 2 bad input, 1 failure).</summary>
    public static int Run(string queriesPath, bool explain, Stream input, Stream output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var matcher = LoadQueries(queriesPath, error);
        if (matcher is null)
        {
            return BadInput;
        }
        try
        {
            // The matcher's snapshot is shared by the workers; each has its own scratch.
            return OrderedLinePipeline.Run(input, output, error, () => new PostMatcher(matcher, explain), cancellationToken);
        }
        catch (IOException e)
        {
            error.WriteLine($"match failed: {e.Message}");
            return 1;
        }
    }

    private static QueryMatcher? LoadQueries(string path, TextWriter error)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"cannot read queries file '{path}': {e.Message}");
            return null;
        }
        var changes = new List<QueryMatcher.Change>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            // Editors on some systems start the file with a byte order mark; it is not JSON.
            using var document = JsonDocument.Parse(bytes.AsMemory(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0));
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                error.WriteLine($"queries file '{path}' must hold a JSON array of {{\"id\", \"query\"}} objects");
                return null;
            }
            var index = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                index++;
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    error.WriteLine($"queries file '{path}', entry {index}: must be an object with 'id' and 'query'");
                    return null;
                }
                var id = StringProperty(entry, "id");
                var query = StringProperty(entry, "query");
                if (id is null || query is null)
                {
                    error.WriteLine($"queries file '{path}', entry {index}: '{(id is null ? "id" : "query")}' is missing or not a string");
                    return null;
                }
                if (!seen.Add(id))
                {
                    error.WriteLine($"queries file '{path}', entry {index}: duplicate id '{id}'");
                    return null;
                }
                changes.Add(new QueryMatcher.Change(id, query));
            }
        }
        catch (JsonException e)
        {
            error.WriteLine($"queries file '{path}' is not valid JSON: {e.Message}");
            return null;
        }
        var matcher = new QueryMatcher();
        try
        {
            // About 5 KB allocated per query, most of it kept (bench/Chorus.Bench cli-startup).
            using (NoCollectionRegion.Start(changes.Count * 8L * 1024))
            {
                matcher.Apply(changes);
            }
        }
        catch (QueryBatchException e)
        {
            foreach (var (id, parseError) in e.Errors)
            {
                error.WriteLine($"{id}: {parseError.Message}");
            }
            return null;
        }
        foreach (var change in changes)
        {
            foreach (var warning in matcher.Get(change.Id)!.Parsed.Warnings)
            {
                error.WriteLine($"{change.Id}: warning: {warning}");
            }
        }
        return matcher;
    }

    private static string? StringProperty(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>One worker: reads a post, matches it with its own scratch, writes its line.</summary>
    private sealed class PostMatcher(QueryMatcher matcher, bool explain) : ILineProcessor
    {
        private readonly MatchScratch _scratch = matcher.CreateScratch();
        private readonly PostLineReader _reader = new();
        private readonly Utf8JsonWriter _writer = new(new ArrayBufferWriter<byte>(1), JsonLinesProcessor.WriterOptions);

        public string? Process(ReadOnlySpan<byte> line, ArrayBufferWriter<byte> output)
        {
            if (!_reader.TryRead(line, out var post, out var problem))
            {
                return problem;
            }
            var matches = matcher.Match(post!, _scratch);
            var writer = _writer;
            writer.Reset(output);
            writer.WriteStartObject();
            if (_reader.IdIsNumber)
            {
                writer.WritePropertyName("id"u8);
                writer.WriteRawValue(_reader.Id, skipInputValidation: true);
            }
            else
            {
                writer.WriteString("id"u8, _reader.Id);
            }
            writer.WriteStartArray("matches"u8);
            foreach (var query in matches)
            {
                writer.WriteStringValue(query.Id);
            }
            writer.WriteEndArray();
            if (explain)
            {
                WriteExplain(writer, matches, _scratch);
            }
            writer.WriteEndObject();
            writer.Flush();
            output.GetSpan(1)[0] = (byte)'\n';
            output.Advance(1);
            return null;
        }
    }

    private static void WriteExplain(Utf8JsonWriter writer, ReadOnlySpan<CompiledQuery> matches, MatchScratch scratch)
    {
        writer.WriteStartObject("explain"u8);
        foreach (var query in matches)
        {
            writer.WriteStartArray(query.Id);
            foreach (var evidence in QueryMatcher.Explain(query, scratch))
            {
                writer.WriteStartObject();
                writer.WriteString("term"u8, evidence.Term);
                writer.WriteString("field"u8, evidence.Field);
                writer.WriteStartArray("positions"u8);
                foreach (var position in evidence.Positions)
                {
                    writer.WriteNumberValue(position);
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}
