using System.Text.Json;
using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Chorus.Connectors.Tests.Abstractions;

public sealed class ConnectorHttpTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private sealed class ProbeConnector(HttpClient http, TimeProvider time, TimeSpan timeout) : ConnectorHttp(http, time, timeout)
    {
        protected override string NetworkName => "Probe";

        public Task<ConnectorResult<string>> GetNameAsync(Uri url, CancellationToken cancellationToken) =>
            SendAsync(
                () => new HttpRequestMessage(HttpMethod.Get, url),
                async (response, ct) =>
                {
                    using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                    return document.RootElement.GetProperty("name").GetString() ?? throw new FormatException("name is null");
                },
                cancellationToken);
    }

    private ProbeConnector Probe(TimeProvider? time = null, double timeoutSeconds = 5) =>
        new(new HttpClient(), time ?? TimeProvider.System, TimeSpan.FromSeconds(timeoutSeconds));

    private void Answer(int status, string body, params (string Name, string Value)[] headers) =>
        _server.Handler = async (context, _) =>
        {
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync(body);
        };

    [Fact]
    public async Task SendAsync_200Json_Succeeds()
    {
        Answer(200, """{"name":"alice"}""");

        var result = await Probe().GetNameAsync(_server.BaseUrl, CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Succeeded);
        result.Value.ShouldBe("alice");
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfterSeconds_RateLimitedUntilThen()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        Answer(429, """{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}""", ("Retry-After", "42"));

        var result = await Probe(time).GetNameAsync(_server.BaseUrl, CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.RateLimited);
        result.RetryAt.ShouldBe(time.GetUtcNow().AddSeconds(42));
        result.Reason!.ShouldContain("Rate Limit Exceeded");
    }

    [Fact]
    public async Task SendAsync_429_RecordsTheCallItsOutcomeAndTheWaitInTheConnectorMetrics()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        Answer(429, """{"message":"slow down"}""", ("Retry-After", "42"));
        var measured = new List<(string Instrument, double Value, string? Outcome)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ConnectorTelemetry.Name) l.EnableMeasurementEvents(instrument);
        };
        void Record(System.Diagnostics.Metrics.Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? network = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "network") network = tag.Value as string;
                if (tag.Key == "outcome") outcome = tag.Value as string;
            }
            // Other tests' probes run in parallel: keep this probe's measurements only.
            if (network == "Probe") lock (measured) measured.Add((instrument.Name, value, outcome));
        }
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        await Probe(time).GetNameAsync(_server.BaseUrl, CancellationToken.None);

        lock (measured)
        {
            measured.ShouldContain(("chorus.connector.calls", 1d, "rate_limited"));
            measured.ShouldContain(("chorus.connector.rate_limit_wait", 42d, (string?)null));
            measured.ShouldContain(m => m.Instrument == "chorus.connector.duration");
        }
    }

    [Fact]
    public async Task SendAsync_503WithRetryAfterDate_RateLimited()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        Answer(503, "down for maintenance", ("Retry-After", "Sun, 01 Mar 2026 12:30:00 GMT"));

        var result = await Probe(time).GetNameAsync(_server.BaseUrl, CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.RateLimited);
        result.RetryAt.ShouldBe(new DateTimeOffset(2026, 3, 1, 12, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task SendAsync_503WithoutRetryAfter_Transient()
    {
        Answer(503, "Service Unavailable");

        var result = await Probe().GetNameAsync(_server.BaseUrl, CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.RetryAt.ShouldBeNull();
    }

    [Fact]
    public async Task SendAsync_500_TransientWithNetworkText()
    {
        Answer(500, """{"error":"InternalServerError","message":"Internal Server Error"}""");

        var result = await Probe().GetNameAsync(_server.BaseUrl, CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.Reason.ShouldBe("Probe answered 500 Internal Server Error: InternalServerError: Internal Server Error");
        result.NetworkErrorCode.ShouldBe("InternalServerError");
        result.IsAuthFailure.ShouldBeFalse();
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task SendAsync_401Or403_PermanentAuthFailure(int status)
    {
        Answer(status, """{"error":"invalid_token","error_description":"The access token was revoked"}""");

        var result = await Probe().GetNameAsync(_server.BaseUrl, CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.IsAuthFailure.ShouldBeTrue();
        result.Reason!.ShouldContain("The access token was revoked");
    }

    [Fact]
    public async Task SendAsync_422_PermanentWithNetworkMessage()
    {
        Answer(422, """{"error":"Validation failed: Text can't be blank"}""");

        var result = await Probe().GetNameAsync(_server.BaseUrl, CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.IsAuthFailure.ShouldBeFalse();
        result.Reason!.ShouldEndWith("Validation failed: Text can't be blank");
        result.NetworkErrorCode.ShouldBeNull();
    }

    [Fact]
    public async Task SendAsync_MalformedJsonIn200_Transient()
    {
        Answer(200, """{"name": "alice""");

        var result = await Probe().GetNameAsync(_server.BaseUrl, CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.Reason!.ShouldContain("unreadable answer");
    }

    [Fact]
    public async Task SendAsync_ServerTooSlow_TransientTimeout()
    {
        _server.Handler = async (context, _) => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);

        var result = await Probe(timeoutSeconds: 0.3).GetNameAsync(_server.BaseUrl, CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.Reason!.ShouldContain("did not answer");
    }

    [Fact]
    public async Task SendAsync_ConnectionDroppedBeforeAnswer_Transient()
    {
        _server.Handler = (context, _) =>
        {
            context.Abort();
            return Task.CompletedTask;
        };

        var result = await Probe().GetNameAsync(_server.BaseUrl, CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
    }

    [Fact]
    public async Task SendAsync_ConnectionRefused_Transient()
    {
        var port = _server.BaseUrl.Port;
        await _server.DisposeAsync();
        _server = await LoopbackServer.StartAsync();

        var result = await Probe().GetNameAsync(new Uri($"http://127.0.0.1:{port}/"), CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.Reason!.ShouldContain("connection refused");
    }

    [Fact]
    public async Task SendAsync_CallerCancels_Throws()
    {
        _server.Handler = async (context, _) => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Should.ThrowAsync<OperationCanceledException>(() => Probe().GetNameAsync(_server.BaseUrl, cancel.Token));
    }

    [Fact]
    public async Task SendAsync_SsrfGuardRefusesLoopback_PermanentNotTransient()
    {
        Answer(200, """{"name":"internal"}""");
        var guard = new SsrfGuard(new SsrfGuardOptions());
        var probe = new ProbeConnector(new HttpClient(guard.CreateHandler()), TimeProvider.System, TimeSpan.FromSeconds(5));

        var result = await probe.GetNameAsync(_server.BaseUrl, CancellationToken.None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.Reason!.ShouldContain("loopback");
        _server.Requests.ShouldBeEmpty();
    }
}
