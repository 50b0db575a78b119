namespace Chorus.Connectors.Abstractions;

/// <summary>A connection to one account on one network. Implement the capability interfaces the network supports.</summary>
public interface IConnector
{
    /// <summary>Stable network id ("bluesky", "mastodon", "wordpress", "feed"...).</summary>
    string Network { get; }

    ConnectorCapabilities Capabilities { get; }

    /// <summary>Checks the credentials and says who we are on the network (account or site name).</summary>
    Task<ConnectorResult<ConnectedAccount>> TestAsync(CancellationToken cancellationToken);
}

/// <summary>Who the channel's credentials act as.</summary>
/// <param name="RemoteId">The network's stable id for the account (DID, account id, site URL).</param>
/// <param name="DisplayName">Name shown to people (display name or site title).</param>
/// <param name="Handle">The account's handle when the network has one.</param>
/// <param name="Url">Public page of the account or site.</param>
public sealed record ConnectedAccount(string RemoteId, string DisplayName, string? Handle, Uri? Url);
