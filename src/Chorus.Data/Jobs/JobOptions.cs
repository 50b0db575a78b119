using System.ComponentModel.DataAnnotations;

namespace Chorus.Data.Jobs;

/// <summary>The "Jobs" configuration section: how this node works the queue.</summary>
public sealed class JobOptions
{
    /// <summary>False on a web-only node: jobs are still enqueued, other nodes run them.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many jobs this node runs at once.</summary>
    [Range(1, 512)]
    public int Concurrency { get; set; } = 8;

    /// <summary>How long a claimed job stays this node's before another may take it back; renewed every third of it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest an idle worker sleeps without looking at the queue (it wakes sooner for an enqueue or the next due job).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Succeeded jobs older than this are deleted; dead ones are kept until re-run or deleted by hand.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan KeepSucceededFor { get; set; } = TimeSpan.FromDays(7);
}
