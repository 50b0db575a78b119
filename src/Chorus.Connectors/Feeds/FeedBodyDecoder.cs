using System.Text;
using System.Text.RegularExpressions;

namespace Chorus.Connectors.Feeds;

/// <summary>
/// Decodes a feed body to text. Priority: byte-order mark, then the HTTP charset, then the XML
/// declaration's encoding, then UTF-8 — falling back to Windows-1252 when the bytes are not valid
/// UTF-8 and nothing declared an encoding. "ISO-8859-1" is read as Windows-1252, as browsers do,
/// because feeds labelled Latin-1 routinely carry curly quotes and euro signs from 0x80–0x9F.
/// </summary>
public static partial class FeedBodyDecoder
{
    static FeedBodyDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="body"/>; <paramref name="httpCharset"/> is the Content-Type charset, if any.</summary>
    public static string Decode(ReadOnlySpan<byte> body, string? httpCharset)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(body[3..]);
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(body[2..]);
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(body[2..]);
        }

        var declared = Lookup(httpCharset) ?? Lookup(XmlDeclaredEncoding(body));
        if (declared is not null)
        {
            return declared.GetString(body);
        }

        try
        {
            return StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(1252).GetString(body);
        }
    }

    private static Encoding? Lookup(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var trimmed = name.Trim().Trim('"', '\'');
        if (trimmed.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("latin1", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
        {
            return Encoding.GetEncoding(1252);
        }

        try
        {
            return Encoding.GetEncoding(trimmed);
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException)
        {
            // An unknown label, or one .NET refuses to decode (UTF-7), is treated as if none were given.
            return null;
        }
    }

    private static string? XmlDeclaredEncoding(ReadOnlySpan<byte> body)
    {
        // The declaration is ASCII by definition; look only at the first bytes.
        var head = Encoding.ASCII.GetString(body[..Math.Min(body.Length, 256)]);
        var match = XmlDeclarationEncoding().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>Extracts the charset parameter of a Content-Type header value.</summary>
    public static string? CharsetOf(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        var match = CharsetParameter().Match(contentType);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""", RegexOptions.CultureInvariant)]
    private static partial Regex XmlDeclarationEncoding();

    [GeneratedRegex("""charset\s*=\s*["']?([A-Za-z0-9._\-]+)""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CharsetParameter();
}
