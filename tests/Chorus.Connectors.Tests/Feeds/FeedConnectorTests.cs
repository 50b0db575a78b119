using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Feeds;
using Chorus.Connectors.Tests.Support;

namespace Chorus.Connectors.Tests.Feeds;

public sealed class FeedConnectorTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 7, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(Now);
    private FeedTestServer _server = null!;

    public async Task InitializeAsync() => _server = await FeedTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private FeedConnector Connector(Uri feedUrl, bool allowLoopback = true, TimeSpan? timeout = null)
    {
        var guard = new SsrfGuard(new SsrfGuardOptions { AllowLoopback = allowLoopback });
        var options = new FeedOptions { RequestTimeout = timeout ?? TimeSpan.FromSeconds(10) };
        var client = new FeedClient(new HttpClient(guard.CreateHandler()), _time, options);
        return new FeedConnector(client, guard, feedUrl, _time);
    }

    [Fact]
    public async Task FetchAsync_ServedRss_ReturnsItemsAsListeningPostsAndValidators()
    {
        var url = _server.Serve("lemonde-rss.xml", "application/rss+xml; charset=utf-8");

        var result = await Connector(url).FetchAsync(new FeedRequest(url, null), default);

        result.Outcome.ShouldBe(ConnectorOutcome.Succeeded, result.ToString());
        var fetch = result.Value!;
        fetch.NotModified.ShouldBeFalse();
        fetch.Title.ShouldBe("Le Monde.fr - Actualités et Infos en France et dans le monde");
        fetch.Items.Count.ShouldBe(3);
        var first = fetch.Items[0];
        first.Kind.ShouldBe(ConversationKind.Post);
        first.Text.ShouldStartWith("Climat : à la COP, les négociations s’enlisent sur le financement\n\nLes pays du Sud");
        first.Author.Handle.ShouldBe("Le Monde.fr - Actualités et Infos en France et dans le monde");
        first.CreatedAt.ShouldBe(new DateTimeOffset(2026, 11, 21, 4, 30, 2, TimeSpan.Zero));
        fetch.State.ETag.ShouldNotBeNullOrEmpty();
        fetch.State.LastModified.ShouldBe("Sat, 21 Nov 2026 06:00:00 GMT");
    }

    [Fact]
    public async Task FetchAsync_SecondPollWithETag_SendsIfNoneMatchAndGets304WithoutItems()
    {
        var url = _server.Serve("bbc-news-rss.xml", "application/rss+xml");
        var connector = Connector(url);
        var first = (await connector.FetchAsync(new FeedRequest(url, null), default)).Value!;

        var second = await connector.FetchAsync(new FeedRequest(url, first.State), default);

        second.Outcome.ShouldBe(ConnectorOutcome.Succeeded, second.ToString());
        second.Value!.NotModified.ShouldBeTrue();
        second.Value.Items.ShouldBeEmpty();
        second.Value.State.ShouldBe(first.State);
        var conditional = _server.Server.Requests[^1];
        conditional.Header("If-None-Match").ShouldBe(first.State.ETag);
        conditional.Header("If-Modified-Since").ShouldBe("Sat, 21 Nov 2026 06:00:00 GMT");
    }

    [Fact]
    public async Task FetchAsync_ServerWithLastModifiedOnly_SendsIfModifiedSinceAndGets304()
    {
        var url = _server.Serve("github-atom.xml", "application/atom+xml", sendETag: false);
        var connector = Connector(url);
        var first = (await connector.FetchAsync(new FeedRequest(url, null), default)).Value!;
        first.State.ETag.ShouldBeNull();

        var second = await connector.FetchAsync(new FeedRequest(url, first.State), default);

        second.Value!.NotModified.ShouldBeTrue();
        _server.Server.Requests[^1].Header("If-None-Match").ShouldBeNull();
    }

    [Fact]
    public async Task FetchAsync_FeedChangedSinceLastPoll_ReturnsTheNewDocumentAndNewETag()
    {
        var url = _server.Serve("truncated-rss.xml", "text/xml");
        var connector = Connector(url);
        var first = (await connector.FetchAsync(new FeedRequest(url, null), default)).Value!;
        _server.Serve("truncated-rss.xml", "text/xml", FeedSamples.Bytes("relative-links-rss.xml"));

        var second = await connector.FetchAsync(new FeedRequest(url, first.State), default);

        second.Value!.NotModified.ShouldBeFalse();
        second.Value.State.ETag.ShouldNotBe(first.State.ETag);
        second.Value.Title.ShouldBe("Forum des jardiniers — derniers sujets");
    }

    [Fact]
    public async Task DownloadAsync_TruncatedDocument_SucceedsWithItemsSoFarAndTheProblem()
    {
        var url = _server.Serve("truncated-rss.xml", "text/xml");

        var result = await Connector(url).DownloadAsync(url, null, default);

        result.Value!.Feed!.Items.Count.ShouldBe(2);
        result.Value.Feed.Problems.ShouldHaveSingleItem().Message.ShouldContain("ends early");
    }

    [Fact]
    public async Task DownloadAsync_Latin1WithHttpCharset_DecodesAccents()
    {
        var url = _server.Serve("latin1-windows1252.xml", "text/xml; charset=ISO-8859-1");

        var result = await Connector(url).DownloadAsync(url, null, default);

        result.Value!.Feed!.Items.ShouldHaveSingleItem().Title.ShouldBe("Fête de la Saint-Martin à Béziers : l’été indien");
    }

    [Fact]
    public async Task DownloadAsync_RedirectToPublicPath_ResolvesRelativeLinksAgainstTheFinalUrl()
    {
        _server.Serve("relative-links-rss.xml", "application/rss+xml");
        var moved = _server.Url("moved");

        var result = await Connector(moved).DownloadAsync(moved, null, default);

        result.Outcome.ShouldBe(ConnectorOutcome.Succeeded, result.ToString());
        result.Value!.Feed!.Items[0].Link!.Host.ShouldBe("forum-jardin.example.fr");
    }

    [Fact]
    public async Task FetchAsync_429WithRetryAfter_IsRateLimitedUntilThen()
    {
        var url = _server.Url("fault/429");

        var result = await Connector(url).FetchAsync(new FeedRequest(url, null), default);

        result.Outcome.ShouldBe(ConnectorOutcome.RateLimited);
        result.RetryAt.ShouldBe(Now.AddSeconds(120));
        result.Reason!.ShouldContain("Too many requests from your reader");
    }

    [Fact]
    public async Task FetchAsync_500_IsTransient()
    {
        var url = _server.Url("fault/500");

        var result = await Connector(url).FetchAsync(new FeedRequest(url, null), default);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.Reason!.ShouldContain("500");
    }

    [Fact]
    public async Task FetchAsync_404_IsPermanentButNotAnAuthFailure()
    {
        var url = _server.Url("fault/404");

        var result = await Connector(url).FetchAsync(new FeedRequest(url, null), default);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.IsAuthFailure.ShouldBeFalse();
    }

    [Fact]
    public async Task FetchAsync_ServerTooSlow_IsTransientTimeout()
    {
        var url = _server.Url("fault/slow");

        var result = await Connector(url, timeout: TimeSpan.FromMilliseconds(500)).FetchAsync(new FeedRequest(url, null), default);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.Reason!.ShouldContain("did not answer");
    }

    [Theory]
    [InlineData("fault/garbage", "<html>")]
    [InlineData("fault/binary", "neither XML nor JSON")]
    public async Task FetchAsync_BodyIsNotAFeed_IsTransientWithTheReason(string path, string reason)
    {
        var url = _server.Url(path);

        var result = await Connector(url).FetchAsync(new FeedRequest(url, null), default);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.Reason!.ShouldContain(reason);
    }

    [Theory]
    [InlineData("fault/redirect-metadata", "link-local")]
    [InlineData("fault/redirect-private", "private address")]
    public async Task FetchAsync_RedirectToInternalAddress_IsRefusedAtConnectTime(string path, string reason)
    {
        var url = _server.Url(path);

        var result = await Connector(url).FetchAsync(new FeedRequest(url, null), default);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.Reason!.ShouldContain(reason);
    }

    [Fact]
    public async Task FetchAsync_LoopbackFeedWhenLoopbackIsNotAllowed_IsRefusedBeforeAnyRequest()
    {
        var url = _server.Serve("bbc-news-rss.xml", "application/rss+xml");

        var result = await Connector(url, allowLoopback: false).FetchAsync(new FeedRequest(url, null), default);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.Reason!.ShouldStartWith("FeedUrl:");
        result.Reason.ShouldContain("loopback");
        _server.CountRequests("/feeds/bbc-news-rss.xml").ShouldBe(0);
    }

    [Fact]
    public async Task TestAsync_ServedAtom_NamesTheFeedByItsTitle()
    {
        var url = _server.Serve("youtube-atom.xml", "application/atom+xml");

        var result = await Connector(url).TestAsync(default);

        result.Value!.DisplayName.ShouldBe("Chaîne Cuisine Facile");
        result.Value.Url!.AbsoluteUri.ShouldBe("https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv");
    }
}
