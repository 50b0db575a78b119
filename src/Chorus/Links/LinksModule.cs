using System.Threading.RateLimiting;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chorus.Links;

/// <summary>The link shortener: short links of a workspace, the public redirect /l/{code} that counts clicks per day.</summary>
public static class LinksModule
{
    public const string RedirectRateLimit = "short-link-redirects";

    public static IHostApplicationBuilder AddLinks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LinksOptions>().BindConfiguration("Links").ValidateDataAnnotations().ValidateOnStart();
        // The command line shortens links too (chorus link shorten), outside the web shell that registers these.
        services.AddOptions<PublicAddressOptions>().BindConfiguration(string.Empty);
        services.TryAddSingleton<PublicAddress>();
        services.AddSingleton<ShortLinks>();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LinksOptions>>((options, links) =>
            options.AddPolicy(RedirectRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = links.Value.RedirectsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return builder;
    }

    /// <summary>/l/{code}: anyone, no session; 302 to the stored address with the click counted, 404 for any other code.</summary>
    public static IEndpointRouteBuilder MapShortLinkRedirect(this IEndpointRouteBuilder app)
    {
        app.MapGet(ShortLinks.RoutePrefix + "{code}", async Task<IResult> (string code, ShortLinks links, CancellationToken ct) =>
                await links.FollowAsync(code, ct) is { } url ? Results.Redirect(url) : Results.NotFound())
            .AllowAnonymous().RequireRateLimiting(RedirectRateLimit).ExcludeFromDescription();
        return app;
    }
}
