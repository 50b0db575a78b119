using System.Security.Cryptography;
using Chorus.Data.Database;
using Chorus.Data.Keys;
using Chorus.Data.Tests.Jobs;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Chorus.Data.Tests.Keys;

public sealed class PostgresXmlRepositoryTests
{
    [Fact]
    public async Task Unprotect_ValueProtectedByAnotherNodeOverTheSameDatabase_ReadsTheValue()
    {
        var database = await JobNode.CreateDatabaseAsync();
        using var first = BuildNode(database);
        using var second = BuildNode(database);

        var secret = Protector(first).Protect("bluesky app password");

        Protector(second).Unprotect(secret).ShouldBe("bluesky app password");
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var connection = await dataSource.OpenConnectionAsync();
        var names = (await connection.QueryAsync<string>("select friendly_name from data_protection_keys")).ToList();
        names.ShouldHaveSingleItem().ShouldStartWith("key-");
    }

    [Fact]
    public async Task Unprotect_ValueProtectedByANodeOverAnotherDatabase_Refused()
    {
        using var ours = BuildNode(await JobNode.CreateDatabaseAsync());
        using var theirs = BuildNode(await JobNode.CreateDatabaseAsync());

        var secret = Protector(theirs).Protect("bluesky app password");

        Should.Throw<CryptographicException>(() => Protector(ours).Unprotect(secret));
    }

    [Fact]
    public async Task StoreElement_SameKeyTwice_KeptOnce()
    {
        await using var dataSource = NpgsqlDataSource.Create(await JobNode.CreateDatabaseAsync());
        var repository = new PostgresXmlRepository(dataSource);

        repository.StoreElement(new System.Xml.Linq.XElement("key", "one"), "key-1");
        repository.StoreElement(new System.Xml.Linq.XElement("key", "two"), "key-1");
        repository.StoreElement(new System.Xml.Linq.XElement("key", "three"), "key-2");

        repository.GetAllElements().Select(e => e.Value).Order().ShouldBe(["one", "three"]);
    }

    private static IDataProtector Protector(IHost node) =>
        node.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Chorus.Connectors.Tokens");

    [Fact]
    public async Task StoredKeys_AreEncryptedWithTheKeyRingCertificate_AndUnreadableWithAnother()
    {
        var database = await JobNode.CreateDatabaseAsync();
        using var node = BuildNode(database);
        var secret = Protector(node).Protect("wordpress application password");

        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var connection = await dataSource.OpenConnectionAsync();
        var xml = await connection.ExecuteScalarAsync<string>("select xml from data_protection_keys") ?? "";
        xml.ShouldContain("encryptedSecret");
        xml.ShouldNotContain("<masterKey");

        var otherData = Path.Combine(Path.GetTempPath(), "chorus-keys-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using var stranger = BuildNode(database, otherData);
            Should.Throw<CryptographicException>(() => Protector(stranger).Unprotect(secret));
        }
        finally
        {
            Directory.Delete(otherData, recursive: true);
        }
    }

    private static IHost BuildNode(string connectionString, string? dataDirectory = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["CHORUS_DATABASE"] = connectionString, ["CHORUS_DATA"] = dataDirectory });
        builder.AddChorusData();
        builder.AddChorusDataProtection();
        return builder.Build();
    }
}
