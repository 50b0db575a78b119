using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Chorus.Connectors.Abstractions;

/// <summary>The networks this Chorus connects to, in the order they were registered (the order people see them in).</summary>
public sealed partial class NetworkCatalog
{
    private readonly Dictionary<string, NetworkDescriptor> _byId = new(StringComparer.Ordinal);

    public NetworkCatalog(IEnumerable<NetworkDescriptor> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        foreach (var network in networks)
        {
            if (!IdFormat().IsMatch(network.Id))
                throw new InvalidOperationException($"'{network.Id}' is not a network id: lowercase letters, digits and dashes, starting with a letter.");
            if (!_byId.TryAdd(network.Id, network))
                throw new InvalidOperationException($"The network '{network.Id}' is registered twice.");
        }
        All = [.. _byId.Values];
    }

    public IReadOnlyList<NetworkDescriptor> All { get; }

    public IEnumerable<string> Ids => All.Select(n => n.Id);

    /// <summary>The network with this id (any case, surrounding spaces ignored), or null.</summary>
    public NetworkDescriptor? Find(string? id) =>
        id is null ? null : _byId.GetValueOrDefault(id.Trim().ToLowerInvariant());

    // The same rule as the check on channels.network in the database.
    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex IdFormat();
}

/// <summary>A network's own services (its options, HTTP client and connector factory), added with its descriptor by
/// <see cref="NetworkRegistration.AddNetwork{TNetwork}"/>.</summary>
public interface INetworkSetup
{
    static abstract void AddServices(IServiceCollection services, IConfiguration configuration);
}

public static class NetworkRegistration
{
    /// <summary>Adds a network to the catalog: the one line a new network needs in the app.</summary>
    public static IServiceCollection AddNetwork<TNetwork>(this IServiceCollection services, IConfiguration configuration)
        where TNetwork : NetworkDescriptor, INetworkSetup
    {
        TNetwork.AddServices(services, configuration);
        services.AddSingleton<TNetwork>();
        services.AddSingleton<NetworkDescriptor>(sp => sp.GetRequiredService<TNetwork>());
        services.TryAddSingleton<NetworkCatalog>();
        return services;
    }

    /// <summary>A named HttpClient whose every connection is checked by the registered <see cref="SsrfGuard"/>, so DNS
    /// rebinding and redirects cannot reach inside.</summary>
    public static IHttpClientBuilder AddGuardedHttpClient(this IServiceCollection services, string name) =>
        services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<SsrfGuard>().CreateHandler());

    /// <summary>
    /// A network's settings from its configuration section (defaults when the section is absent), bound as every
    /// option of Chorus is; the network's services take the plain object.
    /// </summary>
    public static IServiceCollection AddNetworkOptions<T>(this IServiceCollection services, string section)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services;
    }
}
