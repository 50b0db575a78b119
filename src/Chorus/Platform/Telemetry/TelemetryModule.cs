using Chorus.Connectors.Abstractions;
using Chorus.Data.Jobs;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Chorus.Platform.Telemetry;

/// <summary>
/// Traces and metrics for HTTP requests, PostgreSQL commands, outgoing calls, the job queue (depth, lateness, attempts,
/// outcomes, dead jobs) and the connectors (calls, outcomes, rate-limit waits), exported over OTLP to the collector
/// named by OTEL_EXPORTER_OTLP_ENDPOINT (with the other standard OTEL_* settings). Without that variable nothing is
/// collected or exported.
/// </summary>
public static class TelemetryModule
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointSetting])) return builder;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("chorus"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = http => !http.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(JobTelemetry.Name))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql", JobTelemetry.Name, ConnectorTelemetry.Name))
            .UseOtlpExporter();
        return builder;
    }
}
