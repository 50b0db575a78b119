using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Chorus.Channels;
using Chorus.Connectors.Mastodon;
using Chorus.Platform;
using Chorus.Platform.Access;
using Chorus.Platform.Accounts;
using Chorus.Publishing;
using Chorus.Testing;
using Chorus.Workspaces;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chorus.Bench.Publishing;

/// <summary>
/// N variants due at the same instant, published by `chorus serve` worker processes on one PostgreSQL to a loopback
/// stand-in for Mastodon's status API: lateness (received − scheduled), duplicates, lost; optionally one worker killed
/// with SIGKILL halfway. See bench/README.md.
/// </summary>
public static class PublishingBenchmark
{
    private sealed record Settings(int Variants, int Channels, int Workers, int Concurrency, TimeSpan Lease, bool KillHalfway, string ChorusDll, int LeadSeconds);

    public static async Task<int> Main(string[] args)
    {
        Settings settings;
        try
        {
            settings = Parse(args);
        }
        catch (ArgumentException error)
        {
            await Console.Error.WriteLineAsync(error.Message);
            await Console.Error.WriteLineAsync("usage: publishing --chorus PATH/chorus.dll [--variants 10000] [--channels 100] [--workers 2] [--concurrency 8] [--lease 15] [--lead 15] [--kill-halfway]");
            return 2;
        }
        return await RunAsync(settings);
    }

