using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Bluesky;
using Chorus.Connectors.Feeds;
using Chorus.Connectors.Mastodon;
using Chorus.Connectors.WordPress;
using Chorus.Data.Jobs;
using Chorus.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chorus.Channels;

/// <summary>Connected accounts: the networks (each registered by its descriptor with its connector and HTTP client
/// behind the SSRF guard), credentials encrypted at rest, health checks. Needs AddChorusData and AddChorusDataProtection.</summary>
public static class ChannelsModule
{
    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<ChannelOptions>().BindConfiguration("Channels").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<JobQueue>();

        // Loopback and private networks are refused unless configured (Connectors:AllowLoopback for tests and peers,
        // Connectors:AllowPrivateNetworks for sites on the same LAN); a proxy is used only when Connectors:Proxy names one.
        services.AddOptions<SsrfGuardOptions>().BindConfiguration("Connectors")
            .Validate(o => o.Proxy is null || o.Proxy.IsAbsoluteUri && o.Proxy.Scheme is "http" or "https", "Connectors:Proxy must be an absolute http:// or https:// address.")
            .ValidateOnStart();
        services.AddSingleton(sp => new SsrfGuard(sp.GetRequiredService<IOptions<SsrfGuardOptions>>().Value));
        services.AddOptions<RateBudgetOptions>().BindConfiguration("Connectors:RateBudget").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new RateBudget(sp.GetRequiredService<IOptions<RateBudgetOptions>>().Value, sp.GetRequiredService<TimeProvider>()));

        // The networks, in the order people see them. A network is its folder in Chorus.Connectors and one line here.
        services.AddNetwork<BlueskyNetwork>(configuration);
        services.AddNetwork<MastodonNetwork>(configuration);
        services.AddNetwork<WordPressNetwork>(configuration);
        services.AddNetwork<FeedNetwork>(configuration);

        services.AddSingleton<ChannelConnectors>();
        services.AddSingleton<ChannelHealthSchedule>();
        services.AddSingleton<ChannelService>();
        services.AddSingleton<ChannelConnections>();
        services.AddSingleton<ChannelAuthorizations>();
        services.AddSingleton<ChannelHealth>();
        services.AddSingleton<ChannelGate>();
        services.AddJobHandler<ChannelHealthJob>(ChannelHealthSchedule.JobKind);
        // The reason a channel broke is the network's own words: the reader gets the sentence that says what to do.
        services.AddNotificationKind(new NotificationKind(NotificationKindIds.ChannelBroken, "Channel {0} is broken: {1}", ["channel", "reason"], "A channel is broken")
        {
            Translate = (localizer, parameter, value) => parameter == "reason" ? Pages.ChannelMessages.Explain(localizer, value) : value,
        });
        services.AddHostedService<ChannelHealthSeeder>();
        return builder;
    }
}
