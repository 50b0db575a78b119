using Microsoft.Extensions.DependencyInjection;

namespace Chorus.Platform.Shell;

/// <summary>Where a page sits in the workspace's side navigation: the daily work first, administration under Settings.</summary>
public enum NavigationSection
{
    DailyWork,
    Settings,
}

/// <summary>
/// One entry of the workspace navigation, registered by the module that owns the page, so a new module appears in
/// the shell by registering its entries. <paramref name="Path"/> is relative to the workspace ("" is the overview);
/// <paramref name="Icon"/> names a Lucide icon (wwwroot/css/chorus.css, .icon-NAME).
/// </summary>
public sealed record NavigationItem(NavigationSection Section, int Order, string Label, string Icon, string Path, Permission Permission);

/// <summary>
/// One step of a workspace's getting-started list (its overview page), registered by the module that owns it.
/// A step is shown to those who hold its permission and ticked once done.
/// </summary>
public interface IGettingStartedStep
{
    int Order { get; }
    string Title { get; }
    string Explanation { get; }
    /// <summary>Relative to the workspace.</summary>
    string Path { get; }
    string Action { get; }
    Permission Permission { get; }
    Task<bool> IsDoneAsync(WorkspaceContext workspace, CancellationToken cancellationToken);
}

public static class NavigationRegistration
{
    public static IServiceCollection AddNavigation(this IServiceCollection services, params NavigationItem[] items)
    {
        foreach (var item in items) services.AddSingleton(item);
        return services;
    }

    public static IServiceCollection AddGettingStartedStep<TStep>(this IServiceCollection services) where TStep : class, IGettingStartedStep =>
        services.AddSingleton<IGettingStartedStep, TStep>();
}
