using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Mastodon;
using Chorus.Connectors.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Chorus.Connectors.Tests.Mastodon;

/// <summary>A loopback stand-in for a Mastodon instance: answers with the payloads from the API documentation
/// (Payloads/*.json) and records what the connector sent.</summary>
internal sealed class FakeMastodon : IAsyncDisposable
{
    public const string Token = "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0";

    private static readonly string PayloadDirectory =
        Path.Combine(PeerScript.RepositoryRoot, "tests", "Chorus.Connectors.Tests", "Mastodon", "Payloads");

    private readonly LoopbackServer _server;

    private FakeMastodon(LoopbackServer server) => _server = server;

    /// <summary>Answers by "METHOD /path" (no query string); unknown routes get 404 {"error":"Record not found"}.</summary>
    public ConcurrentDictionary<string, Func<HttpContext, RecordedRequest, Task>> Routes { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    public Uri BaseUrl => _server.BaseUrl;

    public static async Task<FakeMastodon> StartAsync()
    {
        var server = await LoopbackServer.StartAsync();
        var fake = new FakeMastodon(server);
        server.Handler = fake.HandleAsync;
        return fake;
    }

    public static string Payload(string name) => File.ReadAllText(Path.Combine(PayloadDirectory, name));

    public static JsonObject PayloadObject(string name) => JsonNode.Parse(Payload(name))!.AsObject();

    /// <summary>Answers a route with a documented payload.</summary>
    public void Answer(string route, string payload, int status = 200, params (string Name, string Value)[] headers) =>
        Routes[route] = (context, _) => Write(context, status, Payload(payload), headers);

    public RecordedRequest Sent(string route) =>
        Requests.Single(r => $"{r.Method} {r.Path}" == route);

    public MastodonConnector Connector(string? accountId = null, double timeoutSeconds = 5, MastodonOptions? options = null)
    {
        options ??= new MastodonOptions { RequestTimeout = TimeSpan.FromSeconds(timeoutSeconds), MediaPollInterval = TimeSpan.FromMilliseconds(20) };
        var credentials = new MastodonCredentials("TWhM-tNSuncnqN7DBJmoyeLnk6K3iJJ71KKXxgL1hPM", "ZEaFUFmF0umgBX1qKJDjaU99Q31lDkOU8NutzTOoliw", Token, accountId);
        var factory = new MastodonConnectorFactory(new LoopbackHttpClients(), TimeProvider.System, options);
        return factory.CreateMastodon(new ChannelConnection("channel-mastodon", BaseUrl, credentials.ToJson()));
    }

    public MastodonAuthorization Authorization(bool allowLoopback = true) =>
        new MastodonConnectorFactory(new LoopbackHttpClients(), TimeProvider.System, new MastodonOptions { Website = new Uri("https://chorus.example/") })
            .CreateAuthorization(new SsrfGuard(new SsrfGuardOptions { AllowLoopback = allowLoopback }));

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    public static Task Write(HttpContext context, int status, string body, params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        return context.Response.WriteAsync(body);
    }

    private Task HandleAsync(HttpContext context, RecordedRequest request) =>
        Routes.TryGetValue($"{request.Method} {request.Path}", out var route)
            ? route(context, request)
            : Write(context, 404, """{"error":"Record not found"}""");

    private sealed class LoopbackHttpClients : IHttpClientFactory
    {
        private static readonly SsrfGuard Guard = new(new SsrfGuardOptions { AllowLoopback = true });

        public HttpClient CreateClient(string name) => new(Guard.CreateHandler());
    }
}
