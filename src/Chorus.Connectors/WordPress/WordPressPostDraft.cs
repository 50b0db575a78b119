using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.WordPress;

/// <summary>A blog post as WordPress takes it.</summary>
/// <param name="IdempotencyKey">Stable across attempts; becomes the marker at the end of the post's slug.</param>
/// <param name="Title">Post title (plain text).</param>
/// <param name="Html">Post body as HTML (WordPress filters it by the user's capabilities).</param>
public sealed record WordPressPostDraft(string IdempotencyKey, string Title, string Html)
{
    /// <summary>When set and in the future, WordPress holds the post (status "future") until this time.</summary>
    public DateTimeOffset? PublishAt { get; init; }

    /// <summary>Category names; missing ones are created.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Tag names; missing ones are created.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Uploaded to the media library and set as the post's featured image.</summary>
    public MediaAttachment? FeaturedImage { get; init; }

    public string? Excerpt { get; init; }
}

/// <summary>A post as the site holds it.</summary>
public sealed record WordPressPost(long Id, string Status, string Slug, Uri? Link, string Title, DateTimeOffset? DateGmt,
    IReadOnlyList<long> Categories, IReadOnlyList<long> Tags, long FeaturedMedia);

/// <summary>Comment statuses as the REST API lists them (updating uses "approved" where listing uses "approve").</summary>
public enum WordPressCommentStatus
{
    Approved,
    Hold,
    Spam,
    Trash,
}
