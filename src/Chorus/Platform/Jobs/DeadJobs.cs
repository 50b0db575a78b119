using System.Globalization;
using Chorus.Platform.Audit;
using Chorus.Data.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Chorus.Platform.Jobs;

/// <summary>A job that gave up after its attempts, as the API and the page show it (not the queue's row: no
/// payload, lease or idempotency key).</summary>
/// <param name="FinishedAt">When it gave up.</param>
public sealed record DeadJob(long Id, string Kind, int Attempts, int MaxAttempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <summary>A workspace's dead letters: background work that gave up after its attempts, shown and re-runnable by admins.</summary>
public sealed class DeadJobs(JobQueue queue, NpgsqlDataSource dataSource, AuditLog audit)
{
    public async Task<Page<DeadJob>> ListAsync(WorkspaceContext context, string? cursor, int? limit, CancellationToken cancellationToken = default)
    {
        JobPage page;
        try
        {
            // The queue's own cursor travels inside the shared opaque one, so every list takes and gives one kind.
            page = await queue.ListDeadAsync(context.WorkspaceId, Cursor.Decode(cursor), Cursor.Limit(limit), cancellationToken);
        }
        catch (ArgumentException exception) when (exception.ParamName == "cursor")
        {
            throw Cursor.NotOurs();
        }
        return new Page<DeadJob>(
            page.Jobs.Select(job => new DeadJob(job.Id, job.Kind, job.Attempts, job.MaxAttempts, job.LastError, job.CreatedAt, job.FinishedAt)).ToList(),
            page.NextCursor is { } next ? Cursor.Encode(next) : null);
    }

    /// <summary>Queues the job again and records who did it, in one transaction: no re-run without its audit entry.</summary>
    public async Task<bool> RerunAsync(WorkspaceContext context, long jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await queue.RerunAsync(connection, transaction, jobId, context.WorkspaceId, cancellationToken)) return false;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "job.rerun", "job",
            jobId.ToString(CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}

public static class DeadJobsApi
{
    public static RouteGroupBuilder MapDeadJobsApi(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/workspaces/{workspaceId:guid}/jobs").WithTags("Jobs");
        jobs.MapGet("/dead", async Task<Ok<Page<DeadJob>>> (WorkspaceContext context, DeadJobs deadJobs, string? cursor, int? limit, CancellationToken ct) =>
                TypedResults.Ok(await deadJobs.ListAsync(context, cursor, limit, ct)))
            .RequirePermission(Permission.ManageJobs).WithName("ListDeadJobs").WithSummary("Background jobs that gave up, most recent first.");
        jobs.MapPost("/{jobId:long}/rerun", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, long jobId, DeadJobs deadJobs, CancellationToken ct) =>
                await deadJobs.RerunAsync(context, jobId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.ManageJobs).WithName("RerunDeadJob").WithSummary("Queues a dead job again, now, with its attempts reset.");
        return api;
    }
}
