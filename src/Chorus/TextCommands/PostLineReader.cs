using System.Text.Json;
using Chorus.Text.Matching;

namespace Chorus.TextCommands;

/// <summary>The id of an input post: a string, or a number kept as written.</summary>
internal readonly record struct PostId(string Text, bool IsNumber);

/// <summary>Reads one JSON-lines post with a forward-only reader, naming the field and reason when it is wrong.</summary>
internal static class PostLineReader
{
    public static bool TryRead(ReadOnlySpan<byte> line, out PostId? id, out Post? post, out string? problem)
    {
        id = null;
        post = null;
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
                var name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "id": id = ReadId(ref reader); break;
                    case "text": text = ReadString(ref reader, name, required: true); break;
                    case "title": title = ReadString(ref reader, name); break;
                    case "author": author = ReadString(ref reader, name); break;
                    case "authorName": authorName = ReadString(ref reader, name); break;
                    case "url": url = ReadString(ref reader, name); break;
                    case "site": site = ReadString(ref reader, name); break;
                    case "lang": lang = ReadString(ref reader, name); break;
                    case "country": country = ReadString(ref reader, name); break;
                    case "source": source = ReadString(ref reader, name); break;
                    case "kind": kind = ReadString(ref reader, name); break;
                    case "followers":
                        if (reader.TokenType == JsonTokenType.Null)
                        {
                            break;
                        }
                        followers = ReadInteger(ref reader, name);
                        break;
                    case "verified": verified = ReadBool(ref reader, name); break;
                    case "hasLinks": hasLinks = ReadBool(ref reader, name); break;
                    case "hasMedia": hasMedia = ReadBool(ref reader, name); break;
                    default: reader.Skip(); break;
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
        if (id is null || text is null)
        {
            problem = id is null ? "missing 'id'" : "missing 'text'";
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
    private static PostId ReadId(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => new PostId(reader.GetString()!, IsNumber: false),
        JsonTokenType.Number => new PostId(System.Text.Encoding.UTF8.GetString(reader.ValueSpan), IsNumber: true),
        _ => throw new PostFieldException("'id' must be a string or a number"),
    };

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

    private static string? ReadString(ref Utf8JsonReader reader, string name, bool required = false)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }
        if (reader.TokenType == JsonTokenType.Null && !required)
        {
            return null;
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
