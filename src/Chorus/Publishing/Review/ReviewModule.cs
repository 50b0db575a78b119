using Chorus.Platform.Shell;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing.ClientReview;

/// <summary>Client review links and the post's page (review history, internal comments). Needs AddPublishing.</summary>
public static class ReviewModule
{
    public static IHostApplicationBuilder AddPublishingReview(this IHostApplicationBuilder builder)
    {
        // The command line issues links too (chorus post review-link), outside the web shell that registers these.
        builder.Services.AddOptions<PublicAddressOptions>().BindConfiguration(string.Empty);
        builder.Services.TryAddSingleton<PublicAddress>();
        builder.Services.AddSingleton<ReviewLinks>();
        return builder;
    }
}
