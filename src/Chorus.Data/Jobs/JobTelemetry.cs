using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Chorus.Data.Jobs;

/// <summary>
/// What the job queue tells an operator: how deep the queue is and how late its jobs start, how many attempts they
/// take, how they end, and how many are dead. Exported by the app's OpenTelemetry set-up (meter and activity source
/// <see cref="Name"/>); free when nothing listens.
/// </summary>
public sealed class JobTelemetry : IDisposable
{
    public const string Name = "Chorus.Jobs";

    public static readonly ActivitySource Source = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _lateness;
    private readonly Histogram<double> _duration;
    private readonly Histogram<long> _attempt;
    private QueueDepth _depth;

    public JobTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(Name);
        _finished = _meter.CreateCounter<long>("chorus.jobs.finished", "{job}", "Job runs by kind and outcome (succeeded, retry_at, failed, dead, cut_off, lease_lost).");
        _lateness = _meter.CreateHistogram<double>("chorus.jobs.lateness", "s", "How long after its due time a job started.");
        _duration = _meter.CreateHistogram<double>("chorus.jobs.duration", "s", "How long a job's handler ran.");
        _attempt = _meter.CreateHistogram<long>("chorus.jobs.attempt", "{attempt}", "The attempt number of each run (1 for a first try).");
        _meter.CreateObservableGauge("chorus.jobs.due", () => _depth.Due, "{job}", "Jobs due now and not yet claimed (the queue's depth).");
        _meter.CreateObservableGauge("chorus.jobs.running", () => _depth.Running, "{job}", "Jobs held by a worker.");
        _meter.CreateObservableGauge("chorus.jobs.dead", () => _depth.Dead, "{job}", "Dead jobs waiting for a person to re-run them.");
    }

    /// <summary>A job starts on this node: its lateness and attempt are recorded, and an activity spans its run.</summary>
    public Activity? Started(Job job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var kind = new KeyValuePair<string, object?>("job.kind", job.Kind);
        _lateness.Record(Math.Max(0, (now - job.DueAt).TotalSeconds), kind);
        _attempt.Record(job.Attempts, kind);
        var activity = Source.StartActivity("job " + job.Kind, ActivityKind.Consumer);
        activity?.SetTag("job.id", job.Id);
        activity?.SetTag("job.kind", job.Kind);
        activity?.SetTag("job.attempt", job.Attempts);
        return activity;
    }

    /// <summary>A run ended: <paramref name="outcome"/> is succeeded, retry_at, failed, dead or cut_off.</summary>
    public void Finished(Job job, string outcome, TimeSpan ran)
    {
        ArgumentNullException.ThrowIfNull(job);
        var kind = new KeyValuePair<string, object?>("job.kind", job.Kind);
        _finished.Add(1, kind, new KeyValuePair<string, object?>("job.outcome", outcome));
        _duration.Record(ran.TotalSeconds, kind);
    }

    /// <summary>The queue's counts as last sampled by a worker (gauges report the latest sample).</summary>
    public void Sampled(QueueDepth depth) => _depth = depth;

    public void Dispose() => _meter.Dispose();
}

/// <summary>How many jobs are due and unclaimed, running, and dead, across the whole queue.</summary>
public readonly record struct QueueDepth(long Due, long Running, long Dead);
