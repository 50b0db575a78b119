using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Chorus.Connectors.Abstractions;

/// <summary>A file attached to a variant, as far as the rules need it (its bytes are not read).</summary>
/// <param name="ContentType">MIME type ("image/jpeg").</param>
/// <param name="Bytes">The file's size.</param>
public sealed record VariantMedia(string ContentType, long Bytes, string? AltText = null);

/// <summary>A post of a thread after the first one.</summary>
public sealed record VariantPart(string Text, IReadOnlyList<VariantMedia>? Media = null);

/// <summary>What one variant (one post for one channel) holds, as the composer has it.</summary>
public sealed record VariantContent
{
    public string Text { get; init; } = "";

    public string? Title { get; init; }

    public string? ContentWarning { get; init; }

    public IReadOnlyList<VariantMedia> Media { get; init; } = [];

    /// <summary>The thread's following posts, in order.</summary>
    public IReadOnlyList<VariantPart> Parts { get; init; } = [];
}

/// <summary>What the workspace adds to the network's rules.</summary>
/// <param name="AltTextRequired">Every image and video needs an alternative text.</param>
public sealed record VariantPolicy(bool AltTextRequired = false)
{
    public static VariantPolicy Default { get; } = new();
}

/// <summary>Why a variant cannot be published as it is.</summary>
public enum VariantProblemKind
{
    /// <summary>Nothing to publish: no text and no file.</summary>
    Empty,

    /// <summary>A required value is missing (a WordPress title).</summary>
    Required,

    /// <summary>Longer than the network counts as allowed; <see cref="VariantProblem.Start"/> is where it goes over.</summary>
    TooLong,

    /// <summary>More UTF-8 bytes than the network stores.</summary>
    TooManyBytes,

    /// <summary>More files than a post may carry.</summary>
    TooManyFiles,

    /// <summary>A file type the network does not take.</summary>
    FileType,

    /// <summary>A file larger than the network takes.</summary>
    FileTooLarge,

    /// <summary>A file has no alternative text and the workspace requires one.</summary>
    AltTextRequired,

    /// <summary>The network does not offer this (files, threads, content warnings).</summary>
    NotSupported,
}

/// <summary>
/// One problem of a variant. <paramref name="Field"/> is a path into the variant: <c>text</c>, <c>title</c>,
/// <c>contentWarning</c>, <c>media</c>, <c>media[1]</c>, <c>media[1].altText</c>, <c>parts</c>, <c>parts[2].text</c>,
/// <c>parts[2].media[0]</c> (indexes from 0).
/// </summary>
/// <param name="Length">The counted value (characters, bytes, files) when the problem is about an amount.</param>
/// <param name="Limit">The network's limit for that amount.</param>
/// <param name="Start">For text over its limit: the UTF-16 offset in the field of the first character past the limit.</param>
public sealed record VariantProblem(string Field, VariantProblemKind Kind, string Message, long? Length = null, long? Limit = null, int? Start = null);

/// <summary>A text's length as the network counts it, for a live counter ("287 / 300").</summary>
/// <param name="Limit">Null when the network sets none.</param>
public sealed record TextCount(string Field, int Length, int? Limit);

/// <summary>Every problem of a variant, and the length of each of its texts.</summary>
public sealed record VariantCheck(IReadOnlyList<VariantProblem> Problems, IReadOnlyList<TextCount> Counts)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Checks a variant against a network's limits as the network counts them, and returns every problem at once.
/// Pure: the composer runs it on each keystroke, the publishing workflow on submit and before publishing.
/// </summary>
public static partial class VariantRules
{
    /// <summary>Checks <paramref name="variant"/> for a network, from its descriptor's limits and capabilities.</summary>
    public static VariantCheck Check(NetworkDescriptor network, VariantContent variant, VariantPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Check(network.Limits, network.Capabilities, variant, policy);
    }

