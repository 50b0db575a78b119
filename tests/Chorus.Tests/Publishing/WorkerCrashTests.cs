using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Chorus.Connectors.Tests.Bluesky;
using Chorus.Data.Database;
using Chorus.Publishing;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Xunit.Abstractions;

namespace Chorus.Tests.Publishing;

/// <summary>The app in the test process only writes and schedules posts; publishing is left to `chorus serve` processes.</summary>
public sealed class SchedulingOnlyFactory : PublishingFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Jobs:Enabled", "false");
    }
}

/// <summary>
/// A `chorus serve` worker process killed with SIGKILL in the middle of publishing a batch to the real Bluesky peer and a
/// slow Mastodon instance on loopback (which does not honour Idempotency-Key, so only Chorus can keep a status from being
/// sent twice), then a second worker started: every variant ends published once on the networks, read back from their
/// own APIs, none stuck in "publishing", none lost.
/// </summary>
[Collection(BlueskyNetworkCollection.Name)]
public sealed class WorkerCrashTests(BlueskyNetworkFixture network, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Posts = 4;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    private readonly SchedulingOnlyFactory _app = new();
    private readonly List<Process> _workers = [];
    private MastodonInstance _instance = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _instance = await MastodonInstance.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            if (!worker.HasExited) worker.Kill();
            await worker.WaitForExitAsync();
            worker.Dispose();
        }
        await _instance.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Publish_WorkerKilledMidBatch_EveryVariantPublishedExactlyOnceAfterAnotherWorkerStarts()
    {
        var (api, workspaceId) = await PeerPublishing.WorkspaceAsync(_app);
        using var _ = api;
        var bluesky = await PeerPublishing.ConnectAsync(api, workspaceId,
            new { network = "bluesky", url = network.PdsUrl.AbsoluteUri, handle = network.Carol.Handle, appPassword = network.Carol.AppPassword });
        var mastodon = await _app.AddChannelAsync(workspaceId, "mastodon", _instance.BaseUrl, MastodonInstance.Credentials, "Brand toots");
        var context = await _app.ContextAsync(await OwnerAsync(workspaceId), workspaceId);
        var publishing = _app.Get<PublishingService>();
        var marker = Guid.NewGuid().ToString("N")[..10];
        // Every status is stored at once and answered a second later: the kill lands while one is out and unanswered.
        _instance.DelayAnswers(TimeSpan.FromSeconds(1));
        var texts = Enumerable.Range(1, Posts).Select(n => $"Chorus {marker} : publication {n}").ToList();
        foreach (var text in texts)
        {
            var id = await publishing.CreateAsync(context, new CreatePostRequest([bluesky, mastodon], text));
            await publishing.SubmitAsync(context, id);
        }
        const int variants = Posts * 2;

        // One job at a time, so the batch is still going when the kill comes.
        var first = StartWorker(concurrency: 1);
        var published = await Chorus.Connectors.Tests.Support.Eventually.GetAsync(
            () => _app.CountAsync("select count(*) from post_variants where status = 'published'"),
            count => count >= 2 && _instance.AnswersInFlight > 0, "two variants published and a status sent but not yet answered", 60);
        first.Kill(); // SIGKILL: no shutdown; its lease on the job in flight stays until it runs out
        await first.WaitForExitAsync();
        output.WriteLine($"killed with {published} of {variants} published, {_instance.Statuses.Count} statuses on the instance");
        published.ShouldBeInRange(2, variants - 1);
        (await _app.CountAsync("select count(*) from post_variants where status = 'publishing'")).ShouldBe(1);

        StartWorker(concurrency: 4);
        // The job is recorded a moment after its variant: both.
        await Chorus.Connectors.Tests.Support.Eventually.GetAsync(() => _app.CountAsync("""
            select (select count(*) from post_variants where status = 'published') + (select count(*) from jobs where kind = 'publishing.variant' and status = 'succeeded')
            """), count => count == 2 * variants, "every variant published and its job done", 60);

        (await _app.CountAsync("select count(*) from post_variants where status <> 'published' or remote_id is null or remote_url is null")).ShouldBe(0);
        (await _app.CountAsync("select count(*) from jobs where kind = 'publishing.variant' and status <> 'succeeded'")).ShouldBe(0);
        await using var connection = await _app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        var stored = (await connection.QueryAsync<(Guid? ChannelId, string Text, string RemoteId)>(
            "select channel_id, text, remote_id from post_variants where status = 'published'")).ToList();

        // Mastodon: each text once, and nothing sent twice: the status out at the kill was looked up and adopted.
        var toots = _instance.Statuses.Where(s => s["content"]!.GetValue<string>().Contains(marker, StringComparison.Ordinal)).ToList();
        toots.Select(s => s["content"]!.GetValue<string>()).Order().ShouldBe(texts.Select(t => $"<p>{t}</p>").Order());
        _instance.PostsReceived.ShouldBe(Posts);
        _instance.Lookups.ShouldBeGreaterThanOrEqualTo(1);
        stored.Where(v => v.ChannelId == mastodon).Select(v => v.RemoteId).Order().ShouldBe(toots.Select(s => s["id"]!.GetValue<string>()).Order());

        // Bluesky: each text once in Carol's repository, read back from the PDS.
        using var http = new HttpClient();
        using var records = JsonDocument.Parse(await http.GetStringAsync(new Uri(network.PdsUrl,
            $"xrpc/com.atproto.repo.listRecords?repo={Uri.EscapeDataString(network.Carol.Did)}&collection=app.bsky.feed.post&limit=100")));
        var skeets = records.RootElement.GetProperty("records").EnumerateArray()
            .Where(r => r.GetProperty("value").GetProperty("text").GetString()!.Contains(marker, StringComparison.Ordinal)).ToList();
        skeets.Select(r => r.GetProperty("value").GetProperty("text").GetString()).Order().ShouldBe(texts.Order());
        stored.Where(v => v.ChannelId == bluesky).Select(v => v.RemoteId).Order().ShouldBe(skeets.Select(r => r.GetProperty("uri").GetString()).Order());
    }

    private async Task<Guid> OwnerAsync(Guid workspaceId)
    {
        await using var connection = await _app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<Guid>("select user_id from workspace_members where workspace_id = @workspaceId and role = 'Owner'", new { workspaceId });
    }

    /// <summary>`chorus serve` on the test's database and key ring, working the queue.</summary>
    private Process StartWorker(int concurrency)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "chorus.dll"));
        start.ArgumentList.Add("serve");
        start.Environment["CHORUS_DATABASE"] = _app.ConnectionString;
        start.Environment["CHORUS_DATA"] = DatabaseOptions.Of(_app.Get<IConfiguration>()).DataDirectory;
        start.Environment["CHORUS_URLS"] = $"http://127.0.0.1:{FreePort()}";
        start.Environment["Connectors__AllowLoopback"] = "true";
        start.Environment["Jobs__Concurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Jobs__LeaseDuration"] = Lease.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Jobs__PollInterval"] = "00:00:00.200";
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _workers.Add(process);
        return process;
    }

    private void Log(string? line)
    {
        if (line is null) return;
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has ended; the process's last words go nowhere.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
