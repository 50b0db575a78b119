using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Tests.Mastodon;

/// <summary>How the Mastodon connector reports faults, against a loopback stand-in instance.</summary>
public sealed class MastodonFaultTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private FakeMastodon _mastodon = null!;

    public async Task InitializeAsync() => _mastodon = await FakeMastodon.StartAsync();

    public async Task DisposeAsync() => await _mastodon.DisposeAsync();

    private static PostDraft Draft(string text) => new() { IdempotencyKey = Guid.NewGuid().ToString("N"), Text = text };

    [Fact]
    public async Task PublishAsync_429WithRateLimitReset_RateLimitedUntilTheReset()
    {
        // Mastodon sends X-RateLimit-Reset as an ISO 8601 instant.
        _mastodon.Routes["POST /api/v1/statuses"] = (context, _) => FakeMastodon.Write(context, 429, """{"error":"Too many requests"}""",
            ("X-RateLimit-Limit", "300"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "2030-01-01T12:30:00.000Z"));

        var result = await _mastodon.Connector().PublishAsync(Draft("x"), None);

        result.Outcome.ShouldBe(ConnectorOutcome.RateLimited);
        result.RetryAt.ShouldBe(new DateTimeOffset(2030, 1, 1, 12, 30, 0, TimeSpan.Zero));
        result.Reason!.ShouldContain("Too many requests");
    }

    [Fact]
    public async Task PublishAsync_429WithRetryAfter_RateLimited()
    {
        _mastodon.Routes["POST /api/v1/statuses"] = (context, _) => FakeMastodon.Write(context, 429, """{"error":"Too many requests"}""", ("Retry-After", "120"));
        var before = TimeProvider.System.GetUtcNow();

        var result = await _mastodon.Connector().PublishAsync(Draft("x"), None);

        result.Outcome.ShouldBe(ConnectorOutcome.RateLimited);
        result.RetryAt!.Value.ShouldBeInRange(before.AddSeconds(119), before.AddSeconds(125));
    }

    [Fact]
    public async Task PublishAsync_500_Transient()
    {
        _mastodon.Routes["POST /api/v1/statuses"] = (context, _) => FakeMastodon.Write(context, 500, "<html>We're sorry, but something went wrong</html>");

        var result = await _mastodon.Connector().PublishAsync(Draft("x"), None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.Reason!.ShouldContain("500");
    }

    [Fact]
    public async Task TestAsync_Timeout_Transient()
    {
        _mastodon.Routes["GET /api/v1/accounts/verify_credentials"] = async (context, _) => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);

        var result = await _mastodon.Connector(timeoutSeconds: 0.5).TestAsync(None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
    }

    [Fact]
    public async Task ReadAsync_MalformedJson_Transient()
    {
        _mastodon.Routes["GET /api/v1/notifications"] = (context, _) => FakeMastodon.Write(context, 200, "[{\"id\": \"1\", ");

        var result = await _mastodon.Connector().ReadAsync(new ConversationQuery(), None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
    }

    [Fact]
    public async Task PublishAsync_RevokedToken_PermanentAuthFailureWithTheInstanceMessage()
    {
        _mastodon.Answer("POST /api/v1/statuses", "error-invalid-token.json", 401);

        var result = await _mastodon.Connector().PublishAsync(Draft("x"), None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.IsAuthFailure.ShouldBeTrue();
        result.Reason!.ShouldContain("The access token is invalid");
    }

    [Fact]
    public async Task PublishAsync_ResponseLostAfterInstanceAccepted_FoundAndRetryNotDuplicated()
    {
        // The instance honours Idempotency-Key (a repeat returns the first status) and the first answer is lost.
        var statuses = new ConcurrentDictionary<string, JsonObject>();
        var byKey = new ConcurrentDictionary<string, string>();
        var dropNextAnswer = true;
        _mastodon.Routes["POST /api/v1/statuses"] = async (context, request) =>
        {
            var key = request.Header("Idempotency-Key")!;
            var text = Form.One(Form.Fields(request), "status")!;
            var id = byKey.GetOrAdd(key, _ =>
            {
                var status = FakeMastodon.PayloadObject("status.json");
                var newId = (103254962155278888L + statuses.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
                status["id"] = newId;
                status["url"] = $"https://mastodon.social/@Gargron/{newId}";
                status["content"] = $"<p>{WebUtility.HtmlEncode(text).Replace("\n", "<br>", StringComparison.Ordinal)}</p>";
                statuses[newId] = status;
                return newId;
            });
            if (dropNextAnswer)
            {
                dropNextAnswer = false;
                context.Abort();
                return;
            }

            await FakeMastodon.Write(context, 200, statuses[id].ToJsonString());
        };
        _mastodon.Routes["GET /api/v1/accounts/1/statuses"] = (context, _) =>
            FakeMastodon.Write(context, 200, new JsonArray([.. statuses.Values.Select(s => s.DeepClone())]).ToJsonString());
        var connector = _mastodon.Connector(accountId: "1");
        var draft = Draft("Publié une seule fois\navec deux lignes & un <signe>");

        var first = await connector.PublishAsync(draft, None);
        var found = await connector.FindPublishedAsync(draft, None);
        var retried = await connector.PublishAsync(draft, None);

        first.Outcome.ShouldBe(ConnectorOutcome.Transient);
        found.Value.ShouldNotBeNull();
        found.Value!.RemoteId.ShouldBe(statuses.Keys.Single());
        retried.Value.ShouldBe(found.Value);
        statuses.Count.ShouldBe(1);
        _mastodon.Requests.Where(r => r.Path == "/api/v1/statuses").Select(r => r.Header("Idempotency-Key")).Distinct().ShouldBe([draft.IdempotencyKey]);
    }

    [Fact]
    public async Task FindPublishedAsync_NothingMatches_SucceedsWithNull()
    {
        _mastodon.Routes["GET /api/v1/accounts/1/statuses"] = (context, _) => FakeMastodon.Write(context, 200, $"[{FakeMastodon.Payload("status.json")}]");

        var result = await _mastodon.Connector(accountId: "1").FindPublishedAsync(Draft("Jamais publié"), None);

        result.Succeeded.ShouldBeTrue();
        result.Value.ShouldBeNull();
    }
}
