using Chorus.Platform.Shell;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing.Calendar;

/// <summary>The calendar (posts, events, campaigns in the person's time zone), campaigns, events and contests. Needs
/// AddPublishing.</summary>
public static class CalendarModule
{
    public static IHostApplicationBuilder AddCalendar(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<CalendarZones>();
        services.AddSingleton<Campaigns>();
        services.AddSingleton<Events>();
        services.AddSingleton<CalendarFeed>();
        services.AddSingleton<Contests>();
        services.AddNavigation(
            new NavigationItem(NavigationSection.DailyWork, 25, "Calendar", "calendar", "calendar", Permission.ViewWorkspace),
            new NavigationItem(NavigationSection.DailyWork, 26, "Campaigns and events", "rocket", "campaigns", Permission.ViewWorkspace));
        return builder;
    }
}
