using System.Text;
using CsCheck;

namespace Chorus.Connectors.Tests.Feeds;

/// <summary>
/// Generators of documents that are almost what a parser expects: real samples and built skeletons with a few parts
/// cut, repeated or replaced by the pieces parsers trip on (stray markup, entities, NUL, lone surrogates, extreme
/// dates and numbers, very deep nesting).
/// </summary>
internal static class NearValidDocuments
{
    /// <summary>Pieces inserted into documents: each one is something a feed in the wild has, or an attacker sends.</summary>
    public static readonly string[] Splinters =
    [
        "<", ">", "&", "&amp;", "&nbsp;", "&eacute;", "&#0;", "&#x0;", "&#xD800;", "&#1114112;", "&#99999999999;", "&unknown;",
        "&#", "&#x;", "<![CDATA[", "]]>", "<!--", "-->", "<?xml version=\"1.0\"?>", "<!DOCTYPE rss [<!ENTITY e \"&e;&e;\">]>",
        "<!ENTITY x SYSTEM \"file:///etc/passwd\">", "&x;", "\0", "\ud800", "\udc00", "\ufffe", "\uffff", "\u0085", "\u2028",
        "\r", "\r\n", "\t", "\"", "'", "=", "/>", "</", "</item>", "<item>", "</entry>", "<entry>", "</channel>", "</feed>",
        "xml:base=\"../x/\"", "xml:base=\"javascript:alert(1)\"", " xmlns=\"http://www.w3.org/2005/Atom\"",
        " xmlns:media=\"http://search.yahoo.com/mrss/\"", "<media:content url=\"/a.jpg\" fileSize=\"-1\"/>",
        "<enclosure url=\"http://a/x.mp3\" length=\"99999999999999999999\" type=\"audio/mpeg\"/>",
        "<pubDate>31 Dec 9999 23:59:60 -1400</pubDate>", "<pubDate>01 Jan 0001 00:00 +1400</pubDate>",
        "<updated>9999-12-31T23:59:59-14:00</updated>", "<updated>0001-01-01T00:00:00+14:00</updated>",
        "<dc:date>29 Feb 2023 10:00 GMT</dc:date>", "<pubDate>Mon, 99 Foo 12 25:61:61 +9999</pubDate>",
        "<link>http://[::1</link>", "<link>http://a b</link>", "<guid>\0</guid>", "<title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><b>x</b></div></title>",
        "{", "}", "[", "]", ",", ":", "null", "true", "1e999", "-0", "\"\\ud800\"", "\"\\u0000\"", "\"\\uDFFF\\uD800\"", "\"\\", "//", "/*",
        "\"size_in_bytes\": \"12\"", "\"size_in_bytes\": 1e400", "\"attachments\": [\"x\", 1, null]", "\"authors\": \"x\"",
        "\"tags\": [1, \"\"]", "\"id\": 1e99", "\"items\": {}", "\"date_published\": \"9999-12-31T23:59:59-14:00\"",
        "<outline text=\"x\" xmlUrl=\"http://a.example/feed\"/>", "<outline xmlUrl=\"file:///etc/passwd\"/>",
        "<outline xmlUrl=\"http://\"/>", "<outline>", "</outline>", "category=\"a,/,b\"",
        "é", "😀", "\u0301", "\u202e", "\ufeff",
    ];

    /// <summary>A nesting of <paramref name="depth"/> levels of the given opening and closing text around a core.</summary>
    public static string Nest(string open, string core, string close, int depth)
    {
        var builder = new StringBuilder((open.Length + close.Length) * depth + core.Length);
        for (var i = 0; i < depth; i++)
        {
            builder.Append(open);
        }
        builder.Append(core);
        for (var i = 0; i < depth; i++)
        {
            builder.Append(close);
        }
        return builder.ToString();
    }

    /// <summary>Applies up to <paramref name="maxMutations"/> cuts, repeats and insertions to documents of <paramref name="documents"/>.</summary>
    public static Gen<string> Mutated(Gen<string> documents, int maxMutations = 4) =>
        Gen.Select(documents, Gen.Int[0, maxMutations], Gen.Int[0, int.MaxValue].Array[maxMutations * 3], (document, count, rolls) =>
        {
            var text = document;
            for (var m = 0; m < count; m++)
            {
                text = Mutate(text, rolls[m * 3], rolls[(m * 3) + 1], rolls[(m * 3) + 2]);
            }
            return text;
        });

    private static string Mutate(string text, int kind, int a, int b)
    {
        var at = text.Length == 0 ? 0 : a % (text.Length + 1);
        var length = text.Length - at == 0 ? 0 : b % Math.Min(text.Length - at + 1, 200);
        var splinter = Splinters[b % Splinters.Length];
        return (kind % 6) switch
        {
            0 => text[..at], // truncated download
            1 => text.Remove(at, length),
            2 => text.Insert(at, text.Substring(at, length)), // a part repeated
            3 => text.Insert(at, splinter),
            4 => text.Length == 0 ? splinter : text.Remove(at == text.Length ? at - 1 : at, 1).Insert(at == text.Length ? at - 1 : at, splinter),
            _ => text.Insert(at, Nest(splinter, "", "", 1 + (b % 50))),
        };
    }

    /// <summary>Encodes a document the ways servers send them, with or without a Content-Type charset.</summary>
    public static Gen<(byte[] Body, string? ContentType)> Encoded(Gen<string> documents) =>
        Gen.Select(documents, Gen.Int[0, 7], (text, how) => how switch
        {
            0 => (Encoding.UTF8.GetBytes(text), (string?)null),
            1 => ([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)], "application/rss+xml"),
            2 => ([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)], null),
            3 => (Encoding.Latin1.GetBytes(text), "text/xml; charset=ISO-8859-1"),
            4 => (Encoding.UTF8.GetBytes(text), "text/xml; charset=\"utf-7\""),
            5 => (Encoding.UTF8.GetBytes(text), "application/json; charset=no-such-charset"),
            6 => (Encoding.BigEndianUnicode.GetBytes(text), "text/xml; charset=utf-16BE"),
            _ => (Encoding.Latin1.GetBytes(text), null), // bytes that are not UTF-8
        });
}
