namespace Chorus.Data.Jobs;

public enum JobOutcomeKind
{
    Succeeded,
    RetryAt,
    Failed,
    Dead,
}

/// <summary>
/// What a handler reports. <see cref="Failed"/> is transient (retried with exponential backoff until the job's attempts
/// run out); <see cref="RetryAt"/> means "not now, at this time" (a rate limit) and does not use up an attempt;
/// <see cref="Dead"/> is permanent (no retry; the job waits in the dead list for a person to re-run it).
/// </summary>
public sealed record JobOutcome
{
    private JobOutcome(JobOutcomeKind kind, DateTimeOffset? retryAt, string? error)
    {
        Kind = kind;
        At = retryAt;
        Error = error;
    }

    public JobOutcomeKind Kind { get; }

    /// <summary>For <see cref="JobOutcomeKind.RetryAt"/>: when to try again.</summary>
    public DateTimeOffset? At { get; }

    /// <summary>Why the attempt did not succeed, kept on the job for the admin page.</summary>
    public string? Error { get; }

    public static JobOutcome Succeeded { get; } = new(JobOutcomeKind.Succeeded, null, null);

    public static JobOutcome RetryAt(DateTimeOffset at, string reason) => new(JobOutcomeKind.RetryAt, at, Require(reason));

    public static JobOutcome Failed(string error) => new(JobOutcomeKind.Failed, null, Require(error));

    public static JobOutcome Dead(string error) => new(JobOutcomeKind.Dead, null, Require(error));

    private static string Require(string text) =>
        string.IsNullOrWhiteSpace(text) ? throw new ArgumentException("A job outcome other than success needs a reason.", nameof(text)) : text;
}

/// <summary>
/// Does the work of one job kind. Resolved in its own DI scope for each job. The token is cancelled when this worker
/// loses the job's lease or the host's shutdown timeout runs out; a job cut off that way is taken back by a worker
/// after its lease, so handlers must be safe to run again (at least once, never lost).
/// </summary>
public interface IJobHandler
{
    Task<JobOutcome> HandleAsync(Job job, CancellationToken cancellationToken);
}
