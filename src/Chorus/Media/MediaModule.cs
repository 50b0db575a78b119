using Chorus.Data.Database;
using Chorus.Platform.Shell;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chorus.Media;

/// <summary>The media library: images checked and decoded with Skia, stored by content hash under the data folder,
/// served to members and behind signed links. Needs AddChorusData, AddChorusDataProtection and the channels' networks
/// (the accepted types come from their limits).</summary>
public static class MediaModule
{
    public static IHostApplicationBuilder AddMedia(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataDirectory = DatabaseOptions.Of(builder.Configuration).DataDirectory;
        services.AddOptions<MediaOptions>().BindConfiguration("Media")
            .PostConfigure(o => o.Directory = string.IsNullOrWhiteSpace(o.Directory) ? Path.Combine(dataDirectory, "media") : o.Directory)
            .Validate(o => o.LinkLifetime > TimeSpan.Zero, "Media:LinkLifetime must be positive.")
            .Validate(o => o.ContentTypes.All(t => MediaImages.Decodable.Contains(t.Trim().ToLowerInvariant())),
                $"Media:ContentTypes may only name {string.Join(", ", MediaImages.Decodable)}.")
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new MediaImages(sp.GetRequiredService<IOptions<MediaOptions>>().Value));
        services.AddSingleton<MediaFiles>();
        services.AddSingleton<MediaLibrary>();
        services.AddSingleton<MediaLinks>();
        services.AddNavigation(new NavigationItem(NavigationSection.DailyWork, 40, "Media", "images", "media", Permission.ViewWorkspace));
        return builder;
    }
}
