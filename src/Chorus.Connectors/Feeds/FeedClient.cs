using System.Net;
using System.Net.Http.Headers;
using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Feeds;

/// <summary>What one conditional GET of a feed gave.</summary>
/// <param name="NotModified">The server answered 304: nothing new since <see cref="FeedState"/> was taken.</param>
/// <param name="Feed">The parsed document; null when not modified.</param>
/// <param name="State">Validators to send next time (kept from the request when the server sent none).</param>
public sealed record FeedDownload(bool NotModified, ParsedFeed? Feed, FeedState State);

/// <summary>
/// Fetches feeds with conditional GET (If-None-Match / If-Modified-Since). Outcomes are mapped by
/// <see cref="ConnectorHttp"/>: 429 and 503+Retry-After are RateLimited, 5xx/timeouts/garbage bodies
/// Transient, other 4xx Permanent. The URL must already have passed <see cref="SsrfGuard.CheckUrlAsync"/>;
/// the HttpClient's handler must enforce the guard at connect time (redirects included).
/// </summary>
public sealed class FeedClient(HttpClient http, TimeProvider time, FeedOptions options)
    : ConnectorHttp(http, time, options.RequestTimeout)
{
    private static readonly MediaTypeWithQualityHeaderValue[] Accept =
    [
        new("application/rss+xml"), new("application/atom+xml"), new("application/feed+json"),
        new("application/rdf+xml", 0.9), new("application/xml", 0.8), new("text/xml", 0.8),
        new("application/json", 0.7), new("*/*", 0.1),
    ];

    protected override string NetworkName => "the feed server";

    protected override bool IsSuccess(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.NotModified || base.IsSuccess(response);

    public Task<ConnectorResult<FeedDownload>> DownloadAsync(Uri feedUrl, FeedState? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedUrl);
        return SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, feedUrl);
                foreach (var accept in Accept)
                {
                    request.Headers.Accept.Add(accept);
                }

                request.Headers.UserAgent.ParseAdd(options.UserAgent);
                if (state?.ETag is { Length: > 0 } etag)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                }

                if (state?.LastModified is { Length: > 0 } lastModified)
                {
                    request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
                }

                return request;
            },
            (response, ct) => ReadAsync(response, feedUrl, state, ct),
            cancellationToken);
    }

    private async Task<FeedDownload> ReadAsync(HttpResponseMessage response, Uri feedUrl, FeedState? previous, CancellationToken cancellationToken)
    {
        var etag = response.Headers.ETag?.ToString()
            ?? (response.Headers.TryGetValues("ETag", out var raw) ? raw.FirstOrDefault() : null);
        var lastModified = response.Content.Headers.TryGetValues("Last-Modified", out var lm) ? lm.FirstOrDefault() : null;
        var state = new FeedState(etag ?? previous?.ETag, lastModified ?? previous?.LastModified);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return new FeedDownload(true, null, state);
        }

        var body = await ReadLimitedAsync(response.Content, cancellationToken);
        // The final URL after redirects is the base for relative links.
        var documentUrl = response.RequestMessage?.RequestUri ?? feedUrl;
        var feed = FeedParser.Parse(body, response.Content.Headers.ContentType?.ToString(), documentUrl);
        return new FeedDownload(false, feed, state);
    }

    private async Task<byte[]> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > options.MaxDocumentBytes)
        {
            throw new FormatException($"the feed is {content.Headers.ContentLength} bytes, more than the {options.MaxDocumentBytes} allowed");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > options.MaxDocumentBytes)
            {
                throw new FormatException($"the feed is larger than the {options.MaxDocumentBytes} bytes allowed");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
