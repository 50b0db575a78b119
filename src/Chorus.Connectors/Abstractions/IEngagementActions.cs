namespace Chorus.Connectors.Abstractions;

/// <summary>Favourite (like) and boost (repost) someone's post from the account.</summary>
public interface IEngagementActions : IConnector
{
    Task<ConnectorResult> FavouriteAsync(string remoteId, CancellationToken cancellationToken);

    Task<ConnectorResult> BoostAsync(string remoteId, CancellationToken cancellationToken);
}
