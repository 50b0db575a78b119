namespace Chorus.Connectors.Abstractions;

/// <summary>Answers a comment, reply or mention on the network.</summary>
public interface IReplier : IConnector
{
    Task<ConnectorResult<PublishedPost>> ReplyAsync(ReplyDraft reply, CancellationToken cancellationToken);
}

/// <param name="InReplyToRemoteId">Remote id of the item answered (<see cref="ConversationItem.RemoteId"/>).</param>
/// <param name="Text">Plain text of the answer.</param>
/// <param name="IdempotencyKey">Stable across retries, like <see cref="PostDraft.IdempotencyKey"/>.</param>
public sealed record ReplyDraft(string InReplyToRemoteId, string Text, string IdempotencyKey);
