using Chorus.Data.Jobs;
using Chorus.Platform.Shell;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Chorus.Notifications;

/// <summary>Notifications: stored for the bell and the notifications page, mailed by a job when SMTP is configured.
/// Needs AddChorusData, AddChorusJobs and AddMail.</summary>
public static class NotificationsModule
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Commands render notifications too (chorus notification list), outside the web shell.
        services.AddLocalization(options => options.ResourcesPath = ShellModule.ResourcesPath);
        services.TryAddSingleton<JobQueue>();
        services.AddSingleton<NotificationKinds>();
        services.AddSingleton<NotificationService>();
        services.AddJobHandler<NotificationMailJob>(NotificationService.MailJobKind);
        services.AddNotificationKind(new NotificationKind(NotificationKindIds.ApprovalRequested,
            "{0} asks you to approve the post “{1}”.", ["author", "post"], "A post waits for your approval"));
        services.AddNotificationKind(new NotificationKind(NotificationKindIds.ChangesRequested,
            "{0} asks for changes to the post “{1}”: {2}", ["reviewer", "post", "comment"], "Changes are asked for on a post of yours")
        {
            Translate = (localizer, name, value) => name == "reviewer" && value == NotificationKindIds.ClientReviewer ? localizer[value] : value,
        });
        services.AddNotificationKind(new NotificationKind(NotificationKindIds.CommentMention,
            "{0} mentions you in a comment on the post “{1}”: {2}", ["author", "post", "comment"], "Someone mentions you in a comment"));
        services.AddNotificationKind(new NotificationKind(NotificationKindIds.PublishFailed,
            "The post “{0}” could not be published on {1}: {2}", ["post", "channel", "error"], "A post could not be published"));
        return builder;
    }
}
