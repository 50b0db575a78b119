using System.Text;
using Chorus.Connectors.Tests.Support;
using Chorus.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Chorus.Tests.Platform;

/// <summary>The app exports traces and metrics over OTLP/HTTP to the collector OTEL_EXPORTER_OTLP_ENDPOINT names.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task OtlpEndpoint_Set_ExportsRequestAndDatabaseTracesAndJobQueueMetrics()
    {
        await using var collector = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        await using var app = new ExportingFactory(collector.BaseUrl);
        await app.InitializeAsync();
        using var client = app.CreateClient();

        (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).EnsureSuccessStatusCode();

        var traces = await WaitForAsync(collector, "/v1/traces", body => body.Contains("/readyz", StringComparison.Ordinal) && body.Contains("postgresql", StringComparison.Ordinal));
        traces.ShouldContain("chorus");
        var metrics = await WaitForAsync(collector, "/v1/metrics", body =>
            body.Contains("chorus.jobs.due", StringComparison.Ordinal) && body.Contains("http.server.request.duration", StringComparison.Ordinal));
        metrics.ShouldContain("chorus.jobs.dead");
        collector.Requests.ShouldAllBe(r => r.ContentType == "application/x-protobuf");
    }

    [Fact]
    public async Task OtlpEndpoint_NotSet_RegistersNoExporter()
    {
        await using var app = new ChorusFactory();
        await app.InitializeAsync();
        app.Services.GetService(typeof(OpenTelemetry.Trace.TracerProvider)).ShouldBeNull();
    }

    /// <summary>Waits up to 20 s until the exports to <paramref name="path"/> so far, their bodies joined (protobuf strings
    /// are UTF-8), pass <paramref name="wanted"/>; answers the joined bodies.</summary>
    private static async Task<string> WaitForAsync(LoopbackServer collector, string path, Func<string, bool> wanted)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < until)
        {
            var exported = string.Join('\n', collector.Requests.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));
            if (wanted(exported)) return exported;
            await Task.Delay(100);
        }
        throw new ShouldAssertException($"The exports to {path} did not have the expected content within 20 s ({collector.Requests.Count(r => r.Path == path)} exports).");
    }

    private sealed class ExportingFactory(Uri collector) : ChorusFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", collector.ToString().TrimEnd('/'));
            builder.UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            builder.UseSetting("OTEL_METRIC_EXPORT_INTERVAL", "300");
            builder.UseSetting("OTEL_BSP_SCHEDULE_DELAY", "100");
        }
    }
}
