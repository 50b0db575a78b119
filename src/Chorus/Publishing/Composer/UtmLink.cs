using System.Globalization;
using System.Text;

namespace Chorus.Publishing.Composer;

/// <summary>The campaign tags analytics tools read from a link's query (utm_source, utm_medium, utm_campaign).</summary>
public sealed record UtmTags(string? Source, string? Medium, string? Campaign)
{
    /// <summary>What the composer proposes for a variant: the network as the source, "social" as the medium, and a
    /// campaign named after the post.</summary>
    public static UtmTags Suggested(string network, string? title, string text) => new(network, "social", UtmLink.CampaignFrom(title ?? text));
}

/// <summary>Adds campaign tags to a link. Pure: the composer's preview and its "add to the link" action run the same code.</summary>
public static class UtmLink
{
    public const int MaxTagLength = 100;
    private const int MaxCampaignLength = 40;

    private static readonly string[] TagNames = ["utm_source", "utm_medium", "utm_campaign"];

    /// <summary>
    /// <paramref name="link"/> with the tags in its query: an existing utm_source, utm_medium or utm_campaign is
    /// replaced, other parameters and the fragment are kept, an empty tag is left out. Refuses what is not an http(s)
    /// address (on "link") and a tag longer than <see cref="MaxTagLength"/> (on "utm.source" and so on).
    /// </summary>
    public static string Apply(string? link, UtmTags tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (!Uri.TryCreate(link?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InputException("link", "A link is an http:// or https:// address.");
        var values = new[] { ("source", tags.Source), ("medium", tags.Medium), ("campaign", tags.Campaign) }
            .Select(t => (t.Item1, Value: t.Item2?.Trim() ?? ""))
            .ToList();
        foreach (var (name, value) in values)
        {
            if (value.Length > MaxTagLength) throw new InputException($"utm.{name}", $"At most {MaxTagLength} characters.");
        }

        var kept = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !TagNames.Contains(Uri.UnescapeDataString(pair.Split('=', 2)[0]), StringComparer.OrdinalIgnoreCase));
        var added = values.Where(t => t.Value.Length > 0).Select(t => $"utm_{t.Item1}={Uri.EscapeDataString(t.Value)}");
        var query = string.Join('&', kept.Concat(added));
        var builder = new UriBuilder(uri) { Query = query };
        // UriBuilder writes the default port when asked for it only; an address given without one keeps none.
        if (uri.IsDefaultPort) builder.Port = -1;
        return builder.Uri.AbsoluteUri;
    }

    /// <summary>A campaign name from a post's first words: lower case, letters and digits without accents, joined by
    /// dashes, at most 40 characters ("Soldes d’été : -50 %" → "soldes-d-ete-50").</summary>
    public static string CampaignFrom(string? text)
    {
        var decomposed = (text ?? "").Normalize(NormalizationForm.FormD);
        var slug = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(char.ToLowerInvariant(c));
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
            if (slug.Length >= MaxCampaignLength) break;
        }
        var name = slug.ToString().Trim('-');
        if (name.Length > MaxCampaignLength) name = name[..MaxCampaignLength].TrimEnd('-');
        return name.Length > 0 ? name : "post";
    }
}
