using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Chorus.TextCommands;

/// <summary>Input line of the text commands: its text (valid until the next line) and optional language.</summary>
internal readonly ref struct TextLine(ReadOnlySpan<char> text, string? language)
{
    public ReadOnlySpan<char> Text { get; } = text;

    public string? Language { get; } = language;
}

/// <summary>Writes a command's fields for one line, after its id.</summary>
internal delegate void TextResultWriter(TextLine line, Utf8JsonWriter writer);

/// <summary>
/// Reads JSON lines (<c>{"id", "text", "lang"?}</c>) and writes one JSON line per input line, in
/// order. Blank lines are skipped. Stops at the first bad line with exit code 2 and a message naming
/// the line number and field (lines before it have already been written).
/// </summary>
internal static class JsonLinesProcessor
{
    // Output stays readable for French text ("insult: enculé", not "\u00e9"); still valid JSON.
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static int Run(Stream input, Stream output, TextWriter error, TextResultWriter writeResult, CancellationToken cancellationToken = default) =>
        OrderedLinePipeline.Run(input, output, error, () => new LineAnswerer(writeResult), cancellationToken);

    /// <summary>One worker's reader and writer.</summary>
    private sealed class LineAnswerer(TextResultWriter writeResult) : ILineProcessor
    {
        private readonly TextLineReader _reader = new(readsCommentFields: false);
        private readonly Utf8JsonWriter _writer = new(new ArrayBufferWriter<byte>(1), WriterOptions);

        public string? Process(ReadOnlySpan<byte> line, ArrayBufferWriter<byte> output)
        {
            if (_reader.Read(line) is { } problem)
            {
                return problem;
            }
            _writer.Reset(output);
            _writer.WriteStartObject();
            _reader.WriteId(_writer);
            writeResult(new TextLine(_reader.Text, _reader.Language), _writer);
            _writer.WriteEndObject();
            _writer.Flush();
            output.GetSpan(1)[0] = (byte)'\n';
            output.Advance(1);
            return null;
        }
    }

    /// <summary>Decodes the string the reader is on into <paramref name="buffer"/>, grown when needed; its length.</summary>
    internal static int CopyString(ref Utf8JsonReader reader, ref char[] buffer)
    {
        // A UTF-8 string never has more UTF-16 chars than bytes, escaped or not.
        if (buffer.Length < reader.ValueSpan.Length)
        {
            buffer = new char[Math.Max(reader.ValueSpan.Length, buffer.Length * 2)];
        }
        return reader.CopyString(buffer);
    }
}
