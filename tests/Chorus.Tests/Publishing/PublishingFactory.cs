using Chorus.Channels;
using Chorus.Tests.Support;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Chorus.Tests.Publishing;

/// <summary>The app with its job worker looking for due work every 200 ms, so retries after a backoff run within the
/// test's patience, Mastodon requests given up after 2 s, and media files in a temporary folder; shared by the publishing tests of a
/// class.</summary>
public class PublishingFactory : ChorusFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Jobs:PollInterval", "00:00:00.200");
        // The loopback instance's held answers (MastodonInstance.HeldAnswer) outlast it.
        builder.UseSetting("Connectors:Mastodon:RequestTimeout", "00:00:02");
        // Images attached to posts, in a folder of this run's own.
        builder.UseSetting("Media:Directory", Path.Combine(Path.GetTempPath(), "chorus-publishing-media", Guid.NewGuid().ToString("N")));
    }

    /// <summary>A channel row as connecting it would store it (credentials sealed), without asking the network.</summary>
    public async Task<Guid> AddChannelAsync(Guid workspaceId, string network, Uri baseUrl, string credentialsJson, string name)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await Get<NpgsqlDataSource>().OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into channels (id, workspace_id, network, name, account, base_url, credentials, status, created_at)
            values (@id, @workspaceId, @network, @name, @account, @baseUrl, @credentials, 'healthy', now())
            """, new { id, workspaceId, network, name, account = name + "@" + baseUrl.Authority, baseUrl = baseUrl.AbsoluteUri,
            credentials = Get<ChannelConnectors>().Seal(credentialsJson) });
        return id;
    }

    /// <summary>Waits until the variant reaches one of the statuses (or fails the test after the timeout).</summary>
    public async Task<string> WaitForVariantAsync(Guid postId, double timeoutSeconds, params string[] statuses)
    {
        await using var connection = await Get<NpgsqlDataSource>().OpenConnectionAsync();
        return await Chorus.Connectors.Tests.Support.Eventually.GetAsync(
            async () => string.Join(",", await connection.QueryAsync<string>("select status from post_variants where post_id = @postId order by id", new { postId })),
            s => s.Split(',').All(statuses.Contains), $"variants of post {postId} in {string.Join('|', statuses)}", timeoutSeconds);
    }
}
