using System.Text.Json;
using Chorus.Text.Matching;

namespace Chorus.TextCommands;

/// <summary>
/// Reads one JSON-lines post with a forward-only reader over its UTF-8 bytes, naming the field and reason when it
/// is wrong. One instance per worker: its buffers are reused from line to line, and fields that take few values
/// (language, network, kind, country) are shared strings.
/// </summary>
internal sealed class PostLineReader
{
    private readonly RepeatedStrings _repeated = new();
    private char[] _chars = new char[1024];
    private byte[] _id = new byte[64];

    /// <summary>Whether the id of the last post read is a number (echoed as written) or a string.</summary>
    public bool IdIsNumber { get; private set; }

    /// <summary>The id of the last post read: the number as written, or the string unescaped.</summary>
    public ReadOnlySpan<byte> Id => _id.AsSpan(0, _idLength);

    private int _idLength;

    public bool TryRead(ReadOnlySpan<byte> line, out Post? post, out string? problem)
    {
        post = null;
        var hasId = false;
        string? text = null, title = null, author = null, authorName = null, url = null, site = null, lang = null, country = null, source = null, kind = null;
        long? followers = null;
        bool? verified = null, hasLinks = null, hasMedia = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problem = "expected a JSON object";
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    ReadId(ref reader);
                    hasId = true;
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    text = ReadString(ref reader, "text", required: true);
                }
                else if (reader.ValueTextEquals("lang"u8))
                {
                    reader.Read();
                    lang = ReadRepeatedString(ref reader, "lang");
                }
                else if (reader.ValueTextEquals("author"u8))
                {
                    reader.Read();
                    author = ReadString(ref reader, "author");
                }
                else if (reader.ValueTextEquals("followers"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        followers = ReadInteger(ref reader, "followers");
                    }
                }
                else if (reader.ValueTextEquals("source"u8))
                {
                    reader.Read();
                    source = ReadRepeatedString(ref reader, "source");
                }
                else if (reader.ValueTextEquals("url"u8))
                {
                    reader.Read();
                    url = ReadString(ref reader, "url");
                }
                else if (reader.ValueTextEquals("title"u8))
                {
                    reader.Read();
                    title = ReadString(ref reader, "title");
                }
                else if (reader.ValueTextEquals("authorName"u8))
                {
                    reader.Read();
                    authorName = ReadString(ref reader, "authorName");
                }
                else if (reader.ValueTextEquals("site"u8))
                {
                    reader.Read();
                    site = ReadString(ref reader, "site");
                }
                else if (reader.ValueTextEquals("country"u8))
                {
                    reader.Read();
                    country = ReadRepeatedString(ref reader, "country");
                }
                else if (reader.ValueTextEquals("kind"u8))
                {
                    reader.Read();
                    kind = ReadRepeatedString(ref reader, "kind");
                }
                else if (reader.ValueTextEquals("verified"u8))
                {
                    reader.Read();
                    verified = ReadBool(ref reader, "verified");
                }
                else if (reader.ValueTextEquals("hasLinks"u8))
                {
                    reader.Read();
                    hasLinks = ReadBool(ref reader, "hasLinks");
                }
                else if (reader.ValueTextEquals("hasMedia"u8))
                {
                    reader.Read();
                    hasMedia = ReadBool(ref reader, "hasMedia");
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                problem = "expected a single JSON object on the line";
                return false;
            }
        }
        catch (JsonException e)
        {
            problem = $"not valid JSON ({e.Message})";
            return false;
        }
        catch (PostFieldException e)
        {
            problem = e.Message;
            return false;
        }
        catch (InvalidOperationException e)
        {
            problem = $"not valid JSON ({e.Message})";
            return false;
        }
        if (!hasId || text is null)
        {
            problem = !hasId ? "missing 'id'" : "missing 'text'";
            return false;
        }
        post = new Post
        {
            Text = text,
            Title = title,
            Author = author,
            AuthorName = authorName,
            Url = url,
            Site = site,
            Lang = lang,
            Country = country,
            Source = source,
            Kind = kind,
            Followers = followers,
            Verified = verified,
            HasLinks = hasLinks,
            HasMedia = hasMedia,
        };
        problem = null;
        return true;
    }

    // A number id is kept as written so the output line carries the id exactly as the input gave it.
    private void ReadId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number))
        {
            throw new PostFieldException("'id' must be a string or a number");
        }
        if (_id.Length < reader.ValueSpan.Length)
        {
            _id = new byte[reader.ValueSpan.Length * 2];
        }
        IdIsNumber = reader.TokenType == JsonTokenType.Number;
        if (IdIsNumber)
        {
            reader.ValueSpan.CopyTo(_id);
            _idLength = reader.ValueSpan.Length;
        }
        else
        {
            _idLength = reader.CopyString(_id);
        }
    }

    // Exporters often write counts as 120.0; a whole number is accepted however it is written.
    private static long ReadInteger(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var n))
            {
                return n;
            }
            if (reader.TryGetDecimal(out var d) && d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue)
            {
                return (long)d;
            }
        }
        throw new PostFieldException($"'{name}' must be an integer");
    }

    private string? ReadString(ref Utf8JsonReader reader, string name, bool required = false) =>
        CheckString(ref reader, name, required) ? new string(_chars, 0, JsonLinesProcessor.CopyString(ref reader, ref _chars)) : null;

    private string? ReadRepeatedString(ref Utf8JsonReader reader, string name) =>
        CheckString(ref reader, name, required: false) ? _repeated.Get(_chars.AsSpan(0, JsonLinesProcessor.CopyString(ref reader, ref _chars))) : null;

    // True on a string, false on null (when allowed); anything else is an error naming the field.
    private static bool CheckString(ref Utf8JsonReader reader, string name, bool required)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return true;
        }
        if (reader.TokenType == JsonTokenType.Null && !required)
        {
            return false;
        }
        throw new PostFieldException($"'{name}' must be a string");
    }

    private static bool? ReadBool(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => throw new PostFieldException($"'{name}' must be true or false"),
    };

    private sealed class PostFieldException(string message) : Exception(message);
}
