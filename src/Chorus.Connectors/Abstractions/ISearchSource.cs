namespace Chorus.Connectors.Abstractions;

/// <summary>Finds public posts by keyword or hashtag, for listening.</summary>
public interface ISearchSource : IConnector
{
    Task<ConnectorResult<ConversationPage>> SearchAsync(SearchQuery query, CancellationToken cancellationToken);
}

/// <param name="Terms">Keywords as the network's search understands them; a leading '#' asks for a hashtag.</param>
/// <param name="Cursor">Opaque paging cursor from a previous page.</param>
/// <param name="Since">Only posts created after this instant, when the network can filter.</param>
/// <param name="Limit">Page size.</param>
public sealed record SearchQuery(string Terms, string? Cursor = null, DateTimeOffset? Since = null, int Limit = 25);
