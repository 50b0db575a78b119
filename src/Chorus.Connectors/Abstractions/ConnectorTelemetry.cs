using System.Diagnostics.Metrics;

namespace Chorus.Connectors.Abstractions;

/// <summary>
/// Every call a connector makes, as metrics (meter <see cref="Name"/>): calls by network and outcome, their duration,
/// and how long a network asked us to wait when it rate-limited us. Connectors are built without the app's services,
/// so the meter is static; it costs nothing while no listener is attached.
/// </summary>
public static class ConnectorTelemetry
{
    public const string Name = "Chorus.Connectors";

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("chorus.connector.calls", "{call}", "Calls to networks by network and outcome (succeeded, rate_limited, transient, permanent).");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("chorus.connector.duration", "s", "How long a call to a network took.");
    private static readonly Histogram<double> RateLimitWait = Meter.CreateHistogram<double>("chorus.connector.rate_limit_wait", "s", "How long a network asked us to wait before the next call.");

    internal static void Record(string network, ConnectorResult result, TimeSpan took, DateTimeOffset now)
    {
        var networkTag = new KeyValuePair<string, object?>("network", network);
        Calls.Add(1, networkTag, new KeyValuePair<string, object?>("outcome", OutcomeName(result.Outcome)));
        Duration.Record(took.TotalSeconds, networkTag);
        if (result.Outcome == ConnectorOutcome.RateLimited && result.RetryAt is { } retryAt)
        {
            RateLimitWait.Record(Math.Max(0, (retryAt - now).TotalSeconds), networkTag);
        }
    }

    private static string OutcomeName(ConnectorOutcome outcome) => outcome switch
    {
        ConnectorOutcome.Succeeded => "succeeded",
        ConnectorOutcome.RateLimited => "rate_limited",
        ConnectorOutcome.Transient => "transient",
        _ => "permanent",
    };
}
