namespace Chorus.Connectors.Abstractions;

/// <summary>Fetches a syndication feed with conditional GET.</summary>
public interface IFeedSource : IConnector
{
    Task<ConnectorResult<FeedFetch>> FetchAsync(FeedRequest request, CancellationToken cancellationToken);
}

/// <param name="FeedUrl">The feed to read (checked by <see cref="SsrfGuard"/>).</param>
/// <param name="State">Validators from the previous fetch, sent as If-None-Match / If-Modified-Since.</param>
public sealed record FeedRequest(Uri FeedUrl, FeedState? State);

public sealed record FeedState(string? ETag, string? LastModified);

/// <param name="NotModified">The server answered 304; <paramref name="Items"/> is empty.</param>
public sealed record FeedFetch(bool NotModified, string? Title, IReadOnlyList<ConversationItem> Items, FeedState State);
