using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace Chorus.Channels.Pages;

/// <summary>
/// What a person reads when a network or an address misbehaves: one short sentence in their language that says what
/// to do next, never the network's own text pasted whole (a server's 404 page is HTML, a proxy's error is English).
/// </summary>
public static partial class ChannelMessages
{
    /// <summary>The longest piece of a network's own words shown after the translated sentence.</summary>
    public const int DetailLength = 140;

    /// <summary>The English key of the sentence for a reason (looked up in the UI's strings by the caller).</summary>
    public static string KeyOf(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return "No reason was given. Test the channel again, or reconnect it.";
        var status = HttpStatus().Match(reason);
        if (status.Success)
        {
            return int.Parse(status.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) switch
            {
                401 or 403 => "The network refused these credentials. Check them (or create a new app password) and reconnect.",
                404 or 410 => "Nothing was found at this address. Check the address and try again.",
                429 => "The network asks Chorus to wait. Try again in a few minutes.",
                >= 500 => "The network had a problem on its side. Try again later.",
                _ => "The network refused the request. Check the address and the credentials, then try again.",
            };
        }
        if (reason.StartsWith("The network asks us to wait", StringComparison.Ordinal)) return "The network asks Chorus to wait. Try again in a few minutes.";
        if (reason.Contains("not a feed", StringComparison.Ordinal) || reason.Contains("not a readable feed", StringComparison.Ordinal)
            || reason.Contains("not a JSON Feed", StringComparison.Ordinal) || reason.Contains("not a readable JSON Feed", StringComparison.Ordinal))
            return "This address answers, but not with a feed. Give the address of the RSS, Atom or JSON feed itself.";
        if (reason.Contains("did not answer", StringComparison.Ordinal) || reason.Contains("Could not reach", StringComparison.Ordinal)
            || reason.Contains("connection", StringComparison.OrdinalIgnoreCase) || reason.Contains("does not resolve", StringComparison.Ordinal)
            || reason.Contains("could not be resolved", StringComparison.Ordinal))
            return "Chorus could not reach this address. Check it, and that the site is online, then try again.";
        if (reason.Contains("unreadable answer", StringComparison.Ordinal) || reason.Contains("unexpected answer", StringComparison.Ordinal))
            return "The address answered, but not as this network does. Check the address.";
        return reason;
    }

    /// <summary>The reason in the person's language: a known sentence translated, else a summary of the network's words.</summary>
    public static string Explain(IStringLocalizer localizer, string? reason)
    {
        var key = KeyOf(reason);
        // A sentence of ours (English is its own key), or a message the UI's strings already know, else a summary.
        if (!ReferenceEquals(key, reason) || !localizer[key].ResourceNotFound) return localizer[key].Value;
        return localizer["It did not work ({0}). Check what you entered and try again.", Summarise(reason!)];
    }

    /// <summary>A network's text made short and plain: tags and entities removed, white space folded, cut at a word.</summary>
    public static string Summarise(string text)
    {
        var plain = WebUtility.HtmlDecode(Tags().Replace(text, " "));
        plain = Spaces().Replace(plain, " ").Trim();
        if (plain.Length <= DetailLength) return plain;
        var cut = plain.LastIndexOf(' ', DetailLength);
        return string.Concat(plain.AsSpan(0, cut > DetailLength / 2 ? cut : DetailLength), "…");
    }

    [GeneratedRegex(@"answered (\d{3})\b")]
    private static partial Regex HttpStatus();

    [GeneratedRegex(@"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
