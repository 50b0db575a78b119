using Chorus.Channels;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chorus.E2E.Tests;

/// <summary>Channels a post can be written for, stored as connecting them would (credentials sealed) without asking a
/// network: the composer's pages never call one, and nothing here is submitted to a real network.</summary>
internal static class PublishingChannels
{
    private static readonly Uri Nowhere = new("http://127.0.0.1:9/");

    public static Task<Guid> BlueskyAsync(IServiceProvider services, Guid workspaceId, string name) =>
        AddAsync(services, workspaceId, "bluesky", """{"identifier":"cafe.test","appPassword":"abcd-efgh-ijkl-mnop"}""", name);

    public static Task<Guid> WordPressAsync(IServiceProvider services, Guid workspaceId, string name) =>
        AddAsync(services, workspaceId, "wordpress", """{"userName":"editor","applicationPassword":"abcd abcd abcd abcd"}""", name);

    private static async Task<Guid> AddAsync(IServiceProvider services, Guid workspaceId, string network, string credentialsJson, string name)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into channels (id, workspace_id, network, name, account, base_url, credentials, status, created_at)
            values (@id, @workspaceId, @network, @name, @account, @baseUrl, @credentials, 'healthy', now())
            """, new { id, workspaceId, network, name, account = "cafe.test", baseUrl = Nowhere.AbsoluteUri,
            credentials = services.GetRequiredService<ChannelConnectors>().Seal(credentialsJson) });
        return id;
    }
}
