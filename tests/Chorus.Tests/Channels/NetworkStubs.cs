using System.Text;
using Chorus.Connectors.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Chorus.Tests.Channels;

/// <summary>Loopback servers standing in for the networks: a feed server, a WordPress REST API and a Mastodon
/// instance answering with the payloads of Mastodon's documentation.</summary>
internal static class NetworkStubs
{
    public const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Brand news</title><link>https://brand.example/</link><description>News</description>
        <item><title>Hello</title><link>https://brand.example/hello</link><guid>https://brand.example/hello</guid>
        <pubDate>Fri, 20 Nov 2026 10:00:00 GMT</pubDate><description>First post</description></item>
        </channel></rss>
        """;

    /// <summary>/feed.xml is an RSS feed; /page.html is a web page, not a feed.</summary>
    public static Task<LoopbackServer> FeedServerAsync() => LoopbackServer.StartAsync((context, request) => request.Path switch
    {
        "/feed.xml" => Write(context, 200, "application/rss+xml", Rss),
        "/page.html" => Write(context, 200, "text/html", "<!doctype html><html><head><title>Not a feed</title></head><body><p>Hello</p></body></html>"),
        _ => Write(context, 404, "text/plain", "not found"),
    });

    /// <summary>A WordPress site whose only account is editor / the given application password.</summary>
    public static Task<LoopbackServer> WordPressAsync(Func<string> password) => LoopbackServer.StartAsync((context, request) =>
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("editor:" + password()));
        if (request.Path == "/wp-json/" || request.Path == "/wp-json")
            return Write(context, 200, "application/json", $$"""{"name":"Brand blog","home":"{{context.Request.Scheme}}://{{context.Request.Host}}"}""");
        if (request.Path == "/wp-json/wp/v2/users/me")
        {
            return request.Header("Authorization") == expected
                ? Write(context, 200, "application/json", """{"id":2,"username":"editor","name":"Editor","slug":"editor"}""")
                : Write(context, 401, "application/json", """{"code":"incorrect_password","message":"The provided password is an invalid application password.","data":{"status":401}}""");
        }
        return Write(context, 404, "application/json", """{"code":"rest_no_route","message":"No route was found matching the URL and request method.","data":{"status":404}}""");
    });

    private static readonly string MastodonPayloads = Path.Combine(PeerScript.RepositoryRoot, "tests", "Chorus.Connectors.Tests", "Mastodon", "Payloads");

    /// <summary>A Mastodon instance: app registration, token exchange, verify_credentials and revoke, as documented.</summary>
    public static Task<LoopbackServer> MastodonAsync() => LoopbackServer.StartAsync((context, request) => $"{request.Method} {request.Path}" switch
    {
        "POST /api/v1/apps" => Write(context, 200, "application/json", Payload("app.json")),
        "POST /oauth/token" => Write(context, 200, "application/json", Payload("token.json")),
        "GET /api/v1/accounts/verify_credentials" => Write(context, 200, "application/json", Payload("account.json")),
        "POST /oauth/revoke" => Write(context, 200, "application/json", "{}"),
        _ => Write(context, 404, "application/json", """{"error":"Record not found"}"""),
    });

    public static string Payload(string name) => File.ReadAllText(Path.Combine(MastodonPayloads, name));

    private static async Task Write(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    }
}
