using Chorus.Platform.Shell;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Charter;

/// <summary>The communication charter of each workspace and the check other modules run against it
/// (<see cref="CharterCheck"/>). Needs AddChorusData.</summary>
public static class CharterModule
{
    public static IHostApplicationBuilder AddCharter(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<CharterService>();
        builder.Services.AddSingleton<CharterCheck>();
        builder.Services.AddNavigation(new NavigationItem(NavigationSection.Settings, 35, "Communication charter", "circle-check", "charter", Permission.ViewWorkspace));
        return builder;
    }
}
