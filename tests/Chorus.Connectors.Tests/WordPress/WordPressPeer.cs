using System.Diagnostics;
using Chorus.Connectors.Tests.Support;

namespace Chorus.Connectors.Tests.WordPress;

/// <summary>
/// Starts the real WordPress peer (Debian's wordpress package, MariaDB, php -S on loopback) through
/// tests/peers/wordpress.sh once for the collection and stops it at the end. If the peer cannot start,
/// every test of the collection fails with the script's output.
/// </summary>
public sealed class WordPressPeer : IAsyncLifetime
{
    public Uri SiteUrl { get; private set; } = null!;

    public string UserName { get; private set; } = "";

    public string ApplicationPassword { get; private set; } = "";

    /// <summary>Seconds the start script took (apt install when missing, MariaDB, WordPress install, php -S).</summary>
    public double StartSeconds { get; private set; }

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        var (exit, output) = await PeerScript.RunAsync("wordpress.sh", "start", TimeSpan.FromMinutes(10));
        StartSeconds = watch.Elapsed.TotalSeconds;
        if (exit != 0)
        {
            throw new InvalidOperationException($"tests/peers/wordpress.sh start failed (exit {exit}):\n{output}");
        }

        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2 && parts[0].StartsWith("WP_", StringComparison.Ordinal))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
        if (!values.TryGetValue("WP_URL", out var url) || !values.TryGetValue("WP_APP_PASSWORD", out var password))
        {
            throw new InvalidOperationException($"tests/peers/wordpress.sh start printed no WP_URL/WP_APP_PASSWORD:\n{output}");
        }

        SiteUrl = new Uri(url);
        UserName = values.GetValueOrDefault("WP_ADMIN_USER", "admin");
        ApplicationPassword = password;
    }

    public async Task DisposeAsync() => await PeerScript.RunAsync("wordpress.sh", "stop", TimeSpan.FromMinutes(1));
}

[CollectionDefinition(Name)]
public sealed class WordPressPeerCollection : ICollectionFixture<WordPressPeer>
{
    public const string Name = "WordPress peer";
}
