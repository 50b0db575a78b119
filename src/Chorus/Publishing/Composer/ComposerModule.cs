using Microsoft.Extensions.DependencyInjection;

namespace Chorus.Publishing.Composer;

/// <summary>The composer's services: the checks the workflow also runs on submit, the variants' images, the live check.</summary>
public static class ComposerModule
{
    public static IServiceCollection AddComposer(this IServiceCollection services)
    {
        services.AddSingleton<VariantChecks>();
        services.AddSingleton<VariantMediaStore>();
        services.AddSingleton<ComposerService>();
        return services;
    }
}
