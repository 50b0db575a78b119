using System.Diagnostics;

namespace Chorus.Connectors.Tests.WordPress;

/// <summary>
/// Starts the real WordPress peer (Debian's wordpress package, MariaDB, php -S on loopback) through
/// tests/peers/wordpress.sh once for the collection and stops it at the end. If the peer cannot start,
/// every test of the collection fails with the script's output.
/// </summary>
public sealed class WordPressPeer : IAsyncLifetime
{
    private string _script = "";

    public Uri SiteUrl { get; private set; } = null!;

    public string UserName { get; private set; } = "";

    public string ApplicationPassword { get; private set; } = "";

    /// <summary>Seconds the start script took (apt install when missing, MariaDB, WordPress install, php -S).</summary>
    public double StartSeconds { get; private set; }

    public async Task InitializeAsync()
    {
        _script = Path.Combine(FindRepositoryRoot(), "tests", "peers", "wordpress.sh");
        var watch = Stopwatch.StartNew();
        var (exit, output, error) = await RunAsync("start", TimeSpan.FromMinutes(10));
        StartSeconds = watch.Elapsed.TotalSeconds;
        if (exit != 0)
        {
            throw new InvalidOperationException($"tests/peers/wordpress.sh start failed (exit {exit}):\n{output}\n{error}");
        }

        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
        if (!values.TryGetValue("WP_URL", out var url) || !values.TryGetValue("WP_APP_PASSWORD", out var password))
        {
            throw new InvalidOperationException($"tests/peers/wordpress.sh start printed no WP_URL/WP_APP_PASSWORD:\n{output}\n{error}");
        }

        SiteUrl = new Uri(url);
        UserName = values.GetValueOrDefault("WP_ADMIN_USER", "admin");
        ApplicationPassword = password;
    }

    public async Task DisposeAsync() => await RunAsync("stop", TimeSpan.FromMinutes(1));

    private async Task<(int Exit, string Output, string Error)> RunAsync(string command, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [_script, command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tests/peers/wordpress.sh {command} did not finish within {timeout}: {await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "tests", "peers", "wordpress.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"tests/peers/wordpress.sh not found above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class WordPressPeerCollection : ICollectionFixture<WordPressPeer>
{
    public const string Name = "WordPress peer";
}
