using System.Globalization;
using System.Text;
using AngleSharp.Html;

namespace Chorus.Connectors.Feeds;

/// <summary>
/// Repairs the XML mistakes feeds make most often before the strict parser sees them: a bare
/// <c>&amp;</c>, HTML named entities XML does not define (<c>&amp;nbsp;</c>, <c>&amp;eacute;</c>) and
/// control characters XML forbids. CDATA sections and comments are copied untouched. Each kind of
/// repair is reported once with the position of its first occurrence and a count.
/// </summary>
internal static class XmlFeedRepairer
{
    private static readonly HashSet<string> XmlEntities = new(StringComparer.Ordinal) { "amp", "lt", "gt", "quot", "apos" };

    public static string Repair(string xml, List<FeedProblem> problems)
    {
        var output = new StringBuilder(xml.Length + 64);
        var ampersands = new RepairCount("unescaped '&' read as a literal ampersand");
        var entities = new RepairCount("HTML entity not defined in XML replaced by its character");
        var unknownEntities = new RepairCount("unknown entity kept as text");
        var controls = new RepairCount("character not allowed in XML removed");
        var i = 0;
        while (i < xml.Length)
        {
            var c = xml[i];
            if (c == '<' && (Verbatim(xml, i, "<![CDATA[", "]]>", output, ref i) || Verbatim(xml, i, "<!--", "-->", output, ref i)))
            {
                continue;
            }

            if (c == '&')
            {
                i = RepairAmpersand(xml, i, output, ampersands, entities, unknownEntities);
                continue;
            }

            if (IsForbidden(xml, i, out var width))
            {
                controls.Note(xml, i);
                i += width;
                continue;
            }

            output.Append(c);
            i++;
        }

        foreach (var repair in new[] { ampersands, entities, unknownEntities, controls })
        {
            repair.Report(problems);
        }

        return output.ToString();
    }

    private static bool Verbatim(string xml, int start, string open, string close, StringBuilder output, ref int i)
    {
        if (string.CompareOrdinal(xml, start, open, 0, open.Length) != 0)
        {
            return false;
        }

        var end = xml.IndexOf(close, start + open.Length, StringComparison.Ordinal);
        var stop = end < 0 ? xml.Length : end + close.Length;
        // Control characters are forbidden inside CDATA too; strip them while copying.
        for (var k = start; k < stop; k++)
        {
            if (!IsForbidden(xml, k, out var width))
            {
                output.Append(xml[k]);
            }
            else
            {
                k += width - 1;
            }
        }

        i = stop;
        return true;
    }

    private static int RepairAmpersand(string xml, int i, StringBuilder output, RepairCount ampersands, RepairCount entities, RepairCount unknown)
    {
        var end = i + 1;
        if (end < xml.Length && xml[end] == '#')
        {
            end++;
            var hex = end < xml.Length && (xml[end] == 'x' || xml[end] == 'X');
            if (hex)
            {
                end++;
            }

            var digitsStart = end;
            while (end < xml.Length && (hex ? char.IsAsciiHexDigit(xml[end]) : char.IsAsciiDigit(xml[end])))
            {
                end++;
            }

            if (end > digitsStart && end < xml.Length && xml[end] == ';' && ValidCharacterReference(xml[digitsStart..end], hex))
            {
                output.Append(xml, i, end + 1 - i);
                return end + 1;
            }
        }
        else
        {
            while (end < xml.Length && end - i <= 32 && char.IsAsciiLetterOrDigit(xml[end]))
            {
                end++;
            }

            if (end > i + 1 && end < xml.Length && xml[end] == ';')
            {
                var name = xml[(i + 1)..end];
                if (XmlEntities.Contains(name))
                {
                    output.Append(xml, i, end + 1 - i);
                    return end + 1;
                }

                var symbol = HtmlEntityProvider.Resolver.GetSymbol(name + ";");
                if (symbol is not null)
                {
                    entities.Note(xml, i);
                    foreach (var rune in symbol.EnumerateRunes())
                    {
                        output.Append("&#").Append(rune.Value.ToString(CultureInfo.InvariantCulture)).Append(';');
                    }

                    return end + 1;
                }

                unknown.Note(xml, i);
                output.Append("&amp;");
                return i + 1;
            }
        }

        ampersands.Note(xml, i);
        output.Append("&amp;");
        return i + 1;
    }

    private static bool ValidCharacterReference(string digits, bool hex)
    {
        if (!int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return false;
        }

        return code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
    }

    private static bool IsForbidden(string text, int i, out int width)
    {
        width = 1;
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                width = 2;
                return false;
            }

            return true;
        }

        return char.IsLowSurrogate(c) || (c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF';
    }

    private sealed class RepairCount(string message)
    {
        private int _count;
        private int _line;
        private int _column;

        public void Note(string text, int index)
        {
            if (_count++ == 0)
            {
                (_line, _column) = Position(text, index);
            }
        }

        public void Report(List<FeedProblem> problems)
        {
            if (_count > 0)
            {
                problems.Add(new FeedProblem(_line, _column, _count == 1 ? message : $"{message} ({_count} occurrences)"));
            }
        }
    }

    internal static (int Line, int Column) Position(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var k = 0; k < index && k < text.Length; k++)
        {
            if (text[k] == '\n')
            {
                line++;
                lineStart = k + 1;
            }
        }

        return (line, index - lineStart + 1);
    }
}
