using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Bluesky;
using Microsoft.AspNetCore.Http;

namespace Chorus.Connectors.Tests.Bluesky;

/// <summary>How the Bluesky connector reports network faults, against a loopback stand-in PDS.</summary>
public sealed class BlueskyFaultTests : IAsyncLifetime
{
    private const string CreateRecord = "com.atproto.repo.createRecord";
    private FakePds _pds = null!;

    public async Task InitializeAsync() => _pds = await FakePds.StartAsync();

    public async Task DisposeAsync() => await _pds.DisposeAsync();

    [Fact]
    public async Task PublishAsync_429WithRetryAfter_RateLimitedUntilThen()
    {
        _pds.Faults[CreateRecord] = async (context, _) =>
        {
            context.Response.Headers.RetryAfter = "30";
            await FakePds.Error(context, 429, "RateLimitExceeded", "Rate Limit Exceeded");
            return true;
        };
        var before = TimeProvider.System.GetUtcNow();

        var result = await _pds.Connector().PublishAsync(FakePds.Draft(), CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.RateLimited);
        result.RetryAt!.Value.ShouldBeInRange(before.AddSeconds(29), before.AddSeconds(32));
        result.Reason!.ShouldContain("Rate Limit Exceeded");
        _pds.Records.ShouldBeEmpty();
    }

    [Fact]
    public async Task PublishAsync_RateLimitResetAsUnixTime_RateLimitedUntilThen()
    {
        var reset = TimeProvider.System.GetUtcNow().AddMinutes(5);
        _pds.Faults[CreateRecord] = async (context, _) =>
        {
            context.Response.Headers["RateLimit-Limit"] = "5000";
            context.Response.Headers["RateLimit-Remaining"] = "0";
            context.Response.Headers["RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            await FakePds.Error(context, 429, "RateLimitExceeded", "Rate Limit Exceeded");
            return true;
        };

        var result = await _pds.Connector().PublishAsync(FakePds.Draft(), CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.RateLimited);
        result.RetryAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(reset.ToUnixTimeSeconds()));
    }

