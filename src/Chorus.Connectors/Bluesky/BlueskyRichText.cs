using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Chorus.Connectors.Bluesky;

/// <summary>A link, mention or hashtag found in post text, with its position in UTF-8 bytes (what facets use).</summary>
public sealed record RichTextSpan(RichTextKind Kind, int ByteStart, int ByteEnd, string Value);

public enum RichTextKind
{
    Link,
    Mention,
    Tag,
}

/// <summary>Finds links, @mentions and #hashtags the way the Bluesky app does, so posts published by Chorus look
/// the same as posts written in the app. Offsets are in UTF-8 bytes, not UTF-16 chars: an accent or an emoji
/// before a link moves it by several bytes.</summary>
public static partial class BlueskyRichText
{
    private const int MaxTagLength = 64;

    public static IReadOnlyList<RichTextSpan> Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = new List<(int Start, int Length, RichTextKind Kind, string Value)>();

        foreach (Match match in LinkPattern().Matches(text))
        {
            var url = TrimTrailingPunctuation(match.Groups["url"].Value);
            spans.Add((match.Groups["url"].Index, url.Length, RichTextKind.Link, url));
        }

        foreach (Match match in MentionPattern().Matches(text))
        {
            var handle = match.Groups["handle"].Value.TrimEnd('.');
            if (IsPlausibleHandle(handle))
            {
                spans.Add((match.Groups["handle"].Index - 1, handle.Length + 1, RichTextKind.Mention, handle.ToLowerInvariant()));
            }
        }

        foreach (Match match in TagPattern().Matches(text))
        {
            var tag = TrimTrailingPunctuation(match.Groups["tag"].Value);
            if (tag.Length == 0 || tag.Length > MaxTagLength || tag.All(char.IsAsciiDigit))
            {
                continue;
            }

            spans.Add((match.Groups["tag"].Index - 1, tag.Length + 1, RichTextKind.Tag, tag));
        }

        // A link's own '#fragment' or '@user' part is not a separate tag or mention.
        var result = new List<RichTextSpan>();
        foreach (var span in spans.OrderBy(s => s.Start))
        {
            if (result.Count > 0 && ToChar(text, result[^1].ByteEnd) > span.Start)
            {
                continue;
            }

            result.Add(new RichTextSpan(span.Kind, ByteOffset(text, span.Start), ByteOffset(text, span.Start + span.Length), span.Value));
        }

        return result;
    }

    /// <summary>Post length as Bluesky counts it (grapheme clusters).</summary>
    public static int GraphemeCount(string text) => new StringInfo(text).LengthInTextElements;

    private static int ByteOffset(string text, int charIndex) => Encoding.UTF8.GetByteCount(text.AsSpan(0, charIndex));

    private static int ToChar(string text, int byteOffset)
    {
        var bytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (bytes >= byteOffset)
            {
                return i;
            }

            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 2 : 1;
            bytes += Encoding.UTF8.GetByteCount(text.AsSpan(i, width));
            i += width - 1;
        }

        return text.Length;
    }

    private static bool IsPlausibleHandle(string handle) =>
        handle.Contains('.', StringComparison.Ordinal)
        && handle.Length <= 253
        && handle.Split('.').All(label => label.Length is > 0 and <= 63 && !label.StartsWith('-') && !label.EndsWith('-'))
        && !char.IsAsciiDigit(handle[(handle.LastIndexOf('.') + 1)..].FirstOrDefault('0'));

    private static string TrimTrailingPunctuation(string value)
    {
        var end = value.Length;
        while (end > 0 && ".,;:!?\"'".Contains(value[end - 1], StringComparison.Ordinal))
        {
            end--;
        }

        // Keep a closing parenthesis only when the value opened one: "(see https://x.y/a_(b))" keeps one.
        if (end > 0 && value[end - 1] == ')' && value.AsSpan(0, end).Count('(') < value.AsSpan(0, end).Count(')'))
        {
            end--;
        }

        return value[..end];
    }

    [GeneratedRegex(@"(?<=^|[\s(])(?<url>https?://[^\s]+)", RegexOptions.IgnoreCase)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"(?<=^|[\s(])@(?<handle>[a-zA-Z0-9][a-zA-Z0-9.-]*[a-zA-Z0-9])")]
    private static partial Regex MentionPattern();

    [GeneratedRegex(@"(?<=^|\s)[#＃](?<tag>[^\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2#＃]+)")]
    private static partial Regex TagPattern();
}
