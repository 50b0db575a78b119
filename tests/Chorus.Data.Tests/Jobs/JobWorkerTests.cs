using System.Collections.Concurrent;
using System.Diagnostics;
using Chorus.Data.Jobs;
using Chorus.Testing;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit.Abstractions;

namespace Chorus.Data.Tests.Jobs;

public sealed class JobWorkerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private string _connectionString = "";
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await JobNode.CreateDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(_connectionString);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Workers_TwoNodesAndTenThousandJobs_EachJobHandledExactlyOnce()
    {
        const int total = 10_000;
        var handledBy = new ConcurrentDictionary<long, ConcurrentBag<string>>();
        var settings = new Dictionary<string, string?> { ["Jobs:Concurrency"] = "16" };
        Func<Job, CancellationToken, Task<JobOutcome>> record = (job, _) =>
        {
            handledBy.GetOrAdd(job.Id, _ => []).Add(job.LeasedBy!);
            return Task.FromResult(JobOutcome.Succeeded);
        };
        var clock = Stopwatch.StartNew();
        await using var a = await JobNode.StartAsync(_connectionString, record, settings: settings);
        await using var b = await JobNode.StartAsync(_connectionString, record, settings: settings);
        var web = new JobQueue(_dataSource, TimeProvider.System);

        // Enqueued from web nodes while the workers already run: four at once, in transactions of 500 as an import would.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(producer => Task.Run(async () =>
        {
            for (var batch = 0; batch < total / 4 / 500; batch++)
            {
                await using var connection = await _dataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                for (var i = 0; i < 500; i++) await web.EnqueueAsync(connection, transaction, JobNode.Kind, new { producer, batch, i });
                await transaction.CommitAsync();
            }
        })));
        var enqueued = clock.Elapsed;
        await Eventually.TrueAsync(async () => await CountAsync("select count(*) from jobs where status = 'succeeded'") == total,
            TimeSpan.FromSeconds(90), "every job to succeed");
        var elapsed = clock.Elapsed;
        output.WriteLine($"{total} jobs: enqueued in {enqueued.TotalSeconds:F1} s, all handled in {elapsed.TotalSeconds:F1} s " +
            $"(node A {handledBy.Values.Count(v => v.Contains(a.Worker.WorkerId))}, node B {handledBy.Values.Count(v => v.Contains(b.Worker.WorkerId))})");

        handledBy.Count.ShouldBe(total);
        handledBy.Values.ShouldAllBe(v => v.Count == 1);
        (await CountAsync("select count(*) from jobs where attempts <> 1")).ShouldBe(0);
        handledBy.Values.Count(v => v.Contains(a.Worker.WorkerId)).ShouldBeGreaterThan(total / 10);
        handledBy.Values.Count(v => v.Contains(b.Worker.WorkerId)).ShouldBeGreaterThan(total / 10);
        elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Worker_JobEnqueued_WokenByNotifyLongBeforeThePoll()
    {
        var (node, handled) = await StartNodeReportingFirstJobAsync(pollInterval: "00:01:00");
        await using var owned = node;
        await node.Worker.Listening.WaitAsync(Patience);
        // Let the first claim find the queue empty, so only a notification can start the job.
        await Task.Delay(300);

        var started = Stopwatch.StartNew();
        var id = await node.Queue.EnqueueAsync(JobNode.Kind, null);
        (await handled.Task.WaitAsync(Patience)).Id.ShouldBe(id);

        output.WriteLine($"enqueue to handler: {started.Elapsed.TotalMilliseconds:F0} ms");
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Worker_JobScheduledAhead_RunsAtItsTimeNotAtTheNextPoll()
    {
        var (node, handled) = await StartNodeReportingFirstJobAsync(pollInterval: "00:01:00");
        await using var owned = node;
        await node.Worker.Listening.WaitAsync(Patience);
        await Task.Delay(300);

        // The enqueue's notification wakes the worker 2 s early; nothing else would until the poll, a minute later.
        var dueAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var id = await node.Queue.EnqueueAsync(JobNode.Kind, null, dueAt);
        (await handled.Task.WaitAsync(Patience)).Id.ShouldBe(id);
        var lateness = DateTimeOffset.UtcNow - dueAt;

        output.WriteLine($"handled {lateness.TotalMilliseconds:F0} ms after its due time");
        lateness.ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero);
        lateness.ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Worker_JobEnqueuedInAnOpenTransaction_WokenOnlyOnCommit()
    {
        var (node, handled) = await StartNodeReportingFirstJobAsync(pollInterval: "00:01:00");
        await using var owned = node;
        await node.Worker.Listening.WaitAsync(Patience);

        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var id = await node.Queue.EnqueueAsync(connection, transaction, JobNode.Kind, null);
        await Task.Delay(500);
        handled.Task.IsCompleted.ShouldBeFalse();
        await transaction.CommitAsync();

        (await handled.Task.WaitAsync(TimeSpan.FromSeconds(5))).Id.ShouldBe(id);
    }

    [Fact]
    public async Task Worker_JobOfACrashedWorker_TakenBackAfterItsLeaseAndHandled()
    {
        var id = await new JobQueue(_dataSource, TimeProvider.System).EnqueueAsync(JobNode.Kind, null);
        // The crashed process: claimed the job, then never completed it nor renewed its lease.
        (await new JobQueue(_dataSource, TimeProvider.System).ClaimAsync("crashed-node", 1, TimeSpan.FromSeconds(1))).Count.ShouldBe(1);

        var (node, handled) = await StartNodeReportingFirstJobAsync();
        await using var owned = node;

        var job = await handled.Task.WaitAsync(Patience);
        (job.Id, job.Attempts, job.LeasedBy).ShouldBe((id, 2, node.Worker.WorkerId));
        await Eventually.TrueAsync(async () => (await node.Queue.GetAsync(id))!.Status == JobStatus.Succeeded, Patience, "the job to succeed");
    }

    [Fact]
    public async Task Worker_JobLongerThanItsLease_LeaseRenewedSoTheOtherNodeNeverTakesIt()
    {
        var runs = new ConcurrentBag<string>();
        var settings = new Dictionary<string, string?> { ["Jobs:LeaseDuration"] = "00:00:03" };
        Func<Job, CancellationToken, Task<JobOutcome>> slow = async (job, ct) =>
        {
            runs.Add(job.LeasedBy!);
            await Task.Delay(TimeSpan.FromSeconds(7), ct);
            return JobOutcome.Succeeded;
        };
        await using var a = await JobNode.StartAsync(_connectionString, slow, settings: settings);
        await using var b = await JobNode.StartAsync(_connectionString, slow, settings: settings);

        var id = await a.Queue.EnqueueAsync(JobNode.Kind, null);
        await Eventually.TrueAsync(async () => (await a.Queue.GetAsync(id))!.Status == JobStatus.Succeeded, Patience, "the job to succeed");

        runs.Count.ShouldBe(1);
        (await a.Queue.GetAsync(id))!.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task Worker_HandlerThrowsUntilDead_ListedWithTheExceptionThenRerunSucceeds()
    {
        var clock = new ManualTimeProvider();
        var broken = true;
        var calls = 0;
        await using var node = await JobNode.StartAsync(_connectionString, (job, _) =>
        {
            Interlocked.Increment(ref calls);
            return Volatile.Read(ref broken)
                ? throw new InvalidOperationException("the network said 500")
                : Task.FromResult(JobOutcome.Succeeded);
        }, clock);
        var id = await node.Queue.EnqueueAsync(JobNode.Kind, null, maxAttempts: 3);

        await Eventually.TrueAsync(async () =>
        {
            // Step over each backoff rather than waiting for it (never while it runs: that would end its lease).
            var job = (await node.Queue.GetAsync(id))!;
            if (job.Status == JobStatus.Queued && job.DueAt > clock.GetUtcNow()) clock.Advance(job.DueAt - clock.GetUtcNow());
            return job.Status == JobStatus.Dead;
        }, Patience, "the job to die");

        calls.ShouldBe(3);
        var dead = (await node.Queue.ListDeadAsync(null, null, 10)).Jobs.ShouldHaveSingleItem();
        (dead.Id, dead.Attempts).ShouldBe((id, 3));
        dead.LastError.ShouldBe("System.InvalidOperationException: the network said 500");

        Volatile.Write(ref broken, false);
        (await node.Queue.RerunAsync(id)).ShouldBeTrue();
        await Eventually.TrueAsync(async () => (await node.Queue.GetAsync(id))!.Status == JobStatus.Succeeded, Patience, "the re-run to succeed");
        calls.ShouldBe(4);
        (await node.Queue.GetAsync(id))!.Attempts.ShouldBe(1);
        (await node.Queue.ListDeadAsync(null, null, 10)).Jobs.ShouldBeEmpty();
    }

    [Fact]
    public async Task Worker_HandlerReportsDead_NoRetry()
    {
        var calls = 0;
        await using var node = await JobNode.StartAsync(_connectionString, (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(JobOutcome.Dead("401: the token was revoked"));
        });
        var id = await node.Queue.EnqueueAsync(JobNode.Kind, null);

        await Eventually.TrueAsync(async () => (await node.Queue.GetAsync(id))!.Status == JobStatus.Dead, Patience, "the job to die");
        await Task.Delay(500);

        calls.ShouldBe(1);
        var job = (await node.Queue.GetAsync(id))!;
        (job.Attempts, job.LastError).ShouldBe((1, "401: the token was revoked"));
    }

    [Fact]
    public async Task Worker_HandlerAsksToRetryAt_NotRunBeforeThatTimeAndNoAttemptUsed()
    {
        var clock = new ManualTimeProvider();
        var resetAt = clock.GetUtcNow().AddMinutes(15);
        var calls = 0;
        await using var node = await JobNode.StartAsync(_connectionString, (_, _) =>
            Task.FromResult(Interlocked.Increment(ref calls) == 1 ? JobOutcome.RetryAt(resetAt, "429: rate limited") : JobOutcome.Succeeded), clock);
        var id = await node.Queue.EnqueueAsync(JobNode.Kind, null, maxAttempts: 1);

        await Eventually.TrueAsync(async () => (await node.Queue.GetAsync(id))!.DueAt == resetAt, Patience, "the job to be postponed");
        clock.Advance(TimeSpan.FromMinutes(14));
        await Task.Delay(500); // several polls
        calls.ShouldBe(1);
        var postponed = (await node.Queue.GetAsync(id))!;
        (postponed.Status, postponed.Attempts, postponed.LastError).ShouldBe((JobStatus.Queued, 0, "429: rate limited"));

        clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(async () => (await node.Queue.GetAsync(id))!.Status == JobStatus.Succeeded, Patience, "the job to succeed");
        calls.ShouldBe(2);
    }

    [Fact]
    public async Task Worker_UnknownKind_RecordedAsAFailureNamingTheKind()
    {
        await using var node = await JobNode.StartAsync(_connectionString, (_, _) => Task.FromResult(JobOutcome.Succeeded));
        var id = await node.Queue.EnqueueAsync("no-such-kind", null);

        await Eventually.TrueAsync(async () => (await node.Queue.GetAsync(id))!.LastError is not null, Patience, "the failure to be recorded");

        var job = (await node.Queue.GetAsync(id))!;
        job.Status.ShouldBe(JobStatus.Queued);
        job.Attempts.ShouldBe(1);
        job.LastError.ShouldNotBeNull().ShouldContain("No handler is registered for job kind 'no-such-kind'");
    }

    [Fact]
    public async Task StopAsync_JobRunning_StopsClaimingAndLetsItFinish()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = await JobNode.StartAsync(_connectionString, async (_, ct) =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(ct);
            return JobOutcome.Succeeded;
        }, shutdownTimeout: TimeSpan.FromSeconds(20));
        await using var owned = node;
        var running = await node.Queue.EnqueueAsync(JobNode.Kind, null);
        await started.Task.WaitAsync(Patience);

        var stopping = node.StopAsync();
        var late = await node.Queue.EnqueueAsync(JobNode.Kind, null);
        await Task.Delay(500);
        stopping.IsCompleted.ShouldBeFalse();
        release.SetResult();
        await stopping.WaitAsync(Patience);

        (await node.Queue.GetAsync(running))!.Status.ShouldBe(JobStatus.Succeeded);
        var notStarted = (await node.Queue.GetAsync(late))!;
        (notStarted.Status, notStarted.Attempts).ShouldBe((JobStatus.Queued, 0));
    }

    [Fact]
    public async Task StopAsync_JobOutlastsTheShutdownTimeout_CancelledAndLeftForAnotherWorkerAfterItsLease()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = await JobNode.StartAsync(_connectionString, async (_, ct) =>
        {
            started.TrySetResult();
            await using var registration = ct.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, ct);
            return JobOutcome.Succeeded;
        }, shutdownTimeout: TimeSpan.FromMilliseconds(300));
        var id = await node.Queue.EnqueueAsync(JobNode.Kind, null);
        await started.Task.WaitAsync(Patience);

        await node.DisposeAsync();

        cancelled.Task.IsCompleted.ShouldBeTrue();
        var job = (await new JobQueue(_dataSource, TimeProvider.System).GetAsync(id))!;
        (job.Status, job.Attempts).ShouldBe((JobStatus.Running, 1));
        job.LeaseUntil.ShouldNotBeNull().ShouldBeGreaterThan(TimeProvider.System.GetUtcNow());
    }

    [Fact]
    public async Task Worker_DisabledOnAWebOnlyNode_EnqueuesButRunsNothing()
    {
        var calls = 0;
        await using var node = await JobNode.StartAsync(_connectionString, (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(JobOutcome.Succeeded);
        }, settings: new() { ["Jobs:Enabled"] = "false" });

        var id = await node.Queue.EnqueueAsync(JobNode.Kind, null);
        await Task.Delay(700);

        calls.ShouldBe(0);
        (await node.Queue.GetAsync(id))!.Status.ShouldBe(JobStatus.Queued);
    }

    [Fact]
    public async Task AddChorusJobs_InvalidOptions_HostRefusesToStartNamingTheSetting()
    {
        var error = await Should.ThrowAsync<OptionsValidationException>(() => JobNode.StartAsync(_connectionString,
            (_, _) => Task.FromResult(JobOutcome.Succeeded), settings: new() { ["Jobs:Concurrency"] = "0" }));

        error.Message.ShouldContain("Concurrency");
    }

    [Fact]
    public void AddJobHandler_SecondHandlerForTheSameKind_Refused()
    {
        var services = new ServiceCollection();
        services.AddJobHandler<NothingHandler>("publish");

        Should.Throw<InvalidOperationException>(() => services.AddJobHandler<NothingHandler>("publish")).Message.ShouldContain("'publish'");
    }

    /// <summary>A node whose handler succeeds at once and reports the first job it was given.</summary>
    private async Task<(JobNode Node, TaskCompletionSource<Job> FirstJob)> StartNodeReportingFirstJobAsync(string pollInterval = "00:00:00.100")
    {
        var first = new TaskCompletionSource<Job>(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = await JobNode.StartAsync(_connectionString, (job, _) =>
        {
            first.TrySetResult(job);
            return Task.FromResult(JobOutcome.Succeeded);
        }, settings: new() { ["Jobs:PollInterval"] = pollInterval });
        return (node, first);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private sealed class NothingHandler : IJobHandler
    {
        public Task<JobOutcome> HandleAsync(Job job, CancellationToken cancellationToken) => Task.FromResult(JobOutcome.Succeeded);
    }
}
