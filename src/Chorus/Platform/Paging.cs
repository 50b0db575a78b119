using System.Buffers.Text;
using System.Text;

namespace Chorus.Platform;

/// <summary>A page of a list and the opaque cursor of the next page (null at the end): `{ "items": [...], "next": … }`
/// in the API, the one shape of every list.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// Keyset pagination: the cursor is the sort key of the last item, base64url-encoded, so pages stay stable while
/// rows are added and cost the same at any depth.
/// </summary>
public static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));

    /// <summary>The sort key inside a cursor this server gave out. Anything else (not base64url, not UTF-8, or
    /// holding control characters such as NUL, which PostgreSQL refuses in text) is the client's mistake, named as
    /// such, and never reaches a query.</summary>
    public static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var key = StrictUtf8.GetString(Base64Url.DecodeFromChars(cursor));
            if (key.Length > 0 && !key.Any(char.IsControl)) return key;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            // DecoderFallbackException (invalid UTF-8) is an ArgumentException.
        }
        throw NotOurs();
    }

    /// <summary>The error for a cursor that decodes but does not fit the list it was given to.</summary>
    public static InputException NotOurs() =>
        new("cursor", "The cursor is not one this server gave out; start again without it.");

    public static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        < 1 or > MaxLimit => throw new InputException("limit", $"The limit must be between 1 and {MaxLimit}."),
        _ => limit.Value,
    };

    /// <summary>Builds a page from rows fetched with limit + 1 (the extra row tells whether there is a next page).</summary>
    public static Page<T> PageOf<T>(List<T> rows, int limit, Func<T, string> keyOf)
    {
        if (rows.Count <= limit) return new Page<T>(rows, null);
        rows.RemoveAt(rows.Count - 1);
        return new Page<T>(rows, Encode(keyOf(rows[^1])));
    }
}
