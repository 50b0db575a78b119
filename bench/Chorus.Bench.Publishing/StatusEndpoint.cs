using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chorus.Bench.Publishing;

/// <summary>One status the endpoint created: whose, what, under which Idempotency-Key, and when the request arrived.</summary>
public sealed record Creation(string Account, string Text, string? IdempotencyKey, DateTimeOffset ReceivedAt, long Id);

/// <summary>
/// A network on loopback answering like Mastodon's status API: POST /api/v1/statuses creates a status, except that a
/// repeat of an Idempotency-Key answers with the status that key created (as Mastodon does for an hour);
/// GET /api/v1/accounts/{id}/statuses lists an account's latest statuses (what a lookup after a lost answer reads);
/// verify_credentials names the account. The account is the one the bearer token names ("bench-{account}").
/// Every creation is recorded with the time its request was received.
/// </summary>
public sealed class StatusEndpoint : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Creation> _byKey = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Creation> _created = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Creation>> _byAccount = new(StringComparer.Ordinal);
    private WebApplication _app = null!;
    private long _nextId = 100;
    private int _repeatedKeys;
    private int _lookups;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyCollection<Creation> Created => _created;

    public int Count => _created.Count;

    /// <summary>Requests whose Idempotency-Key had already created a status: answered with it, nothing created.</summary>
    public int RepeatedKeys => Volatile.Read(ref _repeatedKeys);

    public int Lookups => Volatile.Read(ref _lookups);

    public static async Task<StatusEndpoint> StartAsync()
    {
        var endpoint = new StatusEndpoint();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        endpoint._app = builder.Build();
        endpoint._app.Run(endpoint.HandleAsync);
        await endpoint._app.StartAsync();
        var address = endpoint._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return endpoint;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var receivedAt = TimeProvider.System.GetUtcNow();
        var request = context.Request;
        var account = request.Headers.Authorization.ToString() is { } bearer && bearer.StartsWith("Bearer bench-", StringComparison.Ordinal)
            ? bearer["Bearer bench-".Length..]
            : null;
        if (account is null)
        {
            await WriteAsync(context, 401, """{"error":"The access token is invalid"}""");
            return;
        }
        if (request.Method == "POST" && request.Path == "/api/v1/statuses")
        {
            var form = await request.ReadFormAsync();
            var key = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } given ? given : null;
            if (key is not null && _byKey.TryGetValue(key, out var earlier))
            {
                Interlocked.Increment(ref _repeatedKeys);
                await WriteAsync(context, 200, Status(earlier));
                return;
            }
            var creation = new Creation(account, form["status"].ToString(), key, receivedAt, Interlocked.Increment(ref _nextId));
            if (key is not null && !_byKey.TryAdd(key, creation))
            {
                // The same key twice at the same instant: the second is answered with the first, as above.
                Interlocked.Increment(ref _repeatedKeys);
                await WriteAsync(context, 200, Status(_byKey[key]));
                return;
            }
            _created.Enqueue(creation);
            _byAccount.GetOrAdd(account, _ => new ConcurrentQueue<Creation>()).Enqueue(creation);
            await WriteAsync(context, 200, Status(creation));
            return;
        }
        if (request.Method == "GET" && request.Path == $"/api/v1/accounts/{account}/statuses")
        {
            Interlocked.Increment(ref _lookups);
            var limit = int.TryParse(request.Query["limit"], CultureInfo.InvariantCulture, out var asked) ? Math.Clamp(asked, 1, 40) : 20;
            var latest = _byAccount.TryGetValue(account, out var statuses) ? statuses.Reverse().Take(limit) : [];
            await WriteAsync(context, 200, "[" + string.Join(",", latest.Select(Status)) + "]");
            return;
        }
        if (request.Method == "GET" && request.Path == "/api/v1/accounts/verify_credentials")
        {
            await WriteAsync(context, 200, Account(account));
            return;
        }
        await WriteAsync(context, 404, """{"error":"Record not found"}""");
    }

    private string Status(Creation creation)
    {
        var id = creation.Id.ToString(CultureInfo.InvariantCulture);
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id,
            ["created_at"] = creation.ReceivedAt.ToString("O", CultureInfo.InvariantCulture),
            ["in_reply_to_id"] = null,
            ["spoiler_text"] = "",
            ["visibility"] = "public",
            ["uri"] = new Uri(BaseUrl, $"users/{creation.Account}/statuses/{id}").AbsoluteUri,
            ["url"] = new Uri(BaseUrl, $"@{creation.Account}/{id}").AbsoluteUri,
            ["content"] = "<p>" + System.Net.WebUtility.HtmlEncode(creation.Text) + "</p>",
            ["account"] = JsonDocument.Parse(Account(creation.Account)).RootElement,
        });
    }

    private string Account(string account) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["id"] = account,
        ["username"] = "brand" + account,
        ["acct"] = "brand" + account,
        ["display_name"] = "Brand " + account,
        ["url"] = new Uri(BaseUrl, $"@brand{account}").AbsoluteUri,
        ["avatar"] = new Uri(BaseUrl, "avatar.png").AbsoluteUri,
        ["followers_count"] = 0,
    });

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
