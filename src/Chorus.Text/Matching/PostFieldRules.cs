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

    /// <summary>
    /// The host a <c>site:</c> value stands for: scheme, path and port removed, and a leading "www." too, since
    /// <c>site:www.lemonde.fr</c> means the site lemonde.fr, whichever of its hosts a post comes from.
    /// </summary>
    public static string SiteKey(string value)
    {
        var host = StripToHost(value);
        if (host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) && host[4..].Contains('.'))
        {
            host = host[4..];
        }
        return host.ToString();
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
    /// lower-case forms; <paramref name="exact"/> compares the spelling as is; with <paramref name="wildcard"/>
    /// the key is a pattern (<c>*</c>, <c>?</c>) the whole value must match. <paramref name="buffer"/> must hold
    /// <see cref="TextFolding.MaxFoldedLength"/> characters of the value.
    /// </summary>
    public static bool ValueMatches(ReadOnlySpan<char> fieldValue, string queryKey, bool accented, bool exact, bool wildcard, Span<char> buffer)
    {
        if (exact)
        {
            return fieldValue.SequenceEqual(queryKey);
        }
        if (buffer.Length < TextFolding.MaxFoldedLength(fieldValue.Length))
        {
            buffer = new char[TextFolding.MaxFoldedLength(fieldValue.Length)];
        }
        var length = 0;
        if (accented)
        {
            foreach (var c in fieldValue)
            {
                buffer[length++] = TextFolding.Lower(c);
            }
        }
        else
        {
            foreach (var c in fieldValue)
            {
                length = TextFolding.AppendFolded(c, buffer, length);
            }
        }
        var form = buffer[..length];
        return wildcard ? WildcardPattern.IsMatch(queryKey, form) : form.SequenceEqual(queryKey);
    }

    /// <summary>
    /// <c>lang:</c>: the word rule on the whole code, or on its primary subtag when the post gives a regional
    /// code and the query does not (<c>lang:fr</c> matches "fr-CA").
    /// </summary>
    public static bool LanguageMatches(ReadOnlySpan<char> language, string queryKey, bool accented, bool exact, bool wildcard, Span<char> buffer)
    {
        if (ValueMatches(language, queryKey, accented, exact, wildcard, buffer))
        {
            return true;
        }
        var separator = language.IndexOfAny('-', '_');
        return separator > 0 && queryKey.AsSpan().IndexOfAny('-', '_') < 0
            && ValueMatches(language[..separator], queryKey, accented, exact, wildcard, buffer);
    }
}
