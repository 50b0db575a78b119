using Chorus.Data.Jobs;
using Chorus.Testing;
using Dapper;
using Npgsql;

namespace Chorus.Data.Tests.Jobs;

public sealed class JobQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly ManualTimeProvider _clock = new();
    private NpgsqlDataSource _dataSource = null!;
    private JobQueue _queue = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await JobNode.CreateDatabaseAsync());
        _queue = new JobQueue(_dataSource, _clock, new Random(20301));
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task EnqueueAsync_SameKindAndIdempotencyKeyTwice_ReturnsTheFirstJobAndAddsNothing()
    {
        var first = await _queue.EnqueueAsync("publish", new { postId = 1 }, idempotencyKey: "post-1");
        var second = await _queue.EnqueueAsync("publish", new { postId = 999 }, idempotencyKey: "post-1");
        var otherKind = await _queue.EnqueueAsync("reconcile", new { postId = 1 }, idempotencyKey: "post-1");
        var noKey = await _queue.EnqueueAsync("publish", new { postId = 1 });

        second.ShouldBe(first);
        otherKind.ShouldNotBe(first);
        noKey.ShouldNotBe(first);
        (await CountAsync("select count(*) from jobs")).ShouldBe(3);
        (await _queue.GetAsync(first))!.PayloadAs<PostPayload>().PostId.ShouldBe(1);
    }

    [Fact]
    public async Task EnqueueAsync_SameIdempotencyKeyFromManyCallersAtOnce_OneJob()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _queue.EnqueueAsync("publish", null, idempotencyKey: "race")));

        ids.Distinct().Count().ShouldBe(1);
        (await CountAsync("select count(*) from jobs")).ShouldBe(1);
    }

    [Fact]
    public async Task EnqueueAsync_InCallerTransaction_ExistsOnlyIfTheCallerCommits()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using (var rolledBack = await connection.BeginTransactionAsync())
        {
            await _queue.EnqueueAsync(connection, rolledBack, "publish", new { postId = 1 });
            await rolledBack.RollbackAsync();
        }
        long committedId;
        await using (var committed = await connection.BeginTransactionAsync())
        {
            committedId = await _queue.EnqueueAsync(connection, committed, "publish", new { postId = 2 });
            await committed.CommitAsync();
        }

        (await CountAsync("select count(*) from jobs")).ShouldBe(1);
        (await _queue.GetAsync(committedId))!.Status.ShouldBe(JobStatus.Queued);
    }

    [Fact]
    public async Task EnqueueAsync_BadArguments_RefusedNamingTheArgument()
    {
        (await Should.ThrowAsync<ArgumentException>(() => _queue.EnqueueAsync(" ", null))).ParamName.ShouldBe("kind");
        (await Should.ThrowAsync<ArgumentOutOfRangeException>(() => _queue.EnqueueAsync("publish", null, maxAttempts: 0))).ParamName.ShouldBe("maxAttempts");
        (await Should.ThrowAsync<ArgumentException>(() => _queue.EnqueueAsync("publish", null, idempotencyKey: ""))).ParamName.ShouldBe("idempotencyKey");
    }

    [Fact]
    public async Task ClaimAsync_JobDueLater_NotClaimedUntilDue()
    {
        var id = await _queue.EnqueueAsync("publish", null, dueAt: _clock.GetUtcNow().AddMinutes(10));

        (await _queue.ClaimAsync("a", 10, Lease)).ShouldBeEmpty();
        _clock.Advance(TimeSpan.FromMinutes(10));
        var claimed = await _queue.ClaimAsync("a", 10, Lease);

        claimed.Select(j => j.Id).ShouldBe([id]);
        claimed[0].Status.ShouldBe(JobStatus.Running);
        claimed[0].Attempts.ShouldBe(1);
        claimed[0].LeasedBy.ShouldBe("a");
        claimed[0].LeaseUntil.ShouldBe(_clock.GetUtcNow() + Lease);
    }

    [Fact]
    public async Task ClaimAsync_LeaseOfCrashedWorkerExpired_AnotherWorkerTakesTheJobBackAndTheFirstCannotFinishIt()
    {
        var id = await _queue.EnqueueAsync("publish", null);
        (await _queue.ClaimAsync("crashed", 10, Lease)).Count.ShouldBe(1);

        (await _queue.ClaimAsync("survivor", 10, Lease)).ShouldBeEmpty();
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var reclaimed = await _queue.ClaimAsync("survivor", 10, Lease);

        reclaimed.Select(j => j.Id).ShouldBe([id]);
        reclaimed[0].Attempts.ShouldBe(2);
        reclaimed[0].LeasedBy.ShouldBe("survivor");
        (await _queue.CompleteAsync(id, "crashed")).ShouldBeFalse();
        (await _queue.FailAsync(id, "crashed", "late")).ShouldBeNull();
        (await _queue.ExtendLeaseAsync("crashed", [id], Lease)).ShouldBeEmpty();
        (await _queue.GetAsync(id))!.Status.ShouldBe(JobStatus.Running);
        (await _queue.CompleteAsync(id, "survivor")).ShouldBeTrue();
        (await _queue.GetAsync(id))!.Status.ShouldBe(JobStatus.Succeeded);
        (await _queue.CompleteAsync(id, "survivor")).ShouldBeFalse();
    }

    [Fact]
    public async Task ClaimAsync_LeaseExpiredOnTheLastAttempt_JobIsDeadNotClaimed()
    {
        var id = await _queue.EnqueueAsync("publish", null, maxAttempts: 1);
        await _queue.ClaimAsync("crashed", 10, Lease);
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));

        (await _queue.ClaimAsync("survivor", 10, Lease)).ShouldBeEmpty();

        var job = (await _queue.GetAsync(id))!;
        job.Status.ShouldBe(JobStatus.Dead);
        job.LastError.ShouldNotBeNull().ShouldContain("crashed stopped renewing its lease");
        job.FinishedAt.ShouldBe(_clock.GetUtcNow());
    }

    [Fact]
    public async Task ExtendLeaseAsync_HeldJob_NotTakenBackAfterTheFirstLease()
    {
        var id = await _queue.EnqueueAsync("publish", null);
        await _queue.ClaimAsync("a", 10, Lease);
        _clock.Advance(Lease - TimeSpan.FromSeconds(5));

        (await _queue.ExtendLeaseAsync("a", [id], Lease)).ShouldBe(new HashSet<long> { id });
        _clock.Advance(TimeSpan.FromSeconds(10));

        (await _queue.ClaimAsync("b", 10, Lease)).ShouldBeEmpty();
        (await _queue.GetAsync(id))!.LeaseUntil.ShouldBe(_clock.GetUtcNow() + Lease - TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task FailAsync_RepeatedFailures_BackoffGrowsToTheCapWithFullJitter()
    {
        const int jobs = 100;
        const int attempts = 12;
        for (var i = 0; i < jobs; i++) await _queue.EnqueueAsync("publish", null, maxAttempts: attempts + 1);

        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            var claimed = await _queue.ClaimAsync("a", jobs, Lease);
            claimed.Count.ShouldBe(jobs, $"attempt {attempt}");
            claimed.ShouldAllBe(j => j.Attempts == attempt);
            var now = _clock.GetUtcNow();
            var statuses = await Task.WhenAll(claimed.Select(job => _queue.FailAsync(job.Id, "a", "HTTP 503")));
            statuses.ShouldAllBe(s => s == JobStatus.Queued);

            await using var connection = await _dataSource.OpenConnectionAsync();
            var delays = (await connection.QueryAsync<DateTime>("select due_at from jobs"))
                .Select(d => new DateTimeOffset(d, TimeSpan.Zero) - now).ToList();
            var ceiling = TimeSpan.FromSeconds(Math.Min(3600, 5 * Math.Pow(2, attempt - 1)));
            delays.ShouldAllBe(d => d >= TimeSpan.Zero && d <= ceiling + TimeSpan.FromMilliseconds(1), $"attempt {attempt}");
            // Full jitter: spread over the whole range, not bunched (the odds of missing either end by chance are < 1e-9).
            delays.Distinct().Count().ShouldBeGreaterThan(jobs * 9 / 10, $"attempt {attempt}");
            delays.Max().ShouldBeGreaterThan(ceiling * 0.9, $"attempt {attempt}");
            delays.Min().ShouldBeLessThan(ceiling * 0.1, $"attempt {attempt}");

            _clock.Advance(ceiling + TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task FailAsync_LastAttempt_JobIsDeadWithTheError()
    {
        var id = await _queue.EnqueueAsync("publish", null, maxAttempts: 2);
        await _queue.ClaimAsync("a", 1, Lease);
        (await _queue.FailAsync(id, "a", "first", retryAt: _clock.GetUtcNow())).ShouldBe(JobStatus.Queued);
        await _queue.ClaimAsync("a", 1, Lease);

        (await _queue.FailAsync(id, "a", "second")).ShouldBe(JobStatus.Dead);

        var job = (await _queue.GetAsync(id))!;
        job.Status.ShouldBe(JobStatus.Dead);
        job.Attempts.ShouldBe(2);
        job.LastError.ShouldBe("second");
        job.LeaseUntil.ShouldBeNull();
        _clock.Advance(TimeSpan.FromDays(1));
        (await _queue.ClaimAsync("a", 1, Lease)).ShouldBeEmpty();
    }

    [Fact]
    public async Task PostponeAsync_RateLimited_DueAtTheGivenTimeWithoutUsingAnAttempt()
    {
        var id = await _queue.EnqueueAsync("publish", null, maxAttempts: 1);
        await _queue.ClaimAsync("a", 1, Lease);
        var resetAt = _clock.GetUtcNow().AddMinutes(15);

        (await _queue.PostponeAsync(id, "a", resetAt, "429 until the window resets")).ShouldBeTrue();

        var job = (await _queue.GetAsync(id))!;
        (job.Status, job.Attempts, job.DueAt, job.LastError).ShouldBe((JobStatus.Queued, 0, resetAt, "429 until the window resets"));
        _clock.Advance(TimeSpan.FromMinutes(14));
        (await _queue.ClaimAsync("a", 1, Lease)).ShouldBeEmpty();
        _clock.Advance(TimeSpan.FromMinutes(1));
        (await _queue.ClaimAsync("a", 1, Lease)).Single().Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task RerunAsync_DeadJob_QueuedNowWithAttemptsReset()
    {
        var id = await _queue.EnqueueAsync("publish", null, maxAttempts: 1);
        await _queue.ClaimAsync("a", 1, Lease);
        (await _queue.BuryAsync(id, "a", "404: the post no longer exists")).ShouldBeTrue();
        (await _queue.RerunAsync(id + 1000)).ShouldBeFalse();

        (await _queue.RerunAsync(id)).ShouldBeTrue();

        var job = (await _queue.GetAsync(id))!;
        (job.Status, job.Attempts, job.DueAt, job.FinishedAt, job.LeasedBy).ShouldBe((JobStatus.Queued, 0, _clock.GetUtcNow(), (DateTimeOffset?)null, (string?)null));
        (await _queue.RerunAsync(id)).ShouldBeFalse();
        (await _queue.ClaimAsync("b", 1, Lease)).Single().Id.ShouldBe(id);
    }

    [Fact]
    public async Task ListDeadAsync_PagesOfOneWorkspaceOrAll_NewestFirstWithoutGapsOrRepeats()
    {
        var brandA = await CreateWorkspaceAsync();
        var brandB = await CreateWorkspaceAsync();
        var deadA = new List<long>();
        var deadB = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            var workspace = i % 3 == 0 ? brandB : brandA;
            var id = await _queue.EnqueueAsync("publish", null, workspaceId: workspace);
            await _queue.ClaimAsync("a", 1, Lease);
            await _queue.BuryAsync(id, "a", $"error {i}");
            (workspace == brandA ? deadA : deadB).Add(id);
            // Two deaths in the same microsecond are ordered by id, the others by time.
            if (i % 2 == 1) _clock.Advance(TimeSpan.FromSeconds(1));
        }
        await _queue.EnqueueAsync("publish", null, workspaceId: brandA);

        var pagesA = await AllPagesAsync(brandA, pageSize: 2);
        var pagesAll = await AllPagesAsync(null, pageSize: 3);

        pagesA.SelectMany(p => p).ShouldBe(deadA.AsEnumerable().Reverse());
        pagesA.Select(p => p.Count).ShouldBe([2, 2, 1]);
        pagesAll.SelectMany(p => p).ShouldBe(deadA.Concat(deadB).OrderDescending());
        (await _queue.ListDeadAsync(brandB, null, 10)).Jobs.ShouldAllBe(j => j.WorkspaceId == brandB && j.Status == JobStatus.Dead);
        (await _queue.RerunAsync(deadA[0], workspaceId: brandB)).ShouldBeFalse();
        (await Should.ThrowAsync<ArgumentException>(() => _queue.ListDeadAsync(null, "not-a-cursor", 10))).ParamName.ShouldBe("cursor");
    }

    [Fact]
    public async Task PurgeSucceededAsync_OldSucceededJobs_DeletedOthersKept()
    {
        var old = await _queue.EnqueueAsync("publish", null);
        var dead = await _queue.EnqueueAsync("publish", null);
        await _queue.ClaimAsync("a", 2, Lease);
        await _queue.CompleteAsync(old, "a");
        await _queue.BuryAsync(dead, "a", "gone");
        _clock.Advance(TimeSpan.FromDays(8));
        var recent = await _queue.EnqueueAsync("publish", null);
        await _queue.ClaimAsync("a", 1, Lease);
        await _queue.CompleteAsync(recent, "a");

        (await _queue.PurgeSucceededAsync(_clock.GetUtcNow().AddDays(-7))).ShouldBe(1);

        (await _queue.GetAsync(old)).ShouldBeNull();
        (await _queue.GetAsync(dead)).ShouldNotBeNull();
        (await _queue.GetAsync(recent)).ShouldNotBeNull();
    }

    private async Task<List<List<long>>> AllPagesAsync(Guid? workspaceId, int pageSize)
    {
        var pages = new List<List<long>>();
        string? cursor = null;
        do
        {
            var page = await _queue.ListDeadAsync(workspaceId, cursor, pageSize);
            pages.Add(page.Jobs.Select(j => j.Id).ToList());
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return pages;
    }

    private async Task<Guid> CreateWorkspaceAsync()
    {
        var organization = Guid.NewGuid();
        var workspace = Guid.NewGuid();
        await using var connection = await _dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into organizations (id, name, created_at) values (@organization, 'Agency', @now);
            insert into workspaces (id, organization_id, name, created_at) values (@workspace, @organization, @name, @now);
            """, new { organization, workspace, name = "Brand " + workspace, now = _clock.GetUtcNow() });
        return workspace;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private sealed record PostPayload(int PostId);
}
