using Chorus.Data.Jobs;
using Chorus.Platform.Shell;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing.Queues;

/// <summary>Channels' queues (weekly slots, "add to queue"), recurring posts and evergreen posts, with the
/// "publishing.automation" job that creates their copies. Needs AddPublishing.</summary>
public static class QueuesModule
{
    public static IHostApplicationBuilder AddQueues(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<QueueOptions>().BindConfiguration("Queues").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<QueueService>();
        services.AddSingleton<Recurrences>();
        services.AddSingleton<Evergreen>();
        services.AddSingleton<IQueueAutomation, RecurrenceAutomation>();
        services.AddSingleton<IQueueAutomation, EvergreenAutomation>();
        services.AddJobHandler<QueueAutomationJob>(QueueAutomationJob.Kind);
        services.AddHostedService<QueueAutomationSeeder>();
        services.AddNavigation(new NavigationItem(NavigationSection.DailyWork, 22, "Queues", "list", "queues", Permission.ViewWorkspace));
        return builder;
    }
}
