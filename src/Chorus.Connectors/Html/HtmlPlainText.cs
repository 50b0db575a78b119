using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Chorus.Connectors.Html;

/// <summary>
/// Turns untrusted HTML from feeds, blogs and comments into plain text. The markup is parsed by
/// AngleSharp (an HTML5-compliant parser, no script execution, no resource loading) and only text
/// nodes are kept, so nothing of the original markup can reach a page rendered by Chorus.
/// </summary>
public static class HtmlPlainText
{
    // Elements whose text is not content a reader sees.
    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head", "title",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
        "blockquote", "pre", "article", "section", "header", "footer", "aside", "figure", "figcaption", "hr",
        "address", "details", "summary", "main", "nav",
    };

    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    /// <summary>Returns the visible text of an HTML fragment, whitespace normalised; null for null or empty input.</summary>
    public static string? From(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }

        // Cheap path for text that has no markup nor entity.
        if (html.IndexOfAny(['<', '&']) < 0)
        {
            return Normalise(html);
        }

        var document = Parser.ParseDocument("<!doctype html><html><body></body></html>");
        var nodes = Parser.ParseFragment(html, document.Body!);
        var text = new StringBuilder(html.Length);
        foreach (var node in nodes)
        {
            Append(node, text);
        }

        var result = Normalise(text.ToString());
        return result.Length == 0 ? null : result;
    }

    /// <summary>Normalises the whitespace of text that is already plain (no HTML decoding).</summary>
    public static string? FromPlain(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Normalise(text);
    }

    private static void Append(INode node, StringBuilder text)
    {
        switch (node)
        {
            case IText t:
                text.Append(t.Data);
                break;
            case IElement e when Hidden.Contains(e.LocalName):
                break;
            case IElement e when e.LocalName == "br":
                text.Append('\n');
                break;
            case IElement e:
                var block = Blocks.Contains(e.LocalName);
                if (block)
                {
                    text.Append('\n');
                }

                foreach (var child in e.ChildNodes)
                {
                    Append(child, text);
                }

                if (block)
                {
                    text.Append('\n');
                }

                break;
        }
    }

    /// <summary>Collapses runs of spaces inside lines and keeps at most one blank line between paragraphs.</summary>
    private static string Normalise(string text)
    {
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
            else if (char.IsWhiteSpace(c) || c == '\u00A0')
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

        return result.ToString();
    }
}
