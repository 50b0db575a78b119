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

    /// <summary>
    /// One worker's parser and writer. The line is read once, forward only; as a parsed document would, it must be
    /// valid JSON as a whole before its fields are judged, and a field given twice counts with its last value.
    /// </summary>
    private sealed class LineAnswerer(TextResultWriter writeResult) : ILineProcessor
    {
        private readonly Utf8JsonWriter _writer = new(new ArrayBufferWriter<byte>(1), WriterOptions);
        private readonly RepeatedStrings _languages = new();
        private char[] _text = new char[1024];
        private byte[] _id = new byte[64];
        private char[] _language = new char[16];

        public string? Process(ReadOnlySpan<byte> line, ArrayBufferWriter<byte> output)
        {
            JsonTokenType idKind = JsonTokenType.None, textKind = JsonTokenType.None, languageKind = JsonTokenType.None;
            int idLength = 0, textLength = 0, languageLength = 0;
            var reader = new Utf8JsonReader(line);
            try
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    var kind = KindName(reader.TokenType);
                    reader.Skip();
                    reader.Read();
                    return $"expected a JSON object, got {kind}";
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("text"u8))
                    {
                        reader.Read();
                        textKind = reader.TokenType;
                        if (textKind == JsonTokenType.String)
                        {
                            textLength = CopyString(ref reader, ref _text);
                        }
                    }
                    else if (reader.ValueTextEquals("id"u8))
                    {
                        reader.Read();
                        idKind = reader.TokenType;
                        if (idKind is JsonTokenType.String or JsonTokenType.Number)
                        {
                            // Unescaped, as a document gives it to a writer: the writer escapes it again its own way.
                            if (_id.Length < reader.ValueSpan.Length)
                            {
                                _id = new byte[reader.ValueSpan.Length * 2];
                            }
                            idLength = idKind == JsonTokenType.String ? reader.CopyString(_id) : Copy(reader.ValueSpan, _id);
                        }
                    }
                    else if (reader.ValueTextEquals("lang"u8))
                    {
                        reader.Read();
                        languageKind = reader.TokenType;
                        if (languageKind == JsonTokenType.String)
                        {
                            languageLength = CopyString(ref reader, ref _language);
                        }
                    }
                    else
                    {
                        reader.Read();
                    }
                    reader.Skip();
                }
                // Anything after the object that is not white space is an error of the JSON, reported as such.
                reader.Read();
            }
            catch (JsonException e)
            {
                return $"invalid JSON ({e.Message})";
            }
            catch (InvalidOperationException e)
            {
                // A string whose escapes are not valid UTF-16 (a lone surrogate).
                return $"invalid JSON ({e.Message})";
            }
            if (idKind is not (JsonTokenType.String or JsonTokenType.Number))
            {
                return "field \"id\" is missing or not a string or number";
            }
            if (textKind != JsonTokenType.String)
            {
                return "field \"text\" is missing or not a string";
            }
            string? language = null;
            if (languageKind is not (JsonTokenType.None or JsonTokenType.Null))
            {
                if (languageKind != JsonTokenType.String)
                {
                    return "field \"lang\" must be a string (ISO 639-1 code such as \"fr\") or null";
                }
                language = _languages.Get(_language.AsSpan(0, languageLength));
            }

            _writer.Reset(output);
            _writer.WriteStartObject();
            _writer.WritePropertyName("id"u8);
            if (idKind == JsonTokenType.Number)
            {
                _writer.WriteRawValue(_id.AsSpan(0, idLength), skipInputValidation: true);
            }
            else
            {
                _writer.WriteStringValue(_id.AsSpan(0, idLength));
            }
            writeResult(new TextLine(_text.AsSpan(0, textLength), language), _writer);
            _writer.WriteEndObject();
            _writer.Flush();
            output.GetSpan(1)[0] = (byte)'\n';
            output.Advance(1);
            return null;
        }

        private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
        {
            source.CopyTo(destination);
            return source.Length;
        }

        private static string KindName(JsonTokenType token) => token switch
        {
            JsonTokenType.StartArray => nameof(JsonValueKind.Array),
            JsonTokenType.String => nameof(JsonValueKind.String),
            JsonTokenType.Number => nameof(JsonValueKind.Number),
            JsonTokenType.True => nameof(JsonValueKind.True),
            JsonTokenType.False => nameof(JsonValueKind.False),
            _ => nameof(JsonValueKind.Null),
        };
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
