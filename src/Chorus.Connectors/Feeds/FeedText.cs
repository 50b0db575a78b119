using System.Text;
using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Feeds;

/// <summary>
/// Text fields of feed items: HTML goes through <see cref="UntrustedHtml"/> (parsed, never rendered), then
/// whitespace is normalised the same way for every format. Empty results are null so "no summary" and
/// "summary of only markup" look the same to callers.
/// </summary>
internal static class FeedText
{
    /// <summary>Visible text of an HTML fragment (entities decoded), or null when nothing visible is left.</summary>
    public static string? From(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }

        // Most titles carry neither markup nor entity: skip the HTML parser for them.
        return FromPlain(html.AsSpan().IndexOfAny('<', '&') < 0 ? html : UntrustedHtml.ToPlainText(html));
    }

    /// <summary>Normalises the whitespace of text that is already plain (no HTML decoding).</summary>
    public static string? FromPlain(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var result = new StringBuilder(text.Length);
        var pendingNewlines = 0;
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                pendingNewlines++;
                pendingSpace = false;
            }
            else if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
            }
            else
            {
                if (result.Length > 0)
                {
                    if (pendingNewlines > 0)
                    {
                        result.Append(pendingNewlines > 1 ? "\n\n" : "\n");
                    }
                    else if (pendingSpace)
                    {
                        result.Append(' ');
                    }
                }

                pendingNewlines = 0;
                pendingSpace = false;
                result.Append(c);
            }
        }

        return result.Length == 0 ? null : result.ToString();
    }
}
