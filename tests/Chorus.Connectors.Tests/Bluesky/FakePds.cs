using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Bluesky;
using Chorus.Connectors.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Chorus.Connectors.Tests.Bluesky;

/// <summary>A loopback stand-in for a PDS that answers the XRPC calls the fault tests need (sessions, records) the
/// way the real server does, and lets a test inject a fault into one endpoint.</summary>
internal sealed class FakePds : IAsyncDisposable
{
    public const string Did = "did:plc:fakealice";

    private readonly LoopbackServer _server;
    private int _sessions;

    private FakePds(LoopbackServer server) => _server = server;

    public ConcurrentDictionary<string, JsonObject> Records { get; } = new();

    public string AccessToken { get; private set; } = "";

    public string RefreshToken { get; private set; } = "";

    /// <summary>Tokens the server now rejects with ExpiredToken.</summary>
    public HashSet<string> ExpiredTokens { get; } = [];

    public bool AppPasswordRevoked { get; set; }

    /// <summary>Runs instead of the normal answer for an endpoint; return false to fall through to it.</summary>
    public Dictionary<string, Func<HttpContext, RecordedRequest, Task<bool>>> Faults { get; } = [];

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    public Uri BaseUrl => _server.BaseUrl;

    public static async Task<FakePds> StartAsync()
    {
        var server = await LoopbackServer.StartAsync();
        var pds = new FakePds(server);
        server.Handler = pds.HandleAsync;
        return pds;
    }

    public int Calls(string nsid) => Requests.Count(r => r.Path == $"/xrpc/{nsid}");

    public BlueskyConnector Connector(BlueskyCredentials? credentials = null, Func<string, CancellationToken, Task>? persist = null, double timeoutSeconds = 5)
    {
        var time = TimeProvider.System;
        var options = new BlueskyOptions { RequestTimeout = TimeSpan.FromSeconds(timeoutSeconds) };
        var client = new BlueskyClient(new HttpClient(), time, options.RequestTimeout, BaseUrl,
            credentials ?? new BlueskyCredentials("alice.test", "app-pass"), persist);
        return new BlueskyConnector(client, time, options);
    }

    public static PostDraft Draft(string text = "Bonjour", string? key = null) =>
        new() { IdempotencyKey = key ?? RecordKey.NewTid(TimeProvider.System), Text = text };

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        var nsid = request.Path.Replace("/xrpc/", "", StringComparison.Ordinal);
        if (Faults.TryGetValue(nsid, out var fault) && await fault(context, request))
        {
            return;
        }

        var bearer = request.Header("Authorization")?.Replace("Bearer ", "", StringComparison.Ordinal);
        switch (nsid)
        {
            case "com.atproto.server.createSession":
                if (AppPasswordRevoked)
                {
                    await Error(context, 401, "AuthenticationRequired", "Invalid identifier or password");
                    return;
                }

                await NewSession(context);
                return;
            case "com.atproto.server.refreshSession":
                if (bearer != RefreshToken || ExpiredTokens.Contains(bearer))
                {
                    await Error(context, 400, "ExpiredToken", "Token has been revoked");
                    return;
                }

                await NewSession(context);
                return;
        }

        if (bearer is null || ExpiredTokens.Contains(bearer))
        {
            await Error(context, 400, "ExpiredToken", "Token has expired");
            return;
        }

        if (bearer != AccessToken)
        {
            await Error(context, 400, "InvalidToken", "Token could not be verified");
            return;
        }

        switch (nsid)
        {
            case "com.atproto.repo.createRecord":
            {
                var input = JsonNode.Parse(request.BodyText)!.AsObject();
                var rkey = input["rkey"]!.GetValue<string>();
                var record = new JsonObject
                {
                    ["uri"] = $"at://{Did}/{input["collection"]}/{rkey}",
                    ["cid"] = $"bafyfake{rkey}",
                    ["value"] = input["record"]!.DeepClone(),
                };
                if (!Records.TryAdd(rkey, record))
                {
                    // What the reference PDS answers for a record key already in use.
                    await Error(context, 500, "InternalServerError", "Internal Server Error");
                    return;
                }

                await Json(context, 200, new JsonObject { ["uri"] = record["uri"]!.DeepClone(), ["cid"] = record["cid"]!.DeepClone() });
                return;
            }

            case "com.atproto.repo.getRecord":
            {
                var rkey = context.Request.Query["rkey"].ToString();
                if (Records.TryGetValue(rkey, out var record))
                {
                    await Json(context, 200, record.DeepClone());
                }
                else
                {
                    await Error(context, 400, "RecordNotFound", $"Could not locate record: at://{Did}/app.bsky.feed.post/{rkey}");
                }

                return;
            }

            case "app.bsky.actor.getProfile":
                await Json(context, 200, new JsonObject { ["did"] = Did, ["handle"] = "alice.test", ["displayName"] = "Alice" });
                return;
            default:
                await Error(context, 501, "MethodNotImplemented", $"Method Not Implemented: {nsid}");
                return;
        }
    }

    private async Task NewSession(HttpContext context)
    {
        var n = Interlocked.Increment(ref _sessions);
        AccessToken = $"access-{n}";
        RefreshToken = $"refresh-{n}";
        await Json(context, 200, new JsonObject { ["did"] = Did, ["handle"] = "alice.test", ["accessJwt"] = AccessToken, ["refreshJwt"] = RefreshToken });
    }

    public static Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public static Task Error(HttpContext context, int status, string error, string message) =>
        Json(context, status, new JsonObject { ["error"] = error, ["message"] = message });

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
