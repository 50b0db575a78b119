using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace Chorus.Data.Jobs;

/// <summary>
/// The PostgreSQL job queue: jobs are claimed under a lease with FOR UPDATE SKIP LOCKED, so any number of workers in
/// any number of processes share it, and a job whose worker died is taken back once its lease runs out. Every time
/// comes from the <see cref="TimeProvider"/>, never from the server clock, so tests can move time.
/// </summary>
public sealed class JobQueue
{
    /// <summary>The LISTEN/NOTIFY channel on which an enqueue wakes the workers.</summary>
    public const string NotificationChannel = "chorus_jobs";

    public const int DefaultMaxAttempts = 8;

    /// <summary>Retry n waits a random time in [0, min(cap, base × 2^(n-1))]: "full jitter", so retries spread out.</summary>
    public static readonly TimeSpan BackoffBase = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan BackoffCap = TimeSpan.FromHours(1);

    internal static JsonSerializerOptions PayloadJson { get; } = new(JsonSerializerDefaults.Web);

    private const string Columns =
        "id, kind, workspace_id, payload::text, idempotency_key, status, due_at, attempts, max_attempts, lease_until, " +
        "leased_by, last_error, created_at, finished_at";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly Random _jitter;

    public JobQueue(NpgsqlDataSource dataSource, TimeProvider time)
        : this(dataSource, time, new Random())
    {
    }

    internal JobQueue(NpgsqlDataSource dataSource, TimeProvider time, Random jitter)
    {
        _dataSource = dataSource;
        _time = time;
        _jitter = jitter;
    }

