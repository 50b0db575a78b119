using System.Globalization;
using System.Security.Cryptography;
using Chorus.Connectors.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Chorus.Connectors.Tests.Feeds;

/// <summary>
/// Serves the sample feeds on loopback the way real servers do: a strong ETag from the content,
/// Last-Modified, and 304 for a matching If-None-Match or a recent enough If-Modified-Since. Paths
/// under /fault/ misbehave on purpose.
/// </summary>
internal sealed class FeedTestServer : IAsyncDisposable
{
    public static readonly DateTimeOffset LastModified = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, (byte[] Body, string ContentType, bool SendETag)> _documents = new(StringComparer.Ordinal);

    private FeedTestServer(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }

    public static async Task<FeedTestServer> StartAsync()
    {
        FeedTestServer? self = null;
        var server = await LoopbackServer.StartAsync((context, request) => self!.HandleAsync(context, request));
        self = new FeedTestServer(server);
        return self;
    }

    public Uri Url(string path) => new(Server.BaseUrl, path.TrimStart('/'));

    /// <summary>Serves a sample file (or new content) at /feeds/{name}.</summary>
    public Uri Serve(string name, string contentType, byte[]? body = null, bool sendETag = true)
    {
        _documents[name] = (body ?? FeedSamples.Bytes(name), contentType, sendETag);
        return Url("feeds/" + name);
    }

    public int CountRequests(string path) => Server.Requests.Count(r => r.Path == path);

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        var response = context.Response;
        switch (request.Path)
        {
            case "/fault/429":
                response.StatusCode = 429;
                response.Headers.RetryAfter = "120";
                await response.WriteAsync("{\"message\":\"Too many requests from your reader\"}");
                return;
            case "/fault/500":
                response.StatusCode = 500;
                await response.WriteAsync("<h1>Internal Server Error</h1>");
                return;
            case "/fault/404":
                response.StatusCode = 404;
                await response.WriteAsync("Not Found");
                return;
            case "/fault/slow":
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case "/fault/garbage":
                response.ContentType = "text/html; charset=utf-8";
                await response.Body.WriteAsync(FeedSamples.Bytes("not-a-feed.html"));
                return;
            case "/fault/binary":
                response.ContentType = "application/octet-stream";
                await response.Body.WriteAsync(new byte[] { 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x13, 0x37 });
                return;
            case "/fault/redirect-metadata":
                response.StatusCode = 302;
                response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
                return;
            case "/fault/redirect-private":
                response.StatusCode = 301;
                response.Headers.Location = "http://10.20.30.40/feed.xml";
                return;
            case "/moved":
                response.StatusCode = 301;
                response.Headers.Location = "/feeds/relative-links-rss.xml";
                return;
        }

        var name = request.Path.StartsWith("/feeds/", StringComparison.Ordinal) ? request.Path["/feeds/".Length..] : "";
        if (!_documents.TryGetValue(name, out var document))
        {
            response.StatusCode = 404;
            return;
        }

        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(document.Body))[..16] + "\"";
        if (document.SendETag)
        {
            response.Headers.ETag = etag;
        }

        response.Headers.LastModified = LastModified.ToString("R", CultureInfo.InvariantCulture);
        var ifNoneMatch = request.Header("If-None-Match");
        var ifModifiedSince = request.Header("If-Modified-Since");
        var notModified = ifNoneMatch is not null
            ? document.SendETag && ifNoneMatch.Split(',').Select(v => v.Trim()).Contains(etag)
            : ifModifiedSince is not null && DateTimeOffset.TryParse(ifModifiedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
              && since >= LastModified;
        if (notModified)
        {
            response.StatusCode = 304;
            return;
        }

        response.ContentType = document.ContentType;
        await response.Body.WriteAsync(document.Body);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
