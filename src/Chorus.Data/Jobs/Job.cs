using System.Text.Json;

namespace Chorus.Data.Jobs;

/// <summary>Where a job is in its life: waiting (or waiting to be retried), held by a worker, done, or given up on.</summary>
public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Dead,
}

/// <summary>One row of the job queue, as a handler or the admin page sees it.</summary>
/// <param name="Payload">The payload as JSON text; read it with <see cref="PayloadAs{T}"/>.</param>
/// <param name="Attempts">Attempts started so far, this one included while the job runs.</param>
/// <param name="LeaseUntil">While running: when the lease ends and another worker may take the job back.</param>
public sealed record Job(
    long Id,
    string Kind,
    Guid? WorkspaceId,
    string Payload,
    string? IdempotencyKey,
    JobStatus Status,
    DateTimeOffset DueAt,
    int Attempts,
    int MaxAttempts,
    DateTimeOffset? LeaseUntil,
    string? LeasedBy,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>The payload deserialised with the web defaults (camelCase), as <see cref="JobQueue"/> stored it.</summary>
    public T PayloadAs<T>() =>
        JsonSerializer.Deserialize<T>(Payload, JobQueue.PayloadJson)
        ?? throw new InvalidOperationException($"Job {Id} ({Kind}) has a null payload where {typeof(T).Name} was expected.");
}

/// <summary>A page of jobs, newest first, and the cursor of the next page (null on the last one).</summary>
public sealed record JobPage(IReadOnlyList<Job> Jobs, string? NextCursor);
