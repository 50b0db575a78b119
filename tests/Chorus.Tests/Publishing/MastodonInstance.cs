using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Chorus.Connectors.Mastodon;
using Chorus.Connectors.Tests.Support;
using Chorus.Tests.Channels;
using Microsoft.AspNetCore.Http;

namespace Chorus.Tests.Publishing;

/// <summary>What the next POST /api/v1/statuses meets.</summary>
public enum StatusFault
{
    /// <summary>No fault: stored and answered.</summary>
    None,

    /// <summary>500, nothing stored.</summary>
    ServerError,

    /// <summary>429 with Retry-After: 1, nothing stored.</summary>
    RateLimited,

    /// <summary>The status is stored, then the connection is dropped before the answer: the client cannot know.</summary>
    LostResponse,

    /// <summary>422 with Mastodon's validation error, nothing stored.</summary>
    Refused,

    /// <summary>The status is stored, then the answer is held longer than the client waits: it times out not knowing.</summary>
    StoredThenTimedOut,

    /// <summary>No answer within the client's patience and nothing stored (an instance too busy to take it).</summary>
    TimedOut,
}

/// <summary>
/// A Mastodon instance on loopback that keeps the statuses it is sent, answering with the documented status payload
/// (tests/Chorus.Connectors.Tests/Mastodon/Payloads), and meets the next requests with the faults queued. It does not
/// honour Idempotency-Key, so a status is never sent twice only because Chorus looked it up first.
/// </summary>
public sealed class MastodonInstance : IAsyncDisposable
{
    public const string AccountId = "1";

    /// <summary>How long a timed-out answer is held: longer than the client's RequestTimeout in the tests (2 s).</summary>
    public static readonly TimeSpan HeldAnswer = TimeSpan.FromSeconds(6);

    private readonly ConcurrentQueue<StatusFault> _faults = new();
    private readonly List<JsonObject> _statuses = [];
    private LoopbackServer _server = null!;
    private int _posts;
    private int _heldAnswers;
    private TimeSpan _answerDelay;

    public Uri BaseUrl => _server.BaseUrl;

    /// <summary>POST /api/v1/statuses received, whatever their answer.</summary>
    public int PostsReceived => Volatile.Read(ref _posts);

    /// <summary>Lookups of the account's statuses (what FindPublishedAsync reads).</summary>
    public int Lookups => _server.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/statuses", StringComparison.Ordinal));

    /// <summary>Statuses stored whose answer is still on its way (see <see cref="DelayAnswers"/>).</summary>
    public int AnswersInFlight => Volatile.Read(ref _heldAnswers);

    /// <summary>From now on every status is stored at once and answered after <paramref name="delay"/>, as a slow
    /// instance would: a process killed meanwhile leaves a status it never heard of.</summary>
    public void DelayAnswers(TimeSpan delay) => _answerDelay = delay;

    public IReadOnlyList<JsonObject> Statuses
    {
        get
        {
            lock (_statuses) return [.. _statuses];
        }
    }

    public static string Credentials => new MastodonCredentials("client", "secret", "token", AccountId).ToJson();

    public static async Task<MastodonInstance> StartAsync()
    {
        var instance = new MastodonInstance();
        instance._server = await LoopbackServer.StartAsync(instance.HandleAsync);
        return instance;
    }

    public void Fail(params StatusFault[] faults)
    {
        foreach (var fault in faults) _faults.Enqueue(fault);
    }

    /// <summary>Stores a status as if an earlier attempt had published it.</summary>
    public JsonObject Store(string text, string? inReplyTo = null)
    {
        lock (_statuses)
        {
            var status = JsonNode.Parse(NetworkStubs.Payload("status.json"))!.AsObject();
            var id = (100 + _statuses.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
            status["id"] = id;
            status["url"] = new Uri(BaseUrl, $"@brand/{id}").AbsoluteUri;
            status["uri"] = new Uri(BaseUrl, $"users/brand/statuses/{id}").AbsoluteUri;
            status["content"] = "<p>" + text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal) + "</p>";
            status["in_reply_to_id"] = inReplyTo;
            status["account"]!["id"] = AccountId;
            _statuses.Add(status);
            return status;
        }
    }

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        if (request.Method == "POST" && request.Path == "/api/v1/statuses")
        {
            Interlocked.Increment(ref _posts);
            switch (_faults.TryDequeue(out var fault) ? fault : (StatusFault?)null)
            {
                case StatusFault.ServerError:
                    await WriteAsync(context, 500, """{"error":"Internal server error"}""");
                    return;
                case StatusFault.RateLimited:
                    context.Response.Headers.RetryAfter = "1";
                    await WriteAsync(context, 429, """{"error":"Too many requests"}""");
                    return;
                case StatusFault.Refused:
                    await WriteAsync(context, 422, """{"error":"Validation failed: Text character limit of 500 exceeded"}""");
                    return;
                case StatusFault.StoredThenTimedOut:
                    var late = Store(Field(request, "status"), NullIfEmpty(Field(request, "in_reply_to_id")));
                    await HoldAsync(context);
                    await WriteAsync(context, 200, late.ToJsonString());
                    return;
                case StatusFault.TimedOut:
                    await HoldAsync(context);
                    context.Abort();
                    return;
                case StatusFault.LostResponse:
                    Store(Field(request, "status"), NullIfEmpty(Field(request, "in_reply_to_id")));
                    context.Abort();
                    return;
                default:
                    var status = Store(Field(request, "status"), NullIfEmpty(Field(request, "in_reply_to_id")));
                    if (_answerDelay > TimeSpan.Zero)
                    {
                        Interlocked.Increment(ref _heldAnswers);
                        try
                        {
                            await Task.Delay(_answerDelay, context.RequestAborted);
                        }
                        catch (OperationCanceledException)
                        {
                            return;
                        }
                        finally
                        {
                            Interlocked.Decrement(ref _heldAnswers);
                        }
                    }
                    await WriteAsync(context, 200, status.ToJsonString());
                    return;
            }
        }
        if (request.Method == "GET" && request.Path == $"/api/v1/accounts/{AccountId}/statuses")
        {
            JsonArray newestFirst;
            lock (_statuses) newestFirst = new JsonArray([.. _statuses.AsEnumerable().Reverse().Select(s => s.DeepClone())]);
            await WriteAsync(context, 200, newestFirst.ToJsonString());
            return;
        }
        if (request.Method == "GET" && request.Path == "/api/v1/accounts/verify_credentials")
        {
            await WriteAsync(context, 200, NetworkStubs.Payload("account.json"));
            return;
        }
        await WriteAsync(context, 404, """{"error":"Record not found"}""");
    }

    private static async Task HoldAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(HeldAnswer, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up first, as it should.
        }
    }

    private static string Field(RecordedRequest request, string name) =>
        QueryHelpersParse(request.BodyText).TryGetValue(name, out var value) ? value : "";

    private static Dictionary<string, string> QueryHelpersParse(string form) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(form).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