    private static Settings Parse(string[] args)
    {
        var s = new Settings(10_000, 100, 2, 8, TimeSpan.FromSeconds(15), false, "", 15);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]}: a value is missing.");
            int Number() => int.TryParse(Next(), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{args[i - 1]}: a positive whole number is expected.");
            s = args[i] switch
            {
                "--variants" => s with { Variants = Number() },
                "--channels" => s with { Channels = Number() },
                "--workers" => s with { Workers = Number() },
                "--concurrency" => s with { Concurrency = Number() },
                "--lease" => s with { Lease = TimeSpan.FromSeconds(Number()) },
                "--lead" => s with { LeadSeconds = Number() },
                "--kill-halfway" => s with { KillHalfway = true },
                "--chorus" => s with { ChorusDll = Next() },
                _ => throw new ArgumentException($"{args[i]}: unknown option."),
            };
        }
        if (!File.Exists(s.ChorusDll)) throw new ArgumentException($"--chorus: '{s.ChorusDll}' is not the built chorus.dll.");
        if (s.Variants % s.Channels != 0) throw new ArgumentException("--variants must be a multiple of --channels (one variant per channel per post).");
        if (s.KillHalfway && s.Workers < 2) throw new ArgumentException("--kill-halfway needs at least two workers.");
        return s;
    }

    private const string WarmUpText = "Warm-up: not measured";

    private static async Task<int> RunAsync(Settings settings)
    {
        var data = Path.Combine(Path.GetTempPath(), "chorus-bench-publishing-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var endpoint = await StatusEndpoint.StartAsync();
        var workers = new List<Worker>();
        try
        {
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            Console.WriteLine($"{settings.Variants} variants = {settings.Variants / settings.Channels} posts x {settings.Channels} Mastodon channels; "
                + $"{settings.Workers} worker processes, Jobs:Concurrency={settings.Concurrency}, Jobs:LeaseDuration={settings.Lease.TotalSeconds:0} s");

            var seeding = Stopwatch.StartNew();
            var posts = await SeedAsync(settings, connectionString, data, endpoint);
            Console.WriteLine($"seeded through PublishingService (create + submit, scheduled an hour ahead) in {seeding.Elapsed.TotalSeconds:0.0} s");

            for (var i = 0; i < settings.Workers; i++) workers.Add(Worker.Start(settings, connectionString, data, i));
            foreach (var worker in workers) await worker.ReadyAsync();

            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.ExecuteAsync("""
                    update jobs set due_at = now() where kind = 'publishing.variant' and status = 'queued'
                      and (payload->>'variantId')::uuid in (select id from post_variants where text = @WarmUpText);
                    select pg_notify('chorus_jobs', 'publishing.variant');
                    """, new { WarmUpText });
                var warm = Stopwatch.StartNew();
                while (await connection.ExecuteScalarAsync<long>("select count(*) from post_variants where text = @WarmUpText and status <> 'published'", new { WarmUpText }) > 0)
                {
                    if (warm.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException("The warm-up post was not published within 5 minutes.");
                    await Task.Delay(200);
                }
                Console.WriteLine($"warm-up post published on every channel in {warm.Elapsed.TotalSeconds:0.0} s");
            }

            // Every variant and its job moved to one instant, a little ahead, so all workers are up and idle when it comes.
            var dueAt = TimeProvider.System.GetUtcNow().AddSeconds(settings.LeadSeconds);
            dueAt = new DateTimeOffset(dueAt.Ticks - dueAt.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                var moved = await connection.ExecuteAsync("""
                    update post_variants set scheduled_at = @dueAt where status = 'scheduled' and text <> @WarmUpText;
                    update jobs set due_at = @dueAt where kind = 'publishing.variant' and status = 'queued';
                    """, new { dueAt, WarmUpText });
                if (moved != 2 * settings.Variants) throw new InvalidOperationException($"Expected {settings.Variants} variants and jobs to move, moved {moved} rows.");
            }
            Console.WriteLine($"all due at {dueAt:HH:mm:ss} UTC");

            DateTimeOffset? killedAt = null;
            var deadline = dueAt + settings.Lease + TimeSpan.FromMinutes(10);
            while (TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(20);
                if (settings.KillHalfway && killedAt is null && endpoint.Count - settings.Channels >= settings.Variants / 2)
                {
                    workers[0].Process.Kill(); // SIGKILL: no shutdown, its leases stay until they run out
                    killedAt = TimeProvider.System.GetUtcNow();
                    Console.WriteLine($"killed worker 1 (pid {workers[0].Process.Id}) with SIGKILL at +{(killedAt.Value - dueAt).TotalSeconds:0.00} s, "
                        + $"{endpoint.Count} statuses received");
                }
                if (endpoint.Count - settings.Channels >= settings.Variants && await SettledAsync(connectionString, settings.Variants + settings.Channels)) break;
            }
            await Task.Delay(500); // late duplicates, if any, would arrive now
            return await ReportAsync(settings, connectionString, endpoint, posts, dueAt, killedAt);
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A user, a workspace with no approval, the channels (credentials sealed as connecting them would), and the
    /// posts created and submitted through <see cref="PublishingService"/>, each with one variant per channel.</summary>
    private static async Task<IReadOnlyList<string>> SeedAsync(Settings settings, string connectionString, string data, StatusEndpoint endpoint)
    {
        // Seeding serves no page: any folder does as the content root (the factory would guess one beside the solution).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CHORUS", AppContext.BaseDirectory);
        await using var app = new SeedingApp(connectionString, data);
        var services = app.Services;
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();

        Guid userId;
        Guid organizationId;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            userId = await services.GetRequiredService<UserAccounts>().CreateAsync(connection, transaction, "bench@example.test", "Bench", "correct horse battery");
            organizationId = await services.GetRequiredService<Tenancy>().CreateOrganizationAsync(connection, transaction, "Bench", userId);
            await transaction.CommitAsync();
        }
        var workspaceId = await services.GetRequiredService<Tenancy>().CreateWorkspaceAsync(new Actor(userId, null), organizationId, "Bench");
        var context = (await services.GetRequiredService<WorkspaceAccess>().ResolveAsync(new Actor(userId, null), workspaceId))!;

        var connectors = services.GetRequiredService<ChannelConnectors>();
        var channels = new List<Guid>();
        for (var i = 1; i <= settings.Channels; i++)
        {
            var id = Guid.CreateVersion7();
            var account = i.ToString(CultureInfo.InvariantCulture);
            await connection.ExecuteAsync("""
                insert into channels (id, workspace_id, network, name, account, base_url, credentials, status, created_at)
                values (@id, @workspaceId, 'mastodon', @name, @account, @baseUrl, @credentials, 'healthy', now())
                """, new
            {
                id, workspaceId, name = "Brand " + account, account = $"brand{account}@{endpoint.BaseUrl.Authority}", baseUrl = endpoint.BaseUrl.AbsoluteUri,
                credentials = connectors.Seal(new MastodonCredentials("bench", "bench", "bench-" + account, account).ToJson()),
            });
            channels.Add(id);
        }

        var publishing = services.GetRequiredService<PublishingService>();
        var texts = Enumerable.Range(1, settings.Variants / settings.Channels).Select(n => $"Bench post {n}: the same instant for every channel").ToList();
        var later = TimeProvider.System.GetUtcNow().AddHours(1);
        await Parallel.ForEachAsync(texts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (text, cancellationToken) =>
        {
            var postId = await publishing.CreateAsync(context, new CreatePostRequest(channels, text, ScheduledAt: later), cancellationToken);
            await publishing.SubmitAsync(context, postId, cancellationToken);
        });
        // One more post on every channel, published before the measured instant: a server that has been running for a
        // while has its code compiled and its key ring, connections and HTTP clients ready.
        var warmUp = await publishing.CreateAsync(context, new CreatePostRequest(channels, WarmUpText, ScheduledAt: later));
        await publishing.SubmitAsync(context, warmUp);
        var scheduled = await connection.ExecuteScalarAsync<long>("select count(*) from post_variants where status = 'scheduled' and text <> @WarmUpText", new { WarmUpText });
        if (scheduled != settings.Variants) throw new InvalidOperationException($"{scheduled} variants scheduled, {settings.Variants} expected.");
        return texts;
    }

    private static async Task<bool> SettledAsync(string connectionString, int variants)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>("select count(*) from post_variants where status in ('published', 'failed')") >= variants;
    }

    private static async Task<int> ReportAsync(Settings settings, string connectionString, StatusEndpoint endpoint, IReadOnlyList<string> posts,
        DateTimeOffset dueAt, DateTimeOffset? killedAt)
    {
        var byVariant = endpoint.Created.Where(c => c.Text != WarmUpText).GroupBy(c => (c.Account, c.Text)).ToDictionary(g => g.Key, g => g.OrderBy(c => c.ReceivedAt).ToList());
        var expected = Enumerable.Range(1, settings.Channels).SelectMany(a => posts.Select(t => (a.ToString(CultureInfo.InvariantCulture), t))).ToList();
        var lost = expected.Count(v => !byVariant.ContainsKey(v));
        var duplicates = byVariant.Values.Sum(c => c.Count - 1);
        var unexpected = byVariant.Keys.Count(k => !expected.Contains(k));
        var lateness = byVariant.Values.Select(c => (c[0].ReceivedAt - dueAt).TotalMilliseconds).Order().ToArray();

        await using var connection = new NpgsqlConnection(connectionString);
        var statuses = (await connection.QueryAsync<(string Status, long Count)>("select status, count(*) from post_variants group by status order by status"))
            .Select(s => $"{s.Status} {s.Count}");
        var attempts = (await connection.QueryAsync<(int Attempts, long Count)>("select attempts, count(*) from post_variants group by attempts order by attempts"))
            .Select(a => $"{a.Attempts}: {a.Count}");
        var withoutUrl = await connection.ExecuteScalarAsync<long>("select count(*) from post_variants where status = 'published' and (remote_id is null or remote_url is null)");

        Console.WriteLine();
        Console.WriteLine($"received {endpoint.Count - settings.Channels} creations (besides the warm-up) for {byVariant.Count} of {settings.Variants} variants; {endpoint.RepeatedKeys} repeated Idempotency-Keys "
            + $"answered with their first status; {endpoint.Lookups} lookups of an account's statuses");
        if (lateness.Length > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"lateness (received - scheduled): p50 {Percentile(lateness, 50) / 1000:0.000} s, p99 {Percentile(lateness, 99) / 1000:0.000} s, max {lateness[^1] / 1000:0.000} s, min {lateness[0] / 1000:0.000} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"throughput: {lateness.Length / Math.Max(lateness[^1] / 1000, 0.001):0} variants/s from the due time to the last one"));
        }
        if (killedAt is { } killed)
        {
            var afterKill = lateness.Count(l => dueAt.AddMilliseconds(l) > killed);
            Console.WriteLine($"{afterKill} variants received after the kill; lease {settings.Lease.TotalSeconds:0} s");
        }
        Console.WriteLine($"duplicates (a variant created twice): {duplicates}");
        Console.WriteLine($"lost (never received): {lost}");
        Console.WriteLine($"unexpected statuses: {unexpected}");
        Console.WriteLine($"variants in Chorus: {string.Join(", ", statuses)}; published without an id or URL: {withoutUrl}");
        Console.WriteLine($"attempts per variant: {string.Join(", ", attempts)}");
        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return duplicates == 0 && lost == 0 && unexpected == 0 && withoutUrl == 0 ? 0 : 1;
    }

    /// <summary>Nearest rank.</summary>
    private static double Percentile(double[] sorted, int percent) => sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The app in this process, only to seed through its services: its job worker is off.</summary>
    private sealed class SeedingApp(string connectionString, string data) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("CHORUS_DATABASE", connectionString);
            builder.UseSetting("CHORUS_DATA", data);
            builder.UseSetting("Jobs:Enabled", "false");
            builder.UseSetting("Connectors:AllowLoopback", "true");
            builder.UseEnvironment("Production");
        }
    }

    /// <summary>One `chorus serve` process working the queue.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly string _url;

        private Worker(Process process, string url)
        {
            Process = process;
            _url = url;
        }

        public Process Process { get; }

        public static Worker Start(Settings settings, string connectionString, string data, int index)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(settings.ChorusDll);
            start.ArgumentList.Add("serve");
            var pool = Math.Clamp(settings.Concurrency * 3, 20, 90);
            start.Environment["CHORUS_DATABASE"] = connectionString + $";Maximum Pool Size={pool}";
            start.Environment["CHORUS_DATA"] = data;
            start.Environment["CHORUS_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Jobs__Concurrency"] = settings.Concurrency.ToString(CultureInfo.InvariantCulture);
            start.Environment["Jobs__LeaseDuration"] = settings.Lease.ToString("c", CultureInfo.InvariantCulture);
            start.Environment["Connectors__AllowLoopback"] = "true";
            // Each channel here has 100 posts due at once; the default budget (30 at once, then one every 2 s) would
            // spread them over minutes on purpose. The bench measures the engine, so the budget does not throttle.
            start.Environment["Connectors__RateBudget__Capacity"] = "1000000";
            start.Environment["Connectors__RateBudget__RefillTokens"] = "1000000";
            start.Environment["Connectors__RateBudget__RefillPeriod"] = "00:00:01";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var log = Path.Combine(data, $"worker-{index + 1}.log");
            var process = Process.Start(start)!;
            var writer = new StreamWriter(log) { AutoFlush = true };
            process.OutputDataReceived += (_, e) => { lock (writer) writer.WriteLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (writer) writer.WriteLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new Worker(process, $"http://127.0.0.1:{port}");
        }

        public async Task ReadyAsync()
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromMinutes(2))
            {
                if (Process.HasExited) throw new InvalidOperationException($"Worker {Process.Id} exited with {Process.ExitCode} before it was ready.");
                try
                {
                    if ((await client.GetAsync(_url + "/readyz")).StatusCode == HttpStatusCode.OK) return;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
                await Task.Delay(200);
            }
            throw new TimeoutException($"Worker {Process.Id} was not ready after 2 minutes.");
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill();
            Process.WaitForExit(10_000);
            Process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
