using Chorus.Platform.Shell;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing.Templates;

/// <summary>Templates, signatures and hashtag groups: what the composer inserts into a variant. Needs AddPublishing.</summary>
public static class TemplatesModule
{
    public static IHostApplicationBuilder AddPublishingTemplates(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PostTemplates>();
        services.AddSingleton<Signatures>();
        services.AddSingleton<HashtagGroups>();
        services.AddNavigation(new NavigationItem(NavigationSection.DailyWork, 27, "Templates", "file-text", "templates", Permission.ViewWorkspace));
        return builder;
    }
}