    /// <summary>Checks <paramref name="variant"/> against <paramref name="limits"/>; threads need
    /// <see cref="ConnectorCapabilities.PublishThreads"/> in <paramref name="capabilities"/>.</summary>
    public static VariantCheck Check(NetworkLimits limits, ConnectorCapabilities capabilities, VariantContent variant, VariantPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(variant);
        policy ??= VariantPolicy.Default;
        var problems = new List<VariantProblem>();
        var counts = new List<TextCount>();

        if (limits.TitleRequired && string.IsNullOrWhiteSpace(variant.Title))
        {
            problems.Add(new("title", VariantProblemKind.Required, "A title is required on this network."));
        }

        var warning = variant.ContentWarning ?? "";
        if (warning.Length > 0 && !limits.ContentWarnings)
        {
            problems.Add(new("contentWarning", VariantProblemKind.NotSupported, "This network has no content warning; remove it."));
        }

        var warningCounted = limits.Text is { IncludesContentWarning: true } && limits.ContentWarnings ? warning : "";
        CheckPost("", variant.Text, variant.Media, warningCounted, variant.Title, limits, policy, problems, counts);

        if (variant.Parts.Count > 0 && !capabilities.HasFlag(ConnectorCapabilities.PublishThreads))
        {
            problems.Add(new("parts", VariantProblemKind.NotSupported, "This network does not publish threads; keep one post.", variant.Parts.Count, 0));
        }
        else
        {
            for (var i = 0; i < variant.Parts.Count; i++)
            {
                var part = variant.Parts[i] ?? throw new ArgumentException($"parts[{i}] is null.", nameof(variant));
                CheckPost($"parts[{i}].", part.Text ?? "", part.Media ?? [], "", title: null, limits, policy, problems, counts);
            }
        }

        return new VariantCheck(problems, counts);
    }

    /// <summary>The length of <paramref name="text"/> as the network counts it.</summary>
    public static int Length(TextLimit limit, string text) => Measure(limit, text, int.MaxValue).Length;

    private static void CheckPost(
        string prefix, string text, IReadOnlyList<VariantMedia> media, string contentWarning, string? title,
        NetworkLimits limits, VariantPolicy policy, List<VariantProblem> problems, List<TextCount> counts)
    {
        var field = prefix + "text";
        if (string.IsNullOrWhiteSpace(text) && media.Count == 0 && string.IsNullOrWhiteSpace(title))
        {
            problems.Add(new(field, VariantProblemKind.Empty, "Write some text or attach a file."));
        }

        if (limits.Text is { } limit)
        {
            // The warning comes first, as the network joins them: the overflow offset is then found in the text.
            var warningLength = contentWarning.Length == 0 ? 0 : Measure(limit, contentWarning, int.MaxValue).Length;
            var measured = Measure(limit, text, limit.MaxLength - warningLength);
            var length = warningLength + measured.Length;
            counts.Add(new TextCount(field, length, limit.MaxLength));
            if (length > limit.MaxLength)
            {
                var with = warningLength > 0 ? " (with the content warning)" : "";
                problems.Add(new(field, VariantProblemKind.TooLong,
                    $"{length} characters{with}; this network allows {limit.MaxLength}.", length, limit.MaxLength, measured.Overflow ?? 0));
            }

            if (limit.MaxUtf8Bytes is { } maxBytes && Encoding.UTF8.GetByteCount(text) is var bytes && bytes > maxBytes)
            {
                problems.Add(new(field, VariantProblemKind.TooManyBytes,
                    $"{bytes} bytes in UTF-8; this network stores at most {maxBytes} (long emoji sequences take many bytes).", bytes, maxBytes));
            }
        }
        else
        {
            counts.Add(new TextCount(field, new StringInfo(text).LengthInTextElements, null));
        }

        CheckMedia(prefix + "media", media, limits.Media, policy, problems);
    }

    private static void CheckMedia(string field, IReadOnlyList<VariantMedia> media, MediaLimit? limit, VariantPolicy policy, List<VariantProblem> problems)
    {
        if (media.Count == 0)
        {
            return;
        }

        if (limit is null)
        {
            problems.Add(new(field, VariantProblemKind.NotSupported, "This network takes no files; remove them.", media.Count, 0));
            return;
        }

        if (media.Count > limit.MaxCount)
        {
            problems.Add(new(field, VariantProblemKind.TooManyFiles, $"{media.Count} files; this network takes {limit.MaxCount} per post.", media.Count, limit.MaxCount));
        }

        for (var i = 0; i < media.Count; i++)
        {
            var item = media[i] ?? throw new ArgumentException($"{field}[{i}] is null.", nameof(media));
            var itemField = $"{field}[{i}]";
            var format = limit.FormatOf(item.ContentType ?? "");
            if (format is null)
            {
                problems.Add(new(itemField, VariantProblemKind.FileType,
                    $"{(string.IsNullOrEmpty(item.ContentType) ? "This file type" : item.ContentType)} is not taken; this network takes {string.Join(", ", limit.ContentTypes)}."));
            }
            else if (format.MaxBytes is { } maxBytes && item.Bytes > maxBytes)
            {
                problems.Add(new(itemField, VariantProblemKind.FileTooLarge,
                    $"{item.Bytes:N0} bytes; this network takes {format.ContentType} files up to {maxBytes:N0} bytes.", item.Bytes, maxBytes));
            }

            var alt = item.AltText ?? "";
            if (policy.AltTextRequired && string.IsNullOrWhiteSpace(alt))
            {
                problems.Add(new(itemField + ".altText", VariantProblemKind.AltTextRequired, "Describe this file for people who cannot see it: the workspace requires an alternative text."));
            }
            else if (limit.MaxAltTextLength is { } maxAlt && new StringInfo(alt).LengthInTextElements is var altLength && altLength > maxAlt)
            {
                problems.Add(new(itemField + ".altText", VariantProblemKind.TooLong, $"{altLength} characters; this network allows {maxAlt}.", altLength, maxAlt,
                    new StringInfo(alt).SubstringByTextElements(0, maxAlt).Length));
            }
        }
    }

