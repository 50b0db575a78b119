using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Chorus.Connectors.Abstractions;

/// <summary>Turns HTML from a network (Mastodon statuses, WordPress comments, feed items) into plain text. The HTML is
/// only parsed, never rendered or run; scripts, styles and other non-content elements are dropped.</summary>
public static class UntrustedHtml
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "head", "title",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "blockquote", "pre", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "tr", "table",
    };

    /// <summary>Plain text: paragraphs separated by a blank line, &lt;br&gt; as a line break, entities decoded.</summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        var document = Parser.ParseDocument("");
        var nodes = Parser.ParseFragment(HtmlNestingLimit.Apply(html), document.Body!);
        var text = new StringBuilder();
        foreach (var node in nodes)
        {
            Append(node, text);
        }

        return Tidy(text.ToString());
    }

    private static void Append(INode node, StringBuilder text)
    {
        switch (node)
        {
            case IText t:
                text.Append(t.Data);
                return;
            case IElement element when Dropped.Contains(element.LocalName):
                return;
            case IElement element when element.LocalName.Equals("br", StringComparison.OrdinalIgnoreCase):
                text.Append('\n');
                return;
            case IElement element:
                var block = Blocks.Contains(element.LocalName);
                if (block)
                {
                    text.Append("\n\n");
                }

                foreach (var child in element.ChildNodes)
                {
                    Append(child, text);
                }

                if (block)
                {
                    text.Append("\n\n");
                }

                return;
        }
    }

    private static string Tidy(string raw)
    {
        var lines = raw.Replace('\u00A0', ' ').Split('\n').Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        var result = new StringBuilder();
        var blankRun = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blankRun++;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blankRun > 0 ? "\n\n" : "\n");
            }

            result.Append(line);
            blankRun = 0;
        }

        return result.ToString();
    }
}
