using Chorus.Text.Tokens;

namespace Chorus.Text.Matching;

/// <summary>How the non-word fields of a post are compared with query values.</summary>
public static class PostFieldRules
{
    /// <summary>The host of <paramref name="site"/> or, when absent, of <paramref name="url"/>.</summary>
    public static ReadOnlySpan<char> HostOf(string? site, string? url)
    {
        if (!string.IsNullOrEmpty(site))
        {
            return StripToHost(site);
        }
        return string.IsNullOrEmpty(url) ? [] : StripToHost(url);
    }

    /// <summary>Removes scheme, user info, port and path: "https://u@www.x.fr:80/a" gives "www.x.fr".</summary>
    public static ReadOnlySpan<char> StripToHost(ReadOnlySpan<char> value)
    {
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            value = value[(scheme + 3)..];
        }
        var end = value.IndexOfAny('/', '?', '#');
        if (end >= 0)
        {
            value = value[..end];
        }
        var at = value.LastIndexOf('@');
        if (at >= 0)
        {
            value = value[(at + 1)..];
        }
        var colon = value.IndexOf(':');
        if (colon >= 0)
        {
            value = value[..colon];
        }
        return value.TrimEnd('.');
    }

    /// <summary>Host suffix rule of <c>site:</c>: equal, or ending with "." + value (case-insensitive).</summary>
    public static bool HostMatches(ReadOnlySpan<char> host, ReadOnlySpan<char> site)
    {
        if (site.IsEmpty || host.Length < site.Length)
        {
            return false;
        }
        if (!host.EndsWith(site, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return host.Length == site.Length || host[host.Length - site.Length - 1] == '.';
    }

    /// <summary>The links rule: the explicit flag, else a link written in the text.</summary>
    public static bool HasLinks(bool? hasLinks, string text) =>
        hasLinks ?? (text.Contains("http://", StringComparison.OrdinalIgnoreCase)
            || text.Contains("https://", StringComparison.OrdinalIgnoreCase)
            || text.Contains("www.", StringComparison.OrdinalIgnoreCase));

    /// <summary>Removes the '@' a handle may start with.</summary>
    public static ReadOnlySpan<char> Handle(ReadOnlySpan<char> value) => value.StartsWith('@') ? value[1..] : value;

    /// <summary>
    /// Word rule for whole field values: an unaccented value compares folded forms, an accented one compares
    /// lower-case forms; <paramref name="exact"/> compares the spelling as is.
    /// </summary>
    public static bool ValueMatches(ReadOnlySpan<char> fieldValue, string queryKey, bool accented, bool exact, Span<char> buffer)
    {
        if (exact)
        {
            return fieldValue.SequenceEqual(queryKey);
        }
        if (accented)
        {
            if (fieldValue.Length != queryKey.Length)
            {
                return false;
            }
            for (var i = 0; i < fieldValue.Length; i++)
            {
                if (TextFolding.Lower(fieldValue[i]) != queryKey[i])
                {
                    return false;
                }
            }
            return true;
        }
        if (buffer.Length < TextFolding.MaxFoldedLength(fieldValue.Length))
        {
            return TextFolding.Fold(fieldValue) == queryKey;
        }
        var length = 0;
        foreach (var c in fieldValue)
        {
            length = TextFolding.AppendFolded(c, buffer, length);
        }
        return buffer[..length].SequenceEqual(queryKey);
    }
}
