using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chorus.Data.Jobs;

/// <summary>
/// Runs queued jobs on this node: claims as many as it has free slots, runs each kind's handler, renews the leases of
/// long jobs, and sleeps until an enqueue notifies it (LISTEN chorus_jobs), the next job falls due or the poll interval passes. On shutdown
/// it stops claiming and lets running jobs finish until the host's shutdown timeout, then cancels them; a job cut off
/// keeps its lease and is taken back by a worker when the lease runs out.
/// </summary>
public sealed partial class JobWorker : BackgroundService
{
    private static readonly TimeSpan IdleListenerCheck = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(10);

    private readonly JobQueue _queue;
    private readonly NpgsqlDataSource _dataSource;
    private readonly IServiceScopeFactory _scopes;
    private readonly JobOptions _options;
    private readonly TimeProvider _time;
    private readonly JobTelemetry _telemetry;
    private readonly ILogger<JobWorker> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();
    private readonly CancellationTokenSource _cutOff = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public JobWorker(JobQueue queue, NpgsqlDataSource dataSource, IServiceScopeFactory scopes, IOptions<JobOptions> options,
        TimeProvider time, JobTelemetry telemetry, ILogger<JobWorker> logger)
    {
        _telemetry = telemetry;
        _queue = queue;
        _dataSource = dataSource;
        _scopes = scopes;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.Concurrency, _options.Concurrency);
    }

    /// <summary>This worker's name on the leases it holds: machine, process and instance.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Completes once the worker listens for enqueue notifications.</summary>
    internal Task Listening => _listening.Task;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Returns when every running job has finished, or when the host's shutdown timeout has run out: then the
        // jobs still running are cancelled.
        await base.StopAsync(cancellationToken);
        if (cancellationToken.IsCancellationRequested) await _cutOff.CancelAsync();
    }

    public override void Dispose()
    {
        _cutOff.Dispose();
        _slots.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            LogDisabled(_logger);
            return;
        }
        LogStarted(_logger, WorkerId, _options.Concurrency);
        using var background = new CancellationTokenSource();
        var listener = ListenAsync(stoppingToken);
        var renewer = RenewLeasesAsync(background.Token);
        var purger = PurgeAsync(stoppingToken);
        var sampler = SampleDepthAsync(stoppingToken);
        try
        {
            // Listen before the first claim, so nothing enqueued after that claim waits for the poll.
            await Task.WhenAny(_listening.Task, Task.Delay(_options.PollInterval, _time, stoppingToken));
            await ClaimUntilStoppedAsync(stoppingToken);
        }
        finally
        {
            // Every slot back means no job is running any more.
            for (var i = 0; i < _options.Concurrency; i++) await _slots.WaitAsync(CancellationToken.None);
            await background.CancelAsync();
            await Task.WhenAll(listener, renewer, purger, sampler);
            LogStopped(_logger, WorkerId);
        }
    }

    private async Task ClaimUntilStoppedAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var free = 1;
            while (free < _options.Concurrency && _slots.Wait(0, CancellationToken.None)) free++;

            IReadOnlyList<Job> claimed;
            try
            {
                // Not cancellable: a claim cut short after the server committed would strand its jobs until their lease ends.
                claimed = await _queue.ClaimAsync(WorkerId, free, _options.LeaseDuration, CancellationToken.None);
            }
            catch (Exception exception)
            {
                _slots.Release(free);
                LogClaimFailed(_logger, exception);
                await WaitForWorkAsync(stoppingToken);
                continue;
            }

            if (claimed.Count < free) _slots.Release(free - claimed.Count);
            foreach (var job in claimed) Start(job);
            if (claimed.Count < free) await WaitForWorkAsync(stoppingToken);
        }
    }

    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        var wait = _options.PollInterval;
        try
        {
            // Until the next job falls due when that is sooner than the poll; an enqueue meanwhile wakes the worker anyway.
            if (await _queue.NextDueAsync(stoppingToken) is { } next)
            {
                var untilDue = next - _time.GetUtcNow();
                // Not less than a few milliseconds: a due job another worker is claiming right now must not make this one spin.
                if (untilDue < wait) wait = untilDue > MinimumWait ? untilDue : MinimumWait;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception exception)
        {
            LogClaimFailed(_logger, exception);
        }
        using var poll = new CancellationTokenSource(wait, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(poll.Token, stoppingToken);
        try
        {
            await _wake.Reader.ReadAsync(either.Token);
        }
        catch (OperationCanceledException)
        {
            // Poll interval passed, or stopping: either way the loop decides.
        }
    }

    private void Start(Job job)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_cutOff.Token);
        if (!_running.TryAdd(job.Id, cancellation))
        {
            // Its lease lapsed while it still ran here and this worker took it back: the run in progress finishes it.
            cancellation.Dispose();
            _slots.Release();
            return;
        }
        _ = Task.Run(() => RunAsync(job, cancellation));
    }

    private async Task RunAsync(Job job, CancellationTokenSource cancellation)
    {
        var started = _time.GetTimestamp();
        using var activity = _telemetry.Started(job, _time.GetUtcNow());
        try
        {
            var outcome = await HandleAsync(job, cancellation.Token);
            var ended = outcome is null ? "cut_off" : await RecordAsync(job, outcome);
            activity?.SetTag("job.outcome", ended);
            _telemetry.Finished(job, ended, _time.GetElapsedTime(started));
        }
        catch (Exception exception)
        {
            // The outcome could not be written (database unreachable): the lease runs out and the job runs again.
            LogRecordFailed(_logger, exception, job.Id, job.Kind);
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
            cancellation.Dispose();
            _slots.Release();
        }
    }

    private async Task<JobOutcome?> HandleAsync(Job job, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetKeyedService<IJobHandler>(job.Kind);
        if (handler is null)
        {
            // A failure, not a death: during a rolling upgrade another node may know this kind.
            LogUnknownKind(_logger, job.Id, job.Kind);
            return JobOutcome.Failed($"No handler is registered for job kind '{job.Kind}' on worker {WorkerId}.");
        }
        try
        {
            return await handler.HandleAsync(job, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCutOff(_logger, job.Id, job.Kind);
            return null;
        }
        catch (Exception exception)
        {
            LogHandlerThrew(_logger, exception, job.Id, job.Kind, job.Attempts);
            return JobOutcome.Failed($"{exception.GetType().FullName}: {exception.Message}");
        }
    }

    /// <summary>Writes the outcome; answers how the run ended, for the metrics.</summary>
    private async Task<string> RecordAsync(Job job, JobOutcome outcome)
    {
        // Recorded even while shutting down: the work is done and must not be redone.
        var (recorded, ended) = outcome.Kind switch
        {
            JobOutcomeKind.Succeeded => (await _queue.CompleteAsync(job.Id, WorkerId, CancellationToken.None), "succeeded"),
            JobOutcomeKind.RetryAt => (await _queue.PostponeAsync(job.Id, WorkerId, outcome.At!.Value, outcome.Error!, CancellationToken.None), "retry_at"),
            JobOutcomeKind.Dead => (await _queue.BuryAsync(job.Id, WorkerId, outcome.Error!, CancellationToken.None), "dead"),
            _ => await FailAsync(job, outcome.Error!),
        };
        if (!recorded) LogLeaseLost(_logger, job.Id, job.Kind, outcome.Kind);
        else if (outcome.Kind == JobOutcomeKind.Dead) LogDead(_logger, job.Id, job.Kind, job.Attempts, outcome.Error!);
        return recorded ? ended : "lease_lost";
    }

    private async Task<(bool Recorded, string Ended)> FailAsync(Job job, string error)
    {
        var status = await _queue.FailAsync(job.Id, WorkerId, error, retryAt: null, CancellationToken.None);
        if (status == JobStatus.Dead) LogDead(_logger, job.Id, job.Kind, job.Attempts, error);
        else if (status == JobStatus.Queued) LogFailed(_logger, job.Id, job.Kind, job.Attempts, job.MaxAttempts, error);
        return (status is not null, status == JobStatus.Dead ? "dead" : "failed");
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => _wake.Writer.TryWrite(true);
                await using (var listen = new NpgsqlCommand($"listen {JobQueue.NotificationChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                _listening.TrySetResult();
                // After a reconnection, what was enqueued while deaf is claimed now rather than at the next poll.
                _wake.Writer.TryWrite(true);
                while (true)
                {
                    if (!await connection.WaitAsync(IdleListenerCheck, stoppingToken))
                    {
                        // A quiet connection may be a dead one: a round trip finds out.
                        await using var ping = new NpgsqlCommand("select 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogListenFailed(_logger, exception);
                try
                {
                    await Task.Delay(_options.PollInterval, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task RenewLeasesAsync(CancellationToken cancellationToken)
    {
        var every = _options.LeaseDuration / 3;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var ids = _running.Keys.ToArray();
            if (ids.Length == 0) continue;
            try
            {
                var held = await _queue.ExtendLeaseAsync(WorkerId, ids, _options.LeaseDuration, CancellationToken.None);
                foreach (var id in ids.Where(id => !held.Contains(id)))
                {
                    // Finished in the meantime, or taken back by another worker: in the second case stop working on it.
                    if (!_running.TryGetValue(id, out var cancellation)) continue;
                    var job = await _queue.GetAsync(id, CancellationToken.None);
                    if (job is null || job.Status != JobStatus.Running || job.LeasedBy == WorkerId) continue;
                    LogTakenBack(_logger, id, job.LeasedBy ?? "nobody");
                    try
                    {
                        await cancellation.CancelAsync();
                    }
                    catch (ObjectDisposedException)
                    {
                        // It finished just now.
                    }
                }
            }
            catch (Exception exception)
            {
                LogRenewFailed(_logger, exception);
            }
        }
    }

    /// <summary>Reads the queue's counts for the gauges every <see cref="JobOptions.PollInterval"/>.</summary>
    private async Task SampleDepthAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _telemetry.Sampled(await _queue.DepthAsync(stoppingToken));
                await Task.Delay(_options.PollInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogSampleFailed(_logger, exception);
                try
                {
                    await Task.Delay(_options.PollInterval, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task PurgeAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromHours(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var purged = await _queue.PurgeSucceededAsync(_time.GetUtcNow() - _options.KeepSucceededFor, stoppingToken);
                if (purged > 0) LogPurged(_logger, purged);
                await Task.Delay(every, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogPurgeFailed(_logger, exception);
                try
                {
                    await Task.Delay(every, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the job queue's depth for the metrics")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker is disabled on this node (Jobs:Enabled = false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker {WorkerId} started, running up to {Concurrency} jobs at once")]
    private static partial void LogStarted(ILogger logger, string workerId, int concurrency);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker {WorkerId} stopped")]
    private static partial void LogStopped(ILogger logger, string workerId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not claim jobs; trying again at the next poll")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the job notification connection; polling until it is back")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not renew job leases")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ({Kind}) has no handler on this node")]
    private static partial void LogUnknownKind(ILogger logger, long jobId, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) attempt {Attempt} threw")]
    private static partial void LogHandlerThrew(ILogger logger, Exception exception, long jobId, string kind, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) attempt {Attempt} of {MaxAttempts} failed, will retry: {Error}")]
    private static partial void LogFailed(ILogger logger, long jobId, string kind, int attempt, int maxAttempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ({Kind}) is dead after attempt {Attempt}: {Error}")]
    private static partial void LogDead(ILogger logger, long jobId, string kind, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) was cut off; it runs again once its lease runs out")]
    private static partial void LogCutOff(ILogger logger, long jobId, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) ended {Outcome} but this worker no longer held it; the outcome was not recorded")]
    private static partial void LogLeaseLost(ILogger logger, long jobId, string kind, JobOutcomeKind outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was taken back by {Holder}; cancelling it here")]
    private static partial void LogTakenBack(ILogger logger, long jobId, string holder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the outcome of job {JobId} ({Kind}); it runs again once its lease runs out")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, long jobId, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} old succeeded jobs")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not delete old succeeded jobs")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
