using Chorus.Platform.Audit;
using Chorus.Data.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Chorus.Platform.Jobs;

/// <summary>A workspace's dead letters: background work that gave up after its attempts, shown and re-runnable by admins.</summary>
public sealed class DeadJobs(JobQueue queue, NpgsqlDataSource dataSource, AuditLog audit)
{
    public async Task<JobPage> ListAsync(WorkspaceContext context, string? cursor, int? limit)
    {
        try
        {
            return await queue.ListDeadAsync(context.WorkspaceId, string.IsNullOrEmpty(cursor) ? null : cursor, Cursor.Limit(limit));
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            throw new InputException("cursor", "The cursor is not one this server gave out; start again without it.");
        }
    }

    public async Task<bool> RerunAsync(WorkspaceContext context, long jobId)
    {
        if (!await queue.RerunAsync(jobId, context.WorkspaceId)) return false;
        await using var connection = await dataSource.OpenConnectionAsync();
        await audit.WriteAsync(connection, null, context.Actor, context.OrganizationId, context.WorkspaceId, "job.rerun", "job", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }
}

public static class DeadJobsApi
{
    public static RouteGroupBuilder MapDeadJobsApi(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/workspaces/{workspaceId:guid}/jobs");
        jobs.MapGet("/dead", (WorkspaceContext context, DeadJobs deadJobs, string? cursor, int? limit) => deadJobs.ListAsync(context, cursor, limit))
            .RequirePermission(Permission.ManageJobs).WithName("ListDeadJobs").WithSummary("Background jobs that gave up, most recent first.");
        jobs.MapPost("/{jobId:long}/rerun", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, long jobId, DeadJobs deadJobs) =>
                await deadJobs.RerunAsync(context, jobId) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.ManageJobs).WithName("RerunDeadJob").WithSummary("Queue a dead job again, now, with its attempts reset.");
        return api;
    }
}
