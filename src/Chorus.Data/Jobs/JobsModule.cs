using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Chorus.Data.Jobs;

public static class JobsModule
{
    /// <summary>
    /// The job queue (always: every node enqueues) and the worker that runs it (when Jobs:Enabled, the default).
    /// Needs <c>AddChorusData()</c> for the data source.
    /// </summary>
    public static IHostApplicationBuilder AddChorusJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobOptions>().BindConfiguration("Jobs").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<JobQueue>();
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<JobTelemetry>();
        builder.Services.AddSingleton<JobWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<JobWorker>());
        return builder;
    }

    /// <summary>Registers the handler of one job kind; it is resolved in a fresh scope for each job.</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services, string kind)
        where THandler : class, IJobHandler
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IJobHandler) && Equals(d.ServiceKey, kind)))
            throw new InvalidOperationException($"Job kind '{kind}' already has a handler; each kind has exactly one.");
        services.AddKeyedScoped<IJobHandler, THandler>(kind);
        return services;
    }
}
