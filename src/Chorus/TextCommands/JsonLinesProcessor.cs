using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Chorus.TextCommands;

/// <summary>Input line of the text commands: its id (echoed as given, string or number), text and optional language.</summary>
internal readonly record struct TextLine(JsonElement Id, string Text, string? Language);

/// <summary>Thrown when an input line is unusable; the message names the line and field.</summary>
internal sealed class BadInputException(string message) : Exception(message);

/// <summary>
/// Reads JSON lines (<c>{"id", "text", "lang"?}</c>) and writes one JSON line per input line, in
/// order. Blank lines are skipped. Stops at the first bad line with exit code 2 and a message naming
/// the line number and field (lines before it have already been written).
/// </summary>
internal static class JsonLinesProcessor
{
    // Output stays readable for French text ("insult: enculé", not "\u00e9"); still valid JSON.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(TextReader input, TextWriter output, TextWriter error, Action<TextLine, Utf8JsonWriter> writeResult)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var lineNumber = 0;
        try
        {
            while (input.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                var parsed = Parse(line, lineNumber, out var document);
                using (document)
                {
                    buffer.Clear();
                    using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
                    {
                        writer.WriteStartObject();
                        writer.WritePropertyName("id");
                        parsed.Id.WriteTo(writer);
                        writeResult(parsed, writer);
                        writer.WriteEndObject();
                    }
                    output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
                }
            }
            output.Flush();
            return 0;
        }
        catch (BadInputException e)
        {
            output.Flush();
            error.WriteLine(e.Message);
            return 2;
        }
    }

    private static BadInputException Fail(JsonDocument document, string message)
    {
        document.Dispose();
        return new BadInputException(message);
    }

    private static TextLine Parse(string line, int lineNumber, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new BadInputException($"line {lineNumber}: invalid JSON ({e.Message})");
        }
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Fail(document, $"line {lineNumber}: expected a JSON object, got {root.ValueKind}");
        }
        if (!root.TryGetProperty("id", out var id) || id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            throw Fail(document, $"line {lineNumber}: field \"id\" is missing or not a string or number");
        }
        if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
        {
            throw Fail(document, $"line {lineNumber}: field \"text\" is missing or not a string");
        }
        string? language = null;
        if (root.TryGetProperty("lang", out var lang) && lang.ValueKind != JsonValueKind.Null)
        {
            if (lang.ValueKind != JsonValueKind.String)
            {
                throw Fail(document, $"line {lineNumber}: field \"lang\" must be a string (ISO 639-1 code such as \"fr\") or null");
            }
            language = lang.GetString();
        }
        return new TextLine(id, text.GetString()!, language);
    }
}
