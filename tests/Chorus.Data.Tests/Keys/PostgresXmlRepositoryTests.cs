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

    private static IHost BuildNode(string connectionString)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["CHORUS_DATABASE"] = connectionString });
        builder.AddChorusData();
        builder.AddChorusDataProtection();
        return builder.Build();
    }
}
