using System.Diagnostics;
using System.Text.Json;
using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Bluesky;
using Chorus.Connectors.Tests.Support;

namespace Chorus.Connectors.Tests.Bluesky;

[CollectionDefinition(Name)]
public sealed class BlueskyNetworkCollection : ICollectionFixture<BlueskyNetworkFixture>
{
    public const string Name = "Bluesky network";
}

/// <summary>A test account on the local network.</summary>
public sealed record BlueskyTestAccount(string Handle, string Did, string Password, string AppPassword);

/// <summary>Starts the official Bluesky servers (PLC, PDS, AppView, Ozone) on loopback once for the collection, via
/// tests/peers/bluesky.sh; fails the tests with the script's output when they cannot start.</summary>
public sealed class BlueskyNetworkFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(15);

    public Uri PdsUrl { get; private set; } = null!;

    public Uri OzoneUrl { get; private set; } = null!;

    /// <summary>The AppView, which answers the public feed queries (getPostThread, getAuthorFeed) once it has indexed a record.</summary>
    public Uri AppViewUrl { get; private set; } = null!;

    public string AdminPassword { get; private set; } = "";

    public BlueskyTestAccount Alice { get; private set; } = null!;

    public BlueskyTestAccount Bob { get; private set; } = null!;

    public BlueskyTestAccount Carol { get; private set; } = null!;

    /// <summary>How long `bluesky.sh start` took (install when missing, then start).</summary>
    public TimeSpan StartDuration { get; private set; }

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        var (exitCode, output) = await PeerScript.RunAsync("bluesky.sh", "start", StartTimeout);
        StartDuration = watch.Elapsed;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"tests/peers/bluesky.sh start failed ({exitCode}):\n{output}");
        }

        var file = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("BLUESKY_CONNECTION_FILE=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"bluesky.sh printed no BLUESKY_CONNECTION_FILE:\n{output}");
        using var connection = JsonDocument.Parse(await File.ReadAllTextAsync(file["BLUESKY_CONNECTION_FILE=".Length..]));
        var root = connection.RootElement;
        PdsUrl = new Uri(root.GetProperty("pds").GetString()!);
        OzoneUrl = new Uri(root.GetProperty("ozone").GetString()!);
        AppViewUrl = new Uri(root.GetProperty("bsky").GetString()!);
        AdminPassword = root.GetProperty("adminPassword").GetString()!;
        Alice = Account(root.GetProperty("alice"));
        Bob = Account(root.GetProperty("bob"));
        Carol = Account(root.GetProperty("carol"));
    }

    public async Task DisposeAsync() => await PeerScript.RunAsync("bluesky.sh", "stop", TimeSpan.FromMinutes(1));

    /// <summary>A connector built the way the app builds it: factory, named client, SSRF guard (loopback allowed).</summary>
    public BlueskyConnector Connect(BlueskyTestAccount account, string? password = null, Func<string, CancellationToken, Task>? persist = null) =>
        Connect(new BlueskyCredentials(account.Handle, password ?? account.AppPassword), persist);

    public BlueskyConnector Connect(BlueskyCredentials credentials, Func<string, CancellationToken, Task>? persist = null)
    {
        var factory = new BlueskyConnectorFactory(new GuardedHttpClients(), TimeProvider.System, new BlueskyOptions());
        return factory.CreateBluesky(new ChannelConnection($"channel-{credentials.Identifier}", PdsUrl, credentials.ToJson(), persist));
    }

    private static BlueskyTestAccount Account(JsonElement e) => new(
        e.GetProperty("handle").GetString()!,
        e.GetProperty("did").GetString()!,
        e.GetProperty("password").GetString()!,
        e.GetProperty("appPassword").GetString()!);

    private sealed class GuardedHttpClients : IHttpClientFactory
    {
        private static readonly SsrfGuard Guard = new(new SsrfGuardOptions { AllowLoopback = true });

        public HttpClient CreateClient(string name) => new(Guard.CreateHandler());
    }
}
