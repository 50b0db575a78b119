using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Bluesky;
using Chorus.Connectors.Feeds;
using Chorus.Connectors.Mastodon;
using Chorus.Connectors.WordPress;
using Chorus.Data.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chorus.Channels;

/// <summary>Connected accounts (Bluesky, Mastodon, WordPress, feeds): the connectors, their HTTP clients behind the
/// SSRF guard, credentials encrypted at rest, health checks. Needs AddChorusData and AddChorusDataProtection.</summary>
public static class ChannelsModule
{
    public const string WordPressHttpClientName = "Chorus.Connectors.WordPress";

    public static IHostApplicationBuilder AddChannels(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<ChannelOptions>().BindConfiguration("Channels").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JobQueue>();

        // Loopback and private networks are refused unless configured (Connectors:AllowLoopback for tests and peers,
        // Connectors:AllowPrivateNetworks for sites on the same LAN).
        services.AddSingleton(new SsrfGuardOptions
        {
            AllowLoopback = configuration.GetValue("Connectors:AllowLoopback", false),
            AllowPrivateNetworks = configuration.GetValue("Connectors:AllowPrivateNetworks", false),
        });
        services.AddSingleton(sp => new SsrfGuard(sp.GetRequiredService<SsrfGuardOptions>()));
        services.AddSingleton(sp => new RateBudget(new RateBudgetOptions(
            configuration.GetValue("Connectors:RateBudget:Capacity", 30),
            configuration.GetValue("Connectors:RateBudget:RefillTokens", 1),
            configuration.GetValue("Connectors:RateBudget:RefillPeriod", TimeSpan.FromSeconds(2))), sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton(Bind<BlueskyOptions>(configuration, BlueskyOptions.SectionName));
        services.AddSingleton(Bind<MastodonOptions>(configuration, MastodonOptions.SectionName));
        services.AddSingleton(Bind<WordPressOptions>(configuration, "Connectors:WordPress"));
        services.AddSingleton(Bind<FeedOptions>(configuration, "Connectors:Feeds"));
        foreach (var name in new[] { BlueskyOptions.HttpClientName, MastodonOptions.HttpClientName, WordPressHttpClientName, FeedConnectorFactory.HttpClientName })
        {
            // Every connection is checked again when it is opened, so DNS rebinding and redirects cannot reach inside.
            services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<SsrfGuard>().CreateHandler());
        }

        services.AddSingleton<BlueskyConnectorFactory>();
        services.AddSingleton<MastodonConnectorFactory>();
        services.AddSingleton(sp => new WordPressConnectorFactory(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(WordPressHttpClientName), sp.GetRequiredService<SsrfGuard>(),
            sp.GetRequiredService<WordPressOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new FeedConnectorFactory(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(FeedConnectorFactory.HttpClientName), sp.GetRequiredService<SsrfGuard>(),
            sp.GetRequiredService<FeedOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IConnectorFactory>(sp => sp.GetRequiredService<BlueskyConnectorFactory>());
        services.AddSingleton<IConnectorFactory>(sp => sp.GetRequiredService<MastodonConnectorFactory>());
        services.AddSingleton<IConnectorFactory>(sp => sp.GetRequiredService<WordPressConnectorFactory>());
        services.AddSingleton<IConnectorFactory>(sp => sp.GetRequiredService<FeedConnectorFactory>());

        services.AddSingleton<ChannelConnectors>();
        services.AddSingleton<ChannelHealthSchedule>();
        services.AddSingleton<ChannelService>();
        services.AddSingleton<ChannelGate>();
        services.AddJobHandler<ChannelHealthJob>(ChannelHealthSchedule.JobKind);
        if (configuration.GetValue("Jobs:Enabled", true)) services.AddHostedService<ChannelHealthSeeder>();
        return builder;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options);
        return options;
    }
}
