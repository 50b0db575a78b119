using System.Globalization;
using Chorus.Data.Jobs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chorus.Publishing.Queues;

/// <summary>
/// Work the queue does on its own, run by any node whose jobs are enabled: a subscriber (recurring posts, evergreen
/// posts, feed auto-posting) is one <see cref="IQueueAutomation"/>.
/// </summary>
public interface IQueueAutomation
{
    /// <summary>Does what is due now; must be safe to run twice or on two nodes at once.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The "publishing.automation" job, once per interval: time is cut into slots of <see cref="QueueOptions.AutomationInterval"/>
/// and the job of a slot has the key of that slot, so the chain has one job per slot however many nodes enqueue it.
/// The next slot's job is enqueued first, so a run that fails or is cut off does not end the chain.
/// </summary>
public sealed class QueueAutomationJob(JobQueue queue, NpgsqlDataSource dataSource, IEnumerable<IQueueAutomation> automations, IOptions<QueueOptions> options,
    TimeProvider clock) : IJobHandler
{
    public const string Kind = "publishing.automation";

    public async Task<JobOutcome> HandleAsync(Job job, CancellationToken cancellationToken)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await EnqueueNextAsync(queue, connection, options.Value, clock, cancellationToken);
        }
        foreach (var automation in automations) await automation.RunAsync(cancellationToken);
        return JobOutcome.Succeeded;
    }

    public static async Task EnqueueNextAsync(JobQueue queue, NpgsqlConnection connection, QueueOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var interval = options.AutomationInterval.Ticks;
        var slot = clock.GetUtcNow().UtcTicks / interval + 1;
        await queue.EnqueueAsync(connection, null, Kind, null, new DateTimeOffset(slot * interval, TimeSpan.Zero), slot.ToString(CultureInfo.InvariantCulture),
            maxAttempts: 3, cancellationToken: cancellationToken);
    }
}

/// <summary>Starts the automation chain when a node that runs jobs starts (the slot's key makes a second start add nothing).</summary>
public sealed class QueueAutomationSeeder(JobQueue queue, NpgsqlDataSource dataSource, IOptions<JobOptions> jobs, IOptions<QueueOptions> options, TimeProvider clock)
    : Microsoft.Extensions.Hosting.IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!jobs.Value.Enabled) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await QueueAutomationJob.EnqueueNextAsync(queue, connection, options.Value, clock, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Recurring posts' occurrences, as an automation.</summary>
public sealed class RecurrenceAutomation(Recurrences recurrences) : IQueueAutomation
{
    public Task RunAsync(CancellationToken cancellationToken) => recurrences.RunAsync(cancellationToken);
}

/// <summary>Evergreen posts' rounds, as an automation.</summary>
public sealed class EvergreenAutomation(Evergreen evergreen) : IQueueAutomation
{
    public Task RunAsync(CancellationToken cancellationToken) => evergreen.RunAsync(cancellationToken);
}
