using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Chorus.Connectors.Tests.Support;
using MimeKit;

namespace Chorus.Tests.Support;

/// <summary>
/// A real SMTP server on a free loopback port: Debian's aiosmtpd running tests/mail/smtp_sink.py, which writes every
/// message it accepts to a folder the test reads back. It can be stopped and started again on the same port (a mail
/// server that is down for a while).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chorus-smtp-" + Guid.NewGuid().ToString("N")[..12]);
    private Process? _process;

    public int Port { get; } = FreePort();

    public async Task StartAsync()
    {
        if (_process is not null) return;
        var start = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(PeerScript.RepositoryRoot, "tests", "mail", "smtp_sink.py"), _directory, Port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start /usr/bin/python3 (install python3-aiosmtpd: scripts/prerequisites.sh require_mail_server).");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line != $"listening {Port}")
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The SMTP sink did not start: {line} {await process.StandardError.ReadToEndAsync(timeout.Token)}");
        }
        _process = process;
    }

    /// <summary>Stops the server: connections to its port are refused until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
        process.Dispose();
    }

    /// <summary>Every message accepted so far, in the order received.</summary>
    public IReadOnlyList<MimeMessage> Messages() =>
        !Directory.Exists(_directory) ? []
            : Directory.EnumerateFiles(_directory, "*.eml").Order(StringComparer.Ordinal).Select(path => MimeMessage.Load(path)).ToList();

    /// <summary>The messages sent to one address.</summary>
    public IReadOnlyList<MimeMessage> MessagesTo(string address) =>
        Messages().Where(m => m.To.Mailboxes.Any(to => string.Equals(to.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
