using System.Net;
using System.Text.Json;
using Chorus.Tests.Support;

namespace Chorus.Tests.Platform;

public sealed class DeadJobsApiTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    private async Task<long> DeadJobAsync(Guid workspaceId, string error = "boom") =>
        await app.CountAsync("""
            insert into jobs (kind, workspace_id, payload, status, due_at, attempts, max_attempts, created_at, finished_at, last_error, idempotency_key, leased_by)
            values ('test.dead', @workspaceId, '{"secret":"s3"}', 'dead', now(), 3, 3, now(), clock_timestamp(), @error, gen_random_uuid()::text, 'worker-1')
            returning id
            """, new { workspaceId, error });

    [Fact]
    public async Task ListDeadJobs_ApiRecordsInTheSharedPageShape_NotQueueRows()
    {
        var workspace = await app.CreateWorkspaceAsync("Jobs");
        var ids = new List<long>();
        for (var i = 0; i < 3; i++) ids.Add(await DeadJobAsync(workspace.WorkspaceId, $"boom {i}"));
        using var client = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        var first = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/jobs/dead?limit=2")).RootElement;
        var next = first.GetProperty("next").GetString()!;
        var second = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/jobs/dead?limit=2&cursor={next}")).RootElement;

        first.EnumerateObject().Select(p => p.Name).ShouldBe(["items", "next"]);
        var job = first.GetProperty("items")[0];
        job.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "kind", "attempts", "maxAttempts", "lastError", "createdAt", "finishedAt"]);
        job.GetProperty("lastError").GetString().ShouldBe("boom 2");
        second.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(j => j.GetProperty("id").GetInt64())
            .ShouldBe(ids.AsEnumerable().Reverse());
    }

    [Fact]
    public async Task Rerun_WhenItsAuditEntryCannotBeWritten_TheJobStaysDead()
    {
        var workspace = await app.CreateWorkspaceAsync("Rerun");
        var jobId = await DeadJobAsync(workspace.WorkspaceId);
        using var client = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        // The audit write fails after the re-run's update: in one transaction, neither stays.
        await app.CountAsync("""
            create function refuse_rerun_audit() returns trigger language plpgsql as $$
            begin raise exception 'audit refused for test'; end $$;
            create trigger refuse_rerun_audit before insert on audit_log
                for each row when (new.action = 'job.rerun') execute function refuse_rerun_audit();
            select 0
            """);
        try
        {
            using var refused = await client.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/jobs/{jobId}/rerun", null);

            refused.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await app.CountAsync("select count(*) from jobs where id = @jobId and status = 'dead'", new { jobId })).ShouldBe(1);
        }
        finally
        {
            await app.CountAsync("drop trigger refuse_rerun_audit on audit_log; drop function refuse_rerun_audit(); select 0");
        }

        using var accepted = await client.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/jobs/{jobId}/rerun", null);

        accepted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        // The app's worker may already have taken the re-run job (no handler for its kind: one failed attempt, retried later).
        (await app.CountAsync("select count(*) from jobs where id = @jobId and status in ('queued', 'running') and attempts <= 1", new { jobId })).ShouldBe(1);
        (await app.CountAsync("select count(*) from audit_log where action = 'job.rerun' and target_id = @id", new { id = jobId.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ShouldBe(1);
    }
}
