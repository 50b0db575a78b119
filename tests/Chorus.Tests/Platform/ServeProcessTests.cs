using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chorus.Tests.Platform;

/// <summary>`chorus serve` with its embedded PostgreSQL, as a process: start, crash, start again, second instance.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "chorus-serve-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly List<Process> _processes = [];

    [Fact]
    public async Task Serve_KilledWithSigkill_NextStartClearsWhatWasLeftAndIsReady()
    {
        var first = await StartAsync();
        (await ReadyAsync(first.Url)).ShouldBeTrue(first.Output());
        first.Process.Kill(entireProcessTree: false); // SIGKILL: no shutdown, PostgreSQL and its pid file stay behind

        await first.Process.WaitForExitAsync();
        var second = await StartAsync();

        (await ReadyAsync(second.Url)).ShouldBeTrue(second.Output());
    }

    [Fact]
    public async Task Serve_SecondInstanceOnTheSameData_RefusedAndFirstKeepsWorking()
    {
        var first = await StartAsync();
        (await ReadyAsync(first.Url)).ShouldBeTrue(first.Output());

        var second = await StartAsync();
        await second.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        second.Process.ExitCode.ShouldNotBe(0);
        second.Output().ShouldContain("Another Chorus is already running with the data folder");
        (await ReadyAsync(first.Url)).ShouldBeTrue();
    }

    private sealed record Running(Process Process, string Url, Func<string> Output);

    private async Task<Running> StartAsync()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "chorus.dll"));
        start.ArgumentList.Add("serve");
        start.Environment["CHORUS_DATA"] = _data;
        start.Environment["CHORUS_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment.Remove("CHORUS_DATABASE");
        var output = new System.Text.StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        await Task.Yield();
        return new Running(process, $"http://127.0.0.1:{port}", () => { lock (output) return output.ToString(); });
    }

    private static async Task<bool> ReadyAsync(string url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            try
            {
                if ((await client.GetAsync(url + "/readyz")).StatusCode == HttpStatusCode.OK) return true;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            // SIGTERM: a graceful stop, which also stops the embedded PostgreSQL.
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            process.WaitForExit(30_000);
        }
        // A cluster left by the SIGKILL test is stopped by the second start, which then stops gracefully.
        foreach (var process in _processes) process.Dispose();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }
}
