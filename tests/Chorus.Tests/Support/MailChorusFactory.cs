using Chorus.Data.Jobs;
using Chorus.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Chorus.Tests.Support;

/// <summary>
/// The app with e-mail configured, sending to a real SMTP server on loopback (<see cref="SmtpSink"/>), on a clock the
/// test moves, with no background worker: the test runs due jobs itself (<see cref="RunDueJobsAsync"/>), as a worker would.
/// </summary>
public sealed class MailChorusFactory : ChorusFactory, IAsyncLifetime
{
    public const string PublicUrl = "https://chorus.example.test";

    public SmtpSink Smtp { get; } = new();

    /// <summary>Starts now (to the second, which PostgreSQL keeps exactly).</summary>
    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    async Task IAsyncLifetime.InitializeAsync()
    {
        await Smtp.StartAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Smtp.DisposeAsync();
        await DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Smtp:From", "Chorus <chorus@example.test>");
        builder.UseSetting("Smtp:Timeout", "00:00:10");
        builder.UseSetting("CHORUS_PUBLIC_URL", PublicUrl);
        builder.UseSetting("Jobs:Enabled", "false");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Claims the jobs due now and runs each with its handler, recording the outcome as the worker does.</summary>
    public async Task<IReadOnlyList<(Job Job, JobOutcome Outcome)>> RunDueJobsAsync()
    {
        var queue = Get<JobQueue>();
        var ran = new List<(Job, JobOutcome)>();
        foreach (var job in await queue.ClaimAsync("test-worker", 100, TimeSpan.FromMinutes(5)))
        {
            var outcome = await RunAsync(job);
            _ = outcome.Kind switch
            {
                JobOutcomeKind.Succeeded => await queue.CompleteAsync(job.Id, "test-worker"),
                JobOutcomeKind.RetryAt => await queue.PostponeAsync(job.Id, "test-worker", outcome.At!.Value, outcome.Error!),
                JobOutcomeKind.Dead => await queue.BuryAsync(job.Id, "test-worker", outcome.Error!),
                _ => await queue.FailAsync(job.Id, "test-worker", outcome.Error!) is not null,
            };
            ran.Add((job, outcome));
        }
        return ran;
    }

    /// <summary>Runs one job's handler once, without touching the queue (a second worker running it again).</summary>
    public async Task<JobOutcome> RunAsync(Job job)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>(job.Kind).HandleAsync(job, CancellationToken.None);
    }
}
