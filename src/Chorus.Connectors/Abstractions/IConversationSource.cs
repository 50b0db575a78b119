namespace Chorus.Connectors.Abstractions;

/// <summary>Reads what people say to or about the account: comments, replies, mentions, messages, reactions.</summary>
public interface IConversationSource : IConnector
{
    /// <summary>Items newer than <see cref="ConversationQuery.Cursor"/> (or the latest page when it is null).
    /// Pass the returned <see cref="ConversationPage.Cursor"/> next time; when <see cref="ConversationPage.HasMore"/>
    /// is true, call again at once.</summary>
    Task<ConnectorResult<ConversationPage>> ReadAsync(ConversationQuery query, CancellationToken cancellationToken);
}

public sealed record ConversationQuery(string? Cursor = null, int Limit = 50);

/// <param name="Items">Newest last is not guaranteed; sort by <see cref="ConversationItem.CreatedAt"/>.</param>
/// <param name="Cursor">Opaque; give it back to get only newer items. Null when nothing was seen yet.</param>
/// <param name="HasMore">More items are waiting beyond this page.</param>
public sealed record ConversationPage(IReadOnlyList<ConversationItem> Items, string? Cursor, bool HasMore);

public enum ConversationKind
{
    Comment,
    Reply,
    Mention,
    Quote,
    DirectMessage,
    Like,
    Repost,
    Follow,
    /// <summary>A post found by listening (search), not addressed to the account.</summary>
    Post,
}

/// <summary>Someone on the network.</summary>
public sealed record ConversationAuthor(string? RemoteId, string Handle, string? DisplayName, Uri? Url);

/// <summary>One comment, reply, mention, message or reaction.</summary>
public sealed record ConversationItem
{
    public required string RemoteId { get; init; }

    public required ConversationKind Kind { get; init; }

    public required ConversationAuthor Author { get; init; }

    /// <summary>Plain text; any HTML from the network has been converted safely.</summary>
    public required string Text { get; init; }

    /// <summary>The network's HTML, untrusted: never render it without sanitising.</summary>
    public string? Html { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Remote id of the post or comment this item answers.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>For reactions (like, repost, quote): the remote id of our post they are about.</summary>
    public string? SubjectRemoteId { get; init; }

    public Uri? Url { get; init; }

    /// <summary>Network-side status when it has one ("approved", "hold", "spam").</summary>
    public string? Status { get; init; }
}
