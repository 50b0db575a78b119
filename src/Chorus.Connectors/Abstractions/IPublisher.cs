namespace Chorus.Connectors.Abstractions;

/// <summary>Publishes posts. Exactly-once for the user: before retrying a publish that may have reached the
/// network, the app calls <see cref="FindPublishedAsync"/> with the same draft.</summary>
public interface IPublisher : IConnector
{
    /// <summary>Mints the idempotency key for a new variant; the app stores it with the variant and sends it with
    /// every attempt. Networks with a required format (a Bluesky record key is a TID) override this.</summary>
    string NewIdempotencyKey() => Guid.NewGuid().ToString("N");

    Task<ConnectorResult<PublishedPost>> PublishAsync(PostDraft draft, CancellationToken cancellationToken);

    /// <summary>Looks up a draft that an earlier attempt may have published, by the marker derived from its
    /// <see cref="PostDraft.IdempotencyKey"/>. Succeeds with null when the network has no such post.</summary>
    Task<ConnectorResult<PublishedPost?>> FindPublishedAsync(PostDraft draft, CancellationToken cancellationToken);

    /// <summary>Deletes a published post; deleting a post that is already gone succeeds.</summary>
    Task<ConnectorResult> DeleteAsync(string remoteId, CancellationToken cancellationToken);
}

/// <summary>One variant of a post for one channel.</summary>
public sealed record PostDraft
{
    /// <summary>Stable for every attempt at publishing this variant (see <see cref="IPublisher.NewIdempotencyKey"/>).</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Plain text; links, @mentions and #hashtags are recognised by connectors whose network needs them marked.</summary>
    public required string Text { get; init; }

    /// <summary>Title, for networks that have one (blog posts).</summary>
    public string? Title { get; init; }

    public IReadOnlyList<MediaAttachment> Media { get; init; } = [];

    /// <summary>Remote id of the post this one answers; a thread is published as a chain of drafts, each
    /// answering the previous one.</summary>
    public string? InReplyToRemoteId { get; init; }

    /// <summary>BCP 47 language tag ("fr", "en").</summary>
    public string? Language { get; init; }

    /// <summary>Content warning / spoiler text shown before the post.</summary>
    public string? ContentWarning { get; init; }

    public PostVisibility Visibility { get; init; } = PostVisibility.Public;

    public PollDraft? Poll { get; init; }
}

public enum PostVisibility
{
    Public,
    /// <summary>Public but kept out of public timelines (Mastodon "unlisted").</summary>
    Unlisted,
    FollowersOnly,
    /// <summary>Only people mentioned (Mastodon "direct").</summary>
    Direct,
}

/// <summary>An image or video to attach.</summary>
public sealed record MediaAttachment
{
    public required string FileName { get; init; }

    /// <summary>MIME type ("image/jpeg").</summary>
    public required string ContentType { get; init; }

    public required ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>Alternative text for people who cannot see the image.</summary>
    public string? AltText { get; init; }

    /// <summary>Focal point, each coordinate from -1 to 1 (Mastodon convention: x right, y up).</summary>
    public (double X, double Y)? Focus { get; init; }
}

public sealed record PollDraft(IReadOnlyList<string> Options, TimeSpan ExpiresIn, bool Multiple = false, bool HideTotals = false);

/// <summary>Where a published post lives on the network.</summary>
/// <param name="RemoteId">The network's id for the post (AT URI, status id, post id).</param>
/// <param name="Url">Public web address, when the network has one.</param>
public sealed record PublishedPost(string RemoteId, Uri? Url);