    /// <summary>
    /// Adds a job and wakes the workers. With an idempotency key, a second enqueue of the same kind and key adds
    /// nothing and returns the id of the job already there.
    /// </summary>
    /// <param name="payload">Serialised to jsonb with the web defaults (camelCase).</param>
    /// <param name="dueAt">Not before this time; now when null.</param>
    public async Task<long> EnqueueAsync(string kind, object? payload, DateTimeOffset? dueAt = null, string? idempotencyKey = null,
        Guid? workspaceId = null, int? maxAttempts = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await EnqueueAsync(connection, transaction, kind, payload, dueAt, idempotencyKey, workspaceId, maxAttempts, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// Adds a job on the caller's connection and transaction, so it exists if and only if the caller's own write
    /// commits; the workers are woken on commit.
    /// </summary>
    public async Task<long> EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string kind, object? payload,
        DateTimeOffset? dueAt = null, string? idempotencyKey = null, Guid? workspaceId = null, int? maxAttempts = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (string.IsNullOrWhiteSpace(kind) || kind.Length > 100)
            throw new ArgumentException($"Job kind '{kind}' must be 1 to 100 characters and not blank.", nameof(kind));
        if (idempotencyKey is not null && (idempotencyKey.Length == 0 || idempotencyKey.Length > 400))
            throw new ArgumentException("An idempotency key must be 1 to 400 characters.", nameof(idempotencyKey));
        if (maxAttempts is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "Max attempts must be between 1 and 1000.");

        var now = _time.GetUtcNow();
        var arguments = new
        {
            kind,
            workspaceId,
            payload = JsonSerializer.Serialize(payload, PayloadJson),
            idempotencyKey,
            dueAt = (dueAt ?? now).ToUniversalTime(),
            maxAttempts = maxAttempts ?? DefaultMaxAttempts,
            now,
            channel = NotificationChannel,
        };
        // One round trip: the notification goes out only when a row was inserted, and is delivered on commit, so a
        // worker never wakes for a job it cannot see yet.
        var inserted = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            with inserted as (
                insert into jobs (kind, workspace_id, payload, idempotency_key, due_at, max_attempts, created_at)
                values (@kind, @workspaceId, @payload::jsonb, @idempotencyKey, @dueAt, @maxAttempts, @now)
                on conflict (kind, idempotency_key) where idempotency_key is not null do nothing
                returning id)
            select id, pg_notify(@channel, @kind) from inserted
            """, arguments, transaction, cancellationToken: cancellationToken));
        if (inserted is { } id) return id;
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select id from jobs where kind = @kind and idempotency_key = @idempotencyKey", arguments, transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Takes up to <paramref name="batchSize"/> jobs for this worker: due queued jobs, and running jobs whose lease
    /// has run out (their worker crashed or hung). Each claimed job is running, with one more attempt and a lease of
    /// <paramref name="leaseDuration"/>. A job whose lease ran out on its last attempt is declared dead instead.
    /// </summary>
    public async Task<IReadOnlyList<Job>> ClaimAsync(string workerId, int batchSize, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        // Running jobs keep the due_at they were claimed at (always <= now), so one partial index serves both cases.
        // Both parts lock with SKIP LOCKED: claimers never wait for each other, nor deadlock.
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition($"""
            with abandoned as (
                update jobs set status = 'dead', finished_at = @now, lease_until = null,
                    last_error = 'Attempt ' || attempts || ' of ' || max_attempts || ' was cut off: worker '
                        || coalesce(leased_by, '?') || ' stopped renewing its lease. Last error: ' || coalesce(last_error, 'none')
                where id in (
                    select id from jobs
                    where status = 'running' and due_at <= @now and lease_until < @now and attempts >= max_attempts
                    for update skip locked)
            ), candidates as (
                select id from jobs
                where status in ('queued', 'running') and due_at <= @now
                  and (status = 'queued' or (lease_until < @now and attempts < max_attempts))
                order by due_at
                limit @batchSize
                for update skip locked
            )
            update jobs j set status = 'running', attempts = j.attempts + 1, lease_until = @leaseUntil, leased_by = @workerId
            from candidates c
            where j.id = c.id
            returning {Prefixed("j.")}
            """, new { now, batchSize, leaseUntil = now + leaseDuration, workerId }, cancellationToken: cancellationToken));
        return await ReadAllAsync(reader, cancellationToken);
    }

    /// <summary>
    /// The earliest time a job not claimable now becomes claimable: a queued job's due time, or a running job's lease
    /// end (its worker may have died). Null when there is none. An idle worker sleeps until then rather than a whole
    /// poll interval, so a post scheduled for 9:00:00 goes at 9:00:00, not at the next poll.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var next = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition("""
            select least((select min(due_at) from jobs where status = 'queued'),
                         (select min(lease_until) from jobs where status = 'running' and due_at <= @now))
            """, new { now = _time.GetUtcNow() }, cancellationToken: cancellationToken));
        return next is { } utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : null;
    }

    /// <summary>Marks the job succeeded. False when this worker no longer holds it (its lease was taken back).</summary>
    public async Task<bool> CompleteAsync(long id, string workerId, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("""
            update jobs set status = 'succeeded', finished_at = @now, lease_until = null
            where id = @id and status = 'running' and leased_by = @workerId
            """, new { id, workerId, now = _time.GetUtcNow() }, cancellationToken) == 1;

    /// <summary>
    /// Records a failed attempt: the job is queued again at <paramref name="retryAt"/>, or after an exponential
    /// backoff with full jitter, or is dead when its attempts are used up. Returns the job's new status, or null
    /// when this worker no longer holds it.
    /// </summary>
    public async Task<JobStatus?> FailAsync(long id, string workerId, string error, DateTimeOffset? retryAt = null, CancellationToken cancellationToken = default)
    {
        double jitter;
        lock (_jitter) jitter = _jitter.NextDouble();
        var status = await QueryStatusAsync("""
            update jobs set
                status = case when attempts >= max_attempts then 'dead' else 'queued' end,
                due_at = case when attempts >= max_attempts then due_at
                              else coalesce(@retryAt, @now + make_interval(secs => least(@capSeconds, @baseSeconds * power(2, least(attempts - 1, 30))) * @jitter))
                         end,
                finished_at = case when attempts >= max_attempts then @now end,
                lease_until = null,
                last_error = @error
            where id = @id and status = 'running' and leased_by = @workerId
            returning status
            """, new
        {
            id,
            workerId,
            error,
            retryAt = retryAt?.ToUniversalTime(),
            now = _time.GetUtcNow(),
            capSeconds = BackoffCap.TotalSeconds,
            baseSeconds = BackoffBase.TotalSeconds,
            jitter,
        }, cancellationToken);
        return status;
    }

    /// <summary>
    /// Puts the job back until <paramref name="at"/> without using up an attempt: the work was refused for now (a rate
    /// limit), not failed. False when this worker no longer holds it.
    /// </summary>
    public async Task<bool> PostponeAsync(long id, string workerId, DateTimeOffset at, string reason, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("""
            update jobs set status = 'queued', attempts = attempts - 1, due_at = @at, lease_until = null, last_error = @reason
            where id = @id and status = 'running' and leased_by = @workerId
            """, new { id, workerId, at = at.ToUniversalTime(), reason }, cancellationToken) == 1;

    /// <summary>Gives up on the job now (a permanent error): no retry until someone re-runs it. False when this worker no longer holds it.</summary>
    public async Task<bool> BuryAsync(long id, string workerId, string error, CancellationToken cancellationToken = default) =>
        await ExecuteAsync("""
            update jobs set status = 'dead', finished_at = @now, lease_until = null, last_error = @error
            where id = @id and status = 'running' and leased_by = @workerId
            """, new { id, workerId, error, now = _time.GetUtcNow() }, cancellationToken) == 1;

    /// <summary>Renews the leases of jobs this worker runs; returns the ids it still holds (the others were taken back).</summary>
    public async Task<IReadOnlySet<long>> ExtendLeaseAsync(string workerId, IReadOnlyCollection<long> ids, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0) return new HashSet<long>();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var held = await connection.QueryAsync<long>(new CommandDefinition("""
            update jobs set lease_until = @leaseUntil
            where id = any(@ids) and status = 'running' and leased_by = @workerId
            returning id
            """, new { ids = ids.ToArray(), workerId, leaseUntil = _time.GetUtcNow() + leaseDuration }, cancellationToken: cancellationToken));
        return held.ToHashSet();
    }

    public async Task<Job?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            $"select {Columns} from jobs where id = @id", new { id }, cancellationToken: cancellationToken));
        var jobs = await ReadAllAsync(reader, cancellationToken);
        return jobs.Count == 0 ? null : jobs[0];
    }

    /// <summary>
    /// Dead jobs, most recently dead first, of one workspace or (null) of all. Pass the previous page's
    /// <see cref="JobPage.NextCursor"/> to get the next page.
    /// </summary>
    public async Task<JobPage> ListDeadAsync(Guid? workspaceId, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        var after = cursor is null ? ((DateTimeOffset, long)?)null : ParseCursor(cursor);
        var sql = $"select {Columns} from jobs where status = 'dead'"
            + (workspaceId is null ? "" : " and workspace_id = @workspaceId")
            + (after is null ? "" : " and (finished_at, id) < (@afterFinishedAt, @afterId)")
            + " order by finished_at desc, id desc limit @take";
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, new
        {
            workspaceId,
            afterFinishedAt = after?.Item1,
            afterId = after?.Item2,
            take = limit + 1,
        }, cancellationToken: cancellationToken));
        var jobs = await ReadAllAsync(reader, cancellationToken);
        if (jobs.Count <= limit) return new JobPage(jobs, null);
        var last = jobs[limit - 1];
        return new JobPage(jobs.Take(limit).ToList(),
            string.Create(CultureInfo.InvariantCulture, $"{last.FinishedAt!.Value.UtcTicks}.{last.Id}"));
    }

    /// <summary>
    /// Queues a dead job again, now, with its attempts reset. With a workspace, only a job of that workspace.
    /// False when there is no such dead job.
    /// </summary>
    public async Task<bool> RerunAsync(long id, Guid? workspaceId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await RerunAsync(connection, null, id, workspaceId, cancellationToken);
    }

    /// <summary>
    /// Queues a dead job again on the caller's connection and transaction, so the re-run and the caller's own record
    /// of it (an audit entry) commit or roll back together; the workers are woken on commit.
    /// </summary>
    public async Task<bool> RerunAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long id, Guid? workspaceId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var kind = await connection.ExecuteScalarAsync<string?>(new CommandDefinition($"""
            with rerun as (
                update jobs set status = 'queued', attempts = 0, due_at = @now, lease_until = null, leased_by = null, finished_at = null
                where id = @id and status = 'dead'{(workspaceId is null ? "" : " and workspace_id = @workspaceId")}
                returning kind)
            select kind, pg_notify(@channel, kind) from rerun
            """, new { id, workspaceId, now = _time.GetUtcNow(), channel = NotificationChannel }, transaction, cancellationToken: cancellationToken));
        return kind is not null;
    }

    /// <summary>Deletes succeeded jobs finished before <paramref name="before"/>, a bounded batch at a time; returns how many.</summary>
    public async Task<int> PurgeSucceededAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await ExecuteAsync("""
                delete from jobs where id in (
                    select id from jobs where status = 'succeeded' and finished_at < @before limit 5000)
                """, new { before = before.ToUniversalTime() }, cancellationToken);
            total += deleted;
        }
        while (deleted > 0);
        return total;
    }

    /// <summary>The queue's counts for the metrics: due and unclaimed, running, dead (each read from its partial index).</summary>
    public async Task<QueueDepth> DepthAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var (due, running, dead) = await connection.QuerySingleAsync<(long, long, long)>(new CommandDefinition("""
            select (select count(*) from jobs where status = 'queued' and due_at <= @now),
                   (select count(*) from jobs where status = 'running'),
                   (select count(*) from jobs where status = 'dead')
            """, new { now = _time.GetUtcNow() }, cancellationToken: cancellationToken));
        return new QueueDepth(due, running, dead);
    }

    private static (DateTimeOffset FinishedAt, long Id) ParseCursor(string cursor)
    {
        var parts = cursor.Split('.');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return (new DateTimeOffset(ticks, TimeSpan.Zero), id);
        }
        throw new ArgumentException($"Cursor '{cursor}' is not one returned by {nameof(ListDeadAsync)}.", nameof(cursor));
    }

    private async Task<int> ExecuteAsync(string sql, object arguments, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, arguments, cancellationToken: cancellationToken));
    }

    private async Task<JobStatus?> QueryStatusAsync(string sql, object arguments, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var status = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(sql, arguments, cancellationToken: cancellationToken));
        return status is null ? null : ParseStatus(status);
    }

    private static string Prefixed(string alias) => string.Join(", ", Columns.Split(", ").Select(c => alias + c));

    private static async Task<List<Job>> ReadAllAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var jobs = new List<Job>();
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new Job(
                Id: reader.GetInt64(0),
                Kind: reader.GetString(1),
                WorkspaceId: reader.IsDBNull(2) ? null : reader.GetGuid(2),
                Payload: reader.GetString(3),
                IdempotencyKey: reader.IsDBNull(4) ? null : reader.GetString(4),
                Status: ParseStatus(reader.GetString(5)),
                DueAt: reader.GetFieldValue<DateTimeOffset>(6),
                Attempts: reader.GetInt32(7),
                MaxAttempts: reader.GetInt32(8),
                LeaseUntil: reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                LeasedBy: reader.IsDBNull(10) ? null : reader.GetString(10),
                LastError: reader.IsDBNull(11) ? null : reader.GetString(11),
                CreatedAt: reader.GetFieldValue<DateTimeOffset>(12),
                FinishedAt: reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13)));
        }
        return jobs;
    }

    private static JobStatus ParseStatus(string status) => status switch
    {
        "queued" => JobStatus.Queued,
        "running" => JobStatus.Running,
        "succeeded" => JobStatus.Succeeded,
        "dead" => JobStatus.Dead,
        _ => throw new InvalidOperationException($"Unknown job status '{status}' in the jobs table."),
    };
}