    [Fact]
    public async Task PublishAsync_500_TransientAndNothingPublished()
    {
        _pds.Faults[CreateRecord] = async (context, _) =>
        {
            await FakePds.Error(context, 500, "InternalServerError", "Internal Server Error");
            return true;
        };

        var result = await _pds.Connector().PublishAsync(FakePds.Draft(), CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.IsAuthFailure.ShouldBeFalse();
        _pds.Records.ShouldBeEmpty();
    }

    [Fact]
    public async Task PublishAsync_ServerTooSlow_Transient()
    {
        _pds.Faults[CreateRecord] = async (context, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            return true;
        };

        var result = await _pds.Connector(timeoutSeconds: 0.5).PublishAsync(FakePds.Draft(), CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.Reason!.ShouldContain("did not answer");
    }

    [Fact]
    public async Task TestAsync_MalformedJson_Transient()
    {
        _pds.Faults["app.bsky.actor.getProfile"] = async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"did\": \"did:plc:fakealice\", \"handle\": ");
            return true;
        };

        var result = await _pds.Connector().TestAsync(CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
    }

    [Fact]
    public async Task PublishAsync_ExpiredAccessToken_RefreshesPersistsAndSucceeds()
    {
        var persisted = new List<string>();
        var connector = _pds.Connector(persist: (json, _) =>
        {
            persisted.Add(json);
            return Task.CompletedTask;
        });
        (await connector.TestAsync(CancellationToken.None)).Succeeded.ShouldBeTrue();
        var expired = _pds.AccessToken;
        var refreshToken = _pds.RefreshToken;
        _pds.ExpiredTokens.Add(expired);

        var result = await connector.PublishAsync(FakePds.Draft(), CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Succeeded);
        _pds.Records.Count.ShouldBe(1);
        var refresh = _pds.Requests.Single(r => r.Path == "/xrpc/com.atproto.server.refreshSession");
        refresh.Header("Authorization").ShouldBe($"Bearer {refreshToken}");
        var stored = BlueskyCredentials.FromJson(persisted[^1]);
        stored.AccessJwt.ShouldBe(_pds.AccessToken);
        stored.AccessJwt.ShouldNotBe(expired);
        stored.RefreshJwt.ShouldBe(_pds.RefreshToken);
        stored.AppPassword.ShouldBe("app-pass");
    }

    [Fact]
    public async Task PublishAsync_StoredTokensExpired_OpensNewSessionWithAppPassword()
    {
        var connector = _pds.Connector(new BlueskyCredentials("alice.test", "app-pass", FakePds.Did, "old-access", "old-refresh"));
        _pds.ExpiredTokens.UnionWith(["old-access", "old-refresh"]);

        var result = await connector.PublishAsync(FakePds.Draft(), CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Succeeded);
        _pds.Calls("com.atproto.server.createSession").ShouldBe(1);
    }

    [Fact]
    public async Task PublishAsync_AppPasswordRevoked_PermanentAuthFailureWithNetworkReason()
    {
        var connector = _pds.Connector(new BlueskyCredentials("alice.test", "app-pass", FakePds.Did, "old-access", "old-refresh"));
        _pds.ExpiredTokens.UnionWith(["old-access", "old-refresh"]);
        _pds.AppPasswordRevoked = true;

        var result = await connector.PublishAsync(FakePds.Draft(), CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.IsAuthFailure.ShouldBeTrue();
        result.Reason!.ShouldContain("Invalid identifier or password");
        _pds.Calls(CreateRecord).ShouldBe(1);
    }

    [Fact]
    public async Task PublishAsync_ResponseLostAfterServerAccepted_FoundNotDuplicated()
    {
        // The server stores the post, then the connection drops before the answer reaches us.
        _pds.Faults[CreateRecord] = (context, request) =>
        {
            var input = System.Text.Json.Nodes.JsonNode.Parse(request.BodyText)!;
            var rkey = input["rkey"]!.GetValue<string>();
            _pds.Records.TryAdd(rkey, new System.Text.Json.Nodes.JsonObject
            {
                ["uri"] = $"at://{FakePds.Did}/app.bsky.feed.post/{rkey}",
                ["cid"] = "bafylost",
                ["value"] = input["record"]!.DeepClone(),
            });
            context.Abort();
            return Task.FromResult(true);
        };
        var connector = _pds.Connector();
        var draft = FakePds.Draft("Publié une seule fois");

        var found = await connector.FindPublishedAsync(draft, CancellationToken.None);
        var published = await connector.PublishAsync(draft, CancellationToken.None);
        _pds.Faults.Clear();
        var retried = await connector.PublishAsync(draft, CancellationToken.None);
        var foundAfter = await connector.FindPublishedAsync(draft, CancellationToken.None);

        found.Value.ShouldBeNull();
        published.Outcome.ShouldBe(ConnectorOutcome.Succeeded);
        published.Value!.RemoteId.ShouldBe($"at://{FakePds.Did}/app.bsky.feed.post/{draft.IdempotencyKey}");
        retried.Value.ShouldBe(published.Value);
        foundAfter.Value.ShouldBe(published.Value);
        _pds.Records.Count.ShouldBe(1);
    }

    [Fact]
    public async Task FindPublishedAsync_GetRecordFails_ReportsTheFailureNotAbsence()
    {
        _pds.Faults["com.atproto.repo.getRecord"] = async (context, _) =>
        {
            await FakePds.Error(context, 502, "UpstreamFailure", "Upstream Failure");
            return true;
        };

        var result = await _pds.Connector().FindPublishedAsync(FakePds.Draft(), CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
    }

    [Fact]
    public async Task PublishAsync_FiveImages_PermanentBeforeAnyCall()
    {
        var image = new MediaAttachment { FileName = "a.png", ContentType = "image/png", Content = new byte[] { 1, 2, 3 }, AltText = "a" };
        var draft = FakePds.Draft() with { Media = [image, image, image, image, image] };

        var result = await _pds.Connector().PublishAsync(draft, CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.Reason.ShouldBe("Media: Bluesky allows at most 4 images per post; this post has 5.");
        _pds.Requests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("not-a-tid", "IdempotencyKey")]
    [InlineData(null, "Visibility")]
    public async Task PublishAsync_InvalidDraft_PermanentNamingTheField(string? key, string field)
    {
        var draft = FakePds.Draft(key: key) with { Visibility = key is null ? PostVisibility.FollowersOnly : PostVisibility.Public };

        var result = await _pds.Connector().PublishAsync(draft, CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.Reason!.ShouldStartWith(field + ":");
    }

    [Fact]
    public async Task ReadAsync_CursorNotFromThisConnector_PermanentNamingTheCursor()
    {
        var result = await _pds.Connector().ReadAsync(new ConversationQuery("34975861"), CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.Reason!.ShouldStartWith("Cursor:");
        _pds.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task PublishAsync_ServiceOnLoopbackWithoutPermission_PermanentAndNothingSent()
    {
        var guard = new SsrfGuard(new SsrfGuardOptions());
        var client = new BlueskyClient(new HttpClient(guard.CreateHandler()), TimeProvider.System, TimeSpan.FromSeconds(5), _pds.BaseUrl,
            new BlueskyCredentials("alice.test", "app-pass"), null);
        var connector = new BlueskyConnector(client, TimeProvider.System, new BlueskyOptions());

        var result = await connector.PublishAsync(FakePds.Draft(), CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.Reason!.ShouldContain("loopback");
        _pds.Requests.ShouldBeEmpty();
    }
}
