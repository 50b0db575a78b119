using System.Text.Json;

namespace Chorus.TextCommands;

/// <summary>
/// Reads one input line of <c>sentiment</c>, <c>lang</c> and <c>moderate</c>: <c>{"id", "text", "lang"?}</c>, and for
/// moderation the comment's <c>"author"</c> (name), <c>"url"</c> (the author's website) and <c>"item"</c> (the post it
/// answers). The line is read once, forward only; as a parsed document would, it must be valid JSON as a whole before
/// its fields are judged, and a field given twice counts with its last value. One instance per worker: its buffers are
/// reused, so <see cref="Text"/> and <see cref="Id"/> are valid until the next line.
/// </summary>
internal sealed class TextLineReader(bool readsCommentFields)
{
    private readonly RepeatedStrings _languages = new();
    private char[] _text = new char[1024];
    private byte[] _id = new byte[64];
    private char[] _field = new char[64];
    private int _textLength;
    private int _idLength;

    public ReadOnlySpan<char> Text => _text.AsSpan(0, _textLength);

    public string? Language { get; private set; }

    /// <summary>The id, unescaped when a string, as written when a number (see <see cref="IdIsNumber"/>).</summary>
    public ReadOnlySpan<byte> Id => _id.AsSpan(0, _idLength);

    public bool IdIsNumber { get; private set; }

    /// <summary>The comment author's name, when the reader reads comment fields and the line has one.</summary>
    public string? Author { get; private set; }

    /// <summary>The comment author's website.</summary>
    public string? Url { get; private set; }

    /// <summary>The post the comment answers (its id or URL).</summary>
    public string? Item { get; private set; }

    /// <summary>Reads <paramref name="line"/>; the problem (naming the field) when it is unusable, null otherwise.</summary>
    public string? Read(ReadOnlySpan<byte> line)
    {
        JsonTokenType idKind = JsonTokenType.None, textKind = JsonTokenType.None, languageKind = JsonTokenType.None;
        var languageLength = 0;
        _textLength = 0;
        _idLength = 0;
        Author = Url = Item = null;
        string? wrongField = null;
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
                        _textLength = JsonLinesProcessor.CopyString(ref reader, ref _text);
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
                        _idLength = idKind == JsonTokenType.String ? reader.CopyString(_id) : Copy(reader.ValueSpan, _id);
                    }
                }
                else if (reader.ValueTextEquals("lang"u8))
                {
                    reader.Read();
                    languageKind = reader.TokenType;
                    if (languageKind == JsonTokenType.String)
                    {
                        languageLength = JsonLinesProcessor.CopyString(ref reader, ref _field);
                        Language = _languages.Get(_field.AsSpan(0, languageLength));
                    }
                }
                else if (readsCommentFields && reader.ValueTextEquals("author"u8))
                {
                    reader.Read();
                    Author = OptionalString(ref reader, "author", ref wrongField);
                }
                else if (readsCommentFields && reader.ValueTextEquals("url"u8))
                {
                    reader.Read();
                    Url = OptionalString(ref reader, "url", ref wrongField);
                }
                else if (readsCommentFields && reader.ValueTextEquals("item"u8))
                {
                    reader.Read();
                    Item = OptionalString(ref reader, "item", ref wrongField);
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
        IdIsNumber = idKind == JsonTokenType.Number;
        if (textKind != JsonTokenType.String)
        {
            return "field \"text\" is missing or not a string";
        }
        if (languageKind is not (JsonTokenType.None or JsonTokenType.Null or JsonTokenType.String))
        {
            return "field \"lang\" must be a string (ISO 639-1 code such as \"fr\") or null";
        }
        if (languageKind is not JsonTokenType.String)
        {
            Language = null;
        }
        return wrongField is null ? null : $"field \"{wrongField}\" must be a string or null";
    }

    /// <summary>Writes <c>"id": …</c>: a number as the input wrote it, a string escaped by the writer.</summary>
    public void WriteId(Utf8JsonWriter writer)
    {
        writer.WritePropertyName("id"u8);
        if (IdIsNumber)
        {
            writer.WriteRawValue(Id, skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(Id);
        }
    }

    // A string, or null (absent); another kind is remembered to be reported once the line is known to be valid JSON.
    private string? OptionalString(ref Utf8JsonReader reader, string name, ref string? wrongField)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new string(_field, 0, JsonLinesProcessor.CopyString(ref reader, ref _field));
        }
        if (reader.TokenType != JsonTokenType.Null)
        {
            wrongField ??= name;
        }
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
