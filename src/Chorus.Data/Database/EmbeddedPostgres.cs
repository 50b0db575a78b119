using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Chorus.Data.Database;

/// <summary>
/// A private PostgreSQL cluster owned by Chorus: created with initdb on first use, started with pg_ctl on a free
/// loopback port, stopped with the app. Tests use the same class for their throw-away clusters.
/// </summary>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    private const string SuperUser = "chorus";
    private readonly string _clusterDirectory;
    private readonly string _binDirectory;
    private readonly string? _runAsUser;
    private readonly ILogger _logger;
    private readonly FileStream _ownership;
    private string _password = "";

    public int Port { get; private set; }
    public string ClusterDirectory => _clusterDirectory;

    private EmbeddedPostgres(string clusterDirectory, string binDirectory, string? runAsUser, ILogger logger, FileStream ownership)
    {
        _ownership = ownership;
        _clusterDirectory = clusterDirectory;
        _binDirectory = binDirectory;
        _runAsUser = runAsUser;
        _logger = logger;
    }

    public string ConnectionString(string database = "chorus") =>
        $"Host=127.0.0.1;Port={Port};Username={SuperUser};Password={_password};Database={database};" +
        "Include Error Detail=true;Pooling=true;Maximum Pool Size=50";

    /// <summary>Initialises the cluster if needed, clears what a crash left behind, and starts it.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(string dataDirectory, ILogger logger, CancellationToken cancellationToken = default)
    {
        var cluster = Prepare(dataDirectory, logger);
        try
        {
            await cluster.StartAsync(cancellationToken);
        }
        catch
        {
            await cluster._ownership.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>
    /// Claims the data folder and fixes the cluster's address and password without starting anything, so the
    /// connection string is known before the server runs (<see cref="StartAsync(CancellationToken)"/> starts it).
    /// </summary>
    public static EmbeddedPostgres Prepare(string dataDirectory, ILogger logger)
    {
        var binDirectory = FindBinaries();
        var ownership = ClaimDataDirectory(dataDirectory);
        try
        {
            var runAsUser = Environment.UserName == "root" ? ServiceUser() : null;
            var clusterDirectory = Path.GetFullPath(Path.Combine(dataDirectory, "postgres"));
            if (runAsUser is not null && !CanReach(runAsUser, dataDirectory))
            {
                // initdb refuses root, and the service user cannot traverse a folder such as /root: keep the cluster
                // in a place it can reach, one per data folder.
                var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..16];
                clusterDirectory = Path.Combine("/var/lib/chorus", key, "postgres");
                LogRelocated(logger, clusterDirectory);
            }
            var cluster = new EmbeddedPostgres(clusterDirectory, binDirectory, runAsUser, logger, ownership);
            cluster._password = File.Exists(cluster.SecretFile)
                ? File.ReadAllText(cluster.SecretFile).Trim()
                : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            cluster.Port = FreeLoopbackPort();
            return cluster;
        }
        catch
        {
            ownership.Dispose();
            throw;
        }
    }

    /// <summary>Initialises the cluster if it does not exist yet, clears what a crash left behind, and starts it.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await InitialiseAsync(cancellationToken);
        await StartServerAsync(cancellationToken);
    }

    /// <summary>The cluster's password, beside the cluster: without it the cluster cannot be reached.</summary>
    public string SecretFile => _clusterDirectory + ".secret";

    /// <summary>
    /// One Chorus per data folder: an exclusive lock on data/chorus.lock, which the kernel releases when the process
    /// ends however it ends. Holding it means any server still running on the cluster was left by a crash.
    /// </summary>
    private static FileStream ClaimDataDirectory(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "chorus.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new DataFolderException(
                $"Another Chorus is already running with the data folder '{Path.GetFullPath(dataDirectory)}'. Stop it first, or set CHORUS_DATA to another folder.");
        }
    }

    /// <summary>
    /// Makes the cluster when there is none. An existing cluster is never deleted nor re-made, whatever is missing
    /// around it: it holds every workspace, and a new empty one would reopen first-run setup to anyone.
    /// </summary>
    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(_clusterDirectory, "PG_VERSION")))
        {
            if (!File.Exists(SecretFile)) throw new DataFolderException(MissingSecretMessage());
            return;
        }
        if (Directory.Exists(_clusterDirectory) && Directory.EnumerateFileSystemEntries(_clusterDirectory).Any())
        {
            throw new DataFolderException(
                $"The folder '{_clusterDirectory}' is not empty, but it holds no PostgreSQL cluster (its PG_VERSION file is missing). " +
                "Chorus has not changed it. Restore the data folder from a backup, or move this folder away if it holds nothing you need, then start Chorus again.");
        }

        // initdb works in a staging folder that becomes the cluster only once it is complete, so a cluster folder is
        // always a whole cluster; staging folders left by an interrupted initdb were never started and hold no data.
        var parent = Path.GetDirectoryName(_clusterDirectory)!;
        Directory.CreateDirectory(parent);
        foreach (var leftover in Directory.GetDirectories(parent, Path.GetFileName(_clusterDirectory) + ".initdb-*")) Directory.Delete(leftover, recursive: true);
        var staging = $"{_clusterDirectory}.initdb-{Guid.NewGuid():N}";
        var passwordFile = Path.Combine(Path.GetTempPath(), $"chorus-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, _password, cancellationToken);
        try
        {
            Directory.CreateDirectory(staging);
            if (_runAsUser is not null)
            {
                await RunAsync("chown", ["-R", _runAsUser, parent], asServiceUser: false, cancellationToken);
                await RunAsync("chown", [_runAsUser, passwordFile], asServiceUser: false, cancellationToken);
            }
            await RunAsync(Path.Combine(_binDirectory, "initdb"),
                ["-D", staging, "-U", SuperUser, "--pwfile", passwordFile, "-A", "scram-sha-256",
                 "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asServiceUser: true, cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
        var secretDraft = SecretFile + ".tmp";
        await File.WriteAllTextAsync(secretDraft, _password, cancellationToken);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(secretDraft, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(secretDraft, SecretFile, overwrite: true);
        if (Directory.Exists(_clusterDirectory)) Directory.Delete(_clusterDirectory);
        Directory.Move(staging, _clusterDirectory);
    }

    /// <summary>What to do when the cluster exists but its password file is gone: restore it, or set a new password.</summary>
    private string MissingSecretMessage()
    {
        var newPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var asServiceUser = _runAsUser is null ? "" : $"runuser -u {_runAsUser} -- ";
        return $"""
            The PostgreSQL cluster '{_clusterDirectory}' holds Chorus's data, but its password file '{SecretFile}' is missing, so Chorus cannot connect to it.
            Chorus has not changed anything. To recover, either
              - restore '{SecretFile}' from a backup of the data folder, then start Chorus again; or
              - give the cluster a new password: with Chorus stopped, run these two commands, then start Chorus again:
                  echo "alter user {SuperUser} password '{newPassword}';" | {asServiceUser}'{Path.Combine(_binDirectory, "postgres")}' --single -D '{_clusterDirectory}' postgres
                  (umask 077 && printf '%s' '{newPassword}' > '{SecretFile}')
            """;
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        // A previous Chorus that was killed may have left its server running, or a postmaster.pid behind.
        if (await IsRunningAsync(cancellationToken))
        {
            await StopServerAsync(cancellationToken);
        }
        var pidFile = Path.Combine(_clusterDirectory, "postmaster.pid");
        if (File.Exists(pidFile)) File.Delete(pidFile);

        var logFile = Path.Combine(_clusterDirectory, "server.log");
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c shared_buffers=128MB -c fsync=on");
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"),
            ["-D", _clusterDirectory, "-l", logFile, "-o", options, "-w", "-t", "60", "start"], asServiceUser: true, cancellationToken);
        LogStarted(_logger, _clusterDirectory, Port);
    }

    private async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        var (exitCode, _) = await TryRunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", _clusterDirectory, "status"], asServiceUser: true, cancellationToken);
        return exitCode == 0;
    }

    private async Task StopServerAsync(CancellationToken cancellationToken) =>
        await TryRunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", _clusterDirectory, "-m", "fast", "-w", "stop"], asServiceUser: true, cancellationToken);

    public async Task StopAsync()
    {
        await StopServerAsync(CancellationToken.None);
        await _ownership.DisposeAsync();
        LogStopped(_logger, _clusterDirectory);
    }

    /// <summary>Stops the server and deletes the cluster: for throw-away test clusters.</summary>
    public async Task DestroyAsync()
    {
        await StopServerAsync(CancellationToken.None);
        await _ownership.DisposeAsync();
        var root = Path.GetDirectoryName(_clusterDirectory)!;
        if (Directory.Exists(_clusterDirectory)) Directory.Delete(_clusterDirectory, recursive: true);
        File.Delete(SecretFile);
        if (Directory.Exists(root) && !Directory.EnumerateFileSystemEntries(root).Any()) Directory.Delete(root);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("CHORUS_PG_BIN");
        if (!string.IsNullOrEmpty(configured)) return configured;
        const string root = "/usr/lib/postgresql";
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL server binaries were not found under /usr/lib/postgresql. Install them with " +
            "'sudo apt-get install -y postgresql' (or set CHORUS_PG_BIN to the folder holding initdb and pg_ctl), " +
            "or set CHORUS_DATABASE to the connection string of an existing PostgreSQL server.");
    }


    private static string ServiceUser()
    {
        var configured = Environment.GetEnvironmentVariable("CHORUS_PG_USER");
        if (!string.IsNullOrEmpty(configured)) return configured;
        if (File.ReadLines("/etc/passwd").Any(l => l.StartsWith("postgres:", StringComparison.Ordinal))) return "postgres";
        throw new InvalidOperationException(
            "Chorus runs as root, and PostgreSQL refuses to run as root; no 'postgres' user exists to run it. " +
            "Install PostgreSQL with 'apt-get install -y postgresql' (it creates that user) or set CHORUS_PG_USER.");
    }

    private static bool CanReach(string user, string directory)
    {
        Directory.CreateDirectory(directory);
        var probe = new ProcessStartInfo("runuser") { UseShellExecute = false };
        foreach (var argument in new[] { "-u", user, "--", "test", "-x", Path.GetFullPath(directory) }) probe.ArgumentList.Add(argument);
        using var process = Process.Start(probe) ?? throw new InvalidOperationException("could not start runuser");
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task RunAsync(string program, string[] arguments, bool asServiceUser, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await TryRunAsync(program, arguments, asServiceUser, _runAsUser, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"'{Path.GetFileName(program)} {string.Join(' ', arguments)}' failed (exit {exitCode}): {output.Trim()}");
        }
    }

    private Task<(int ExitCode, string Output)> TryRunAsync(string program, string[] arguments, bool asServiceUser, CancellationToken cancellationToken) =>
        TryRunAsync(program, arguments, asServiceUser, _runAsUser, cancellationToken);

    private static async Task<(int ExitCode, string Output)> TryRunAsync(string program, string[] arguments, bool asServiceUser, string? runAsUser, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (asServiceUser && runAsUser is not null)
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", runAsUser, "--", program }) start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = program;
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The server must not inherit a locale the machine lacks, nor die with our terminal's Ctrl-C first.
        start.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded PostgreSQL {Directory} listening on 127.0.0.1:{Port}")]
    private static partial void LogStarted(ILogger logger, string directory, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded PostgreSQL {Directory} stopped")]
    private static partial void LogStopped(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PostgreSQL service user cannot reach the data folder; the cluster lives in {Directory}")]
    private static partial void LogRelocated(ILogger logger, string directory);
}

/// <summary>The data folder cannot be used as it is; the message says what is wrong and what to do. Nothing was changed.</summary>
public sealed class DataFolderException(string message) : InvalidOperationException(message);
