using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Feeds;

/// <summary>
/// Listening source for blogs, news and forums: any RSS, RDF, Atom or JSON feed. Every feed URL is
/// checked by the <see cref="SsrfGuard"/> before the request, and the HttpClient given to
/// <see cref="FeedClient"/> must come from <see cref="SsrfGuard.CreateHandler"/> so redirects and DNS
/// answers are checked again at connect time.
/// </summary>
public sealed class FeedConnector(FeedClient client, SsrfGuard guard, Uri feedUrl, TimeProvider time) : IFeedSource
{
    public const string NetworkId = "feed";

    public string Network => NetworkId;

    public ConnectorCapabilities Capabilities => ConnectorCapabilities.FetchFeed;

    /// <summary>Fetches the feed once and names it after its title.</summary>
    public async Task<ConnectorResult<ConnectedAccount>> TestAsync(CancellationToken cancellationToken)
    {
        var result = await DownloadAsync(feedUrl, null, cancellationToken);
        if (!result.Succeeded)
        {
            return result.As<ConnectedAccount>();
        }

        var feed = result.Value!.Feed!;
        return ConnectorResult.Ok(new ConnectedAccount(feedUrl.AbsoluteUri, feed.Title ?? feedUrl.Host, null, feed.Link ?? feedUrl));
    }

    public async Task<ConnectorResult<FeedFetch>> FetchAsync(FeedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await DownloadAsync(request.FeedUrl, request.State, cancellationToken);
        if (!result.Succeeded)
        {
            return result.As<FeedFetch>();
        }

        var download = result.Value!;
        if (download.NotModified || download.Feed is null)
        {
            return ConnectorResult.Ok(new FeedFetch(true, null, [], download.State));
        }

        var fetchedAt = time.GetUtcNow();
        var items = download.Feed.Items.Select(item => ToConversationItem(item, download.Feed, request.FeedUrl, fetchedAt)).ToList();
        return ConnectorResult.Ok(new FeedFetch(false, download.Feed.Title, items, download.State));
    }

    /// <summary>Conditional GET of a feed after the SSRF check, with the full parsed items (problems included).</summary>
    public async Task<ConnectorResult<FeedDownload>> DownloadAsync(Uri url, FeedState? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        try
        {
            await guard.CheckUrlAsync("FeedUrl", url.OriginalString, cancellationToken);
        }
        catch (SsrfRejectedException rejected)
        {
            return ConnectorResult.Permanent(rejected.Message).As<FeedDownload>();
        }

        return await client.DownloadAsync(url, state, cancellationToken);
    }

    /// <summary>Feed items become listening posts: the title and the fullest text form the text matched by queries.</summary>
    public static ConversationItem ToConversationItem(FeedItem item, ParsedFeed feed, Uri feedUrl, DateTimeOffset fetchedAt)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(feedUrl);
        var body = item.Content ?? item.Summary;
        var text = (item.Title, body) switch
        {
            (null, null) => "",
            (not null, null) => item.Title,
            (null, not null) => body,
            _ => $"{item.Title}\n\n{body}",
        };
        var source = feed.Link ?? feedUrl;
        return new ConversationItem
        {
            RemoteId = item.Id,
            Kind = ConversationKind.Post,
            Author = new ConversationAuthor(null, item.Author ?? feed.Title ?? source.Host, item.Author ?? feed.Title, source),
            Text = text,
            CreatedAt = item.Published ?? item.Updated ?? fetchedAt,
            Url = item.Link,
        };
    }
}
