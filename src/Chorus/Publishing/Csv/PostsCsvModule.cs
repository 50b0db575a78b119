using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing.Csv;

/// <summary>Posts imported from and exported to CSV files (page, API, `chorus post import|export`). Needs AddPublishing and
/// AddCalendar (campaigns, the workspace's time zone).</summary>
public static class PostsCsvModule
{
    public static IHostApplicationBuilder AddPostsCsv(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<PostsCsvImport>();
        builder.Services.AddSingleton<PostsCsvExport>();
        return builder;
    }
}
