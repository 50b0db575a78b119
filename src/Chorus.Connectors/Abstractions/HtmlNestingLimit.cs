using System.Text;

namespace Chorus.Connectors.Abstractions;

/// <summary>
/// Caps how deeply the elements of untrusted HTML nest before the HTML parser sees it. The HTML5 tree builder checks its
/// stack of open elements on every start tag, so thousands of unclosed <c>&lt;div&gt;</c> cost time in the square of their
/// number (64 KB of them took seconds), and the tree they build is as deep. Start tags past <see cref="MaxDepth"/> open
/// elements are removed with as many of the end tags that follow; their text stays, joined to the enclosing element.
/// HTML under the limit is returned as it came.
/// </summary>
internal static class HtmlNestingLimit
{
    public const int MaxDepth = 256;

    // Elements without content, and those a sibling of the same name closes (<p>a<p>b): neither nests.
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rt", "rp",
    };

    // Elements whose content is text up to their end tag: markup inside them opens nothing.
    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    };

    public static string Apply(string html)
    {
        StringBuilder? capped = null;
        var copiedUpTo = 0;
        var depth = 0;
        var removedOpen = 0;
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= html.Length)
            {
                break;
            }

            if (html[lt + 1] is '!' or '?')
            {
                // Comments, doctypes, CDATA and processing instructions open nothing; skip to their end.
                var close = html.AsSpan(lt).StartsWith("<!--") ? html.IndexOf("-->", lt + 4, StringComparison.Ordinal) : html.IndexOf('>', lt);
                i = close < 0 ? html.Length : close + 1;
                continue;
            }

            var isEnd = html[lt + 1] == '/';
            var nameStart = lt + (isEnd ? 2 : 1);
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] == '-'))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                i = lt + 1; // a '<' that starts no tag is text
                continue;
            }

            var tagEnd = EndOfTag(html, nameEnd);
            var name = html[nameStart..nameEnd];
            var nests = !NotNesting.Contains(name) && html[tagEnd - 1] != '/';
            var remove = false;
            if (isEnd && nests)
            {
                if (removedOpen > 0)
                {
                    removedOpen--;
                    remove = true;
                }
                else if (depth > 0)
                {
                    depth--;
                }
            }
            else if (!isEnd && nests)
            {
                if (depth >= MaxDepth)
                {
                    removedOpen++;
                    remove = true;
                }
                else
                {
                    depth++;
                }
            }

            if (remove)
            {
                capped ??= new StringBuilder(html.Length);
                capped.Append(html, copiedUpTo, lt - copiedUpTo);
                copiedUpTo = tagEnd;
            }

            i = tagEnd;
            if (!isEnd && !remove && RawText.Contains(name))
            {
                var close = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                i = close < 0 ? html.Length : close;
            }
            else if (!isEnd && name.Equals("plaintext", StringComparison.OrdinalIgnoreCase))
            {
                break; // everything after <plaintext> is text
            }
        }

        return capped is null ? html : capped.Append(html, copiedUpTo, html.Length - copiedUpTo).ToString();
    }

    /// <summary>The index just past the tag's '&gt;' (a quoted attribute value may hold one), or the end of the text.</summary>
    private static int EndOfTag(string html, int from)
    {
        var quote = '\0';
        var afterEquals = false;
        for (var k = from; k < html.Length; k++)
        {
            var c = html[k];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c == '>')
            {
                return k + 1;
            }
            else if (afterEquals && c is '"' or '\'')
            {
                quote = c; // a quote opens a value only right after '=', as in the HTML tokenizer
            }
            else if (c == '=')
            {
                afterEquals = true;
            }
            else if (!char.IsWhiteSpace(c))
            {
                afterEquals = false;
            }
        }
        return html.Length;
    }
}
