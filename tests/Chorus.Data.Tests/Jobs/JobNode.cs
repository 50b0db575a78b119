using Chorus.Data.Database;
using Chorus.Data.Jobs;
using Chorus.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Chorus.Data.Tests.Jobs;

/// <summary>
/// One Chorus node as far as jobs go: its own host, service provider, data source, queue and worker, built with the
/// real modules (AddChorusData + AddChorusJobs). Two nodes over one database behave like two processes.
/// </summary>
internal sealed class JobNode : IAsyncDisposable
{
    public const string Kind = "test";

    private readonly IHost _host;
    private bool _stopped;

    private JobNode(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;
    public JobQueue Queue => _host.Services.GetRequiredService<JobQueue>();
    public JobWorker Worker => _host.Services.GetRequiredService<JobWorker>();

    /// <summary>A new database with every migration applied; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new Migrator(dataSource, MigrationSet.Platform, NullLogger<Migrator>.Instance).ApplyAsync();
        return connectionString;
    }

    /// <summary>Builds and starts a node whose "test" jobs are handled by <paramref name="handle"/>.</summary>
    public static async Task<JobNode> StartAsync(string connectionString, Func<Job, CancellationToken, Task<JobOutcome>> handle,
        TimeProvider? time = null, Dictionary<string, string?>? settings = null, TimeSpan? shutdownTimeout = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CHORUS_DATABASE"] = connectionString,
            ["Jobs:PollInterval"] = "00:00:00.100",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddChorusData();
        builder.AddChorusJobs();
        if (time is not null) builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(new ScriptedHandler.Script(handle));
        builder.Services.AddJobHandler<ScriptedHandler>(Kind);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(30));
        var host = builder.Build();
        await host.StartAsync();
        return new JobNode(host);
    }

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        // A worker cut off at the shutdown timeout finishes in the background: wait, so the data source outlives it.
        if (Worker.ExecuteTask is { } running) await running.WaitAsync(TimeSpan.FromSeconds(30));
        _host.Dispose();
    }

    private sealed class ScriptedHandler(ScriptedHandler.Script script) : IJobHandler
    {
        public sealed record Script(Func<Job, CancellationToken, Task<JobOutcome>> Handle);

        public Task<JobOutcome> HandleAsync(Job job, CancellationToken cancellationToken) => script.Handle(job, cancellationToken);
    }
}

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until true; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!await condition())
        {
            if (TimeProvider.System.GetTimestamp() > deadline) throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, what);
}
