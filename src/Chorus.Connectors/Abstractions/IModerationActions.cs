namespace Chorus.Connectors.Abstractions;

/// <summary>Acts on an item or its author on the network.</summary>
public interface IModerationActions : IConnector
{
    /// <summary>True when the connector can perform the action on this network.</summary>
    bool Supports(ModerationAction action);

    Task<ConnectorResult> ModerateAsync(ModerationRequest request, CancellationToken cancellationToken);
}

public enum ModerationAction
{
    Hide,
    Unhide,
    Approve,
    Hold,
    Spam,
    Trash,
    Delete,
    /// <summary>Blocks the author.</summary>
    Block,
    /// <summary>Mutes the author.</summary>
    Mute,
    /// <summary>Reports the item (or the author when no item is given) to the network's moderators.</summary>
    Report,
}

/// <param name="Action">What to do.</param>
/// <param name="TargetRemoteId">Remote id of the item (comment, post); may be null for author-only actions.</param>
/// <param name="AuthorRemoteId">Remote id of the author (DID, account id), for Block/Mute/Report.</param>
/// <param name="Reason">Free text sent with a report.</param>
public sealed record ModerationRequest(ModerationAction Action, string? TargetRemoteId, string? AuthorRemoteId = null, string? Reason = null);