    /// <summary>Counts <paramref name="text"/> the network's way; <c>Overflow</c> is the UTF-16 offset of the first
    /// character that takes the count past <paramref name="budget"/>, or null when it stays within.</summary>
    private static (int Length, int? Overflow) Measure(TextLimit limit, string text, int budget)
    {
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(text);
        var spans = WeightedSpans(limit, text);
        var length = 0;
        int? overflow = null;
        var next = 0;
        var i = 0;
        while (i < text.Length)
        {
            int width, weight;
            while (next < spans.Count && spans[next].Start < i)
            {
                // A span that starts inside a grapheme cluster is counted as written.
                next++;
            }
            if (next < spans.Count && spans[next].Start == i)
            {
                (_, width, weight) = spans[next++];
            }
            else
            {
                width = limit.Counting == TextCounting.Graphemes ? StringInfo.GetNextTextElementLength(text, i) : 1;
                weight = 1;
            }

            length += weight;
            if (overflow is null && length > budget)
            {
                overflow = i;
            }
            i += width;
        }
        return (length, overflow);
    }

    // Links and remote mentions that count other than as written, in order, not overlapping: (start, width, weight).
    private static List<(int Start, int Width, int Weight)> WeightedSpans(TextLimit limit, string text)
    {
        var spans = new List<(int Start, int Width, int Weight)>();
        if (limit.LinkLength is { } linkLength)
        {
            foreach (Match match in LinkPattern().Matches(text))
            {
                var width = TrimTrailingPunctuation(text.AsSpan(match.Index, match.Length));
                spans.Add((match.Index, width, linkLength));
            }
        }

        if (limit.Mentions == MentionCounting.LocalPart)
        {
            var links = spans.ToArray();
            foreach (Match match in RemoteMentionPattern().Matches(text))
            {
                if (links.Any(link => match.Index < link.Start + link.Width && link.Start < match.Index + match.Length))
                {
                    continue;
                }
                var local = match.Groups["local"];
                var localWeight = limit.Counting == TextCounting.Graphemes ? new StringInfo(local.Value).LengthInTextElements : local.Length;
                spans.Add((match.Index, match.Length, 1 + localWeight));
            }
            spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        }
        return spans;
    }

    // A link ends before the punctuation that closes its sentence, and before a closing bracket it did not open.
    private static int TrimTrailingPunctuation(ReadOnlySpan<char> link)
    {
        var end = link.Length;
        while (end > 0)
        {
            var last = link[end - 1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"' or '»' or '…')
            {
                end--;
            }
            else if (last is ')' && link[..end].Count('(') < link[..end].Count(')'))
            {
                end--;
            }
            else if (last is ']' && link[..end].Count('[') < link[..end].Count(']'))
            {
                end--;
            }
            else
            {
                break;
            }
        }
        return end;
    }

    // An http(s) address with a dotted host (or localhost), not glued to a word before it, up to a space or an angle
    // bracket or quote: how Mastodon's extractor finds the links it counts as 23, closely enough for a counter.
    [GeneratedRegex(@"(?<![\p{L}\p{N}@$#/])https?://(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+|localhost)(?::\d{1,5})?(?:[/?#][^\s<>""]*)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    // Mastodon's Account::MENTION_RE restricted to remote accounts: @user@domain, the user name of letters, digits,
    // underscores, dots and dashes inside.
    [GeneratedRegex(@"(?<![=/\w])@(?<local>[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)@\w+(?:[.-]+\w+)*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RemoteMentionPattern();
}
