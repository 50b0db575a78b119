namespace Chorus.Text.Matching;

/// <summary>A post as the matcher sees it. Only <see cref="Text"/> is required.</summary>
public sealed class Post
{
    /// <summary>The body text.</summary>
    public required string Text { get; init; }

    /// <summary>Title (articles, feed items).</summary>
    public string? Title { get; init; }

    /// <summary>Author handle, with or without a leading '@'.</summary>
    public string? Author { get; init; }

    /// <summary>Author display name (not searchable by a field, kept for callers).</summary>
    public string? AuthorName { get; init; }

    /// <summary>Link to the post.</summary>
    public string? Url { get; init; }

    /// <summary>Host; derived from <see cref="Url"/> when absent.</summary>
    public string? Site { get; init; }

    /// <summary>ISO 639-1 language code; when absent, <c>lang:</c> uses the language detected from the text.</summary>
    public string? Lang { get; init; }

    /// <summary>Country code or name.</summary>
    public string? Country { get; init; }

    /// <summary>Network: bluesky, mastodon, rss, wordpress...</summary>
    public string? Source { get; init; }

    /// <summary>Author's followers.</summary>
    public long? Followers { get; init; }

    /// <summary>Verified author; absent means not verified.</summary>
    public bool? Verified { get; init; }

    /// <summary>post, reply, repost, quote, comment.</summary>
    public string? Kind { get; init; }

    /// <summary>Whether the post carries links; derived from the text (http://, https://, www.) when absent.</summary>
    public bool? HasLinks { get; init; }

    /// <summary>Whether the post carries images or video; absent means no.</summary>
    public bool? HasMedia { get; init; }
}
