using Chorus.Data.Database;
using Chorus.Testing;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Chorus.Data.Tests.Database;

public sealed class MigratorTests
{
    [Fact]
    public async Task ApplyAsync_EmptyDatabaseThenAgain_AppliesEveryFileOnceAndIsIdempotent()
    {
        await using var dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        var migrator = new Migrator(dataSource, NullLogger<Migrator>.Instance);

        (await migrator.IsUpToDateAsync()).ShouldBeFalse();
        var first = await migrator.ApplyAsync();
        var second = await migrator.ApplyAsync();

        first.ShouldBe(Migrator.Embedded.Count);
        second.ShouldBe(0);
        (await migrator.IsUpToDateAsync()).ShouldBeTrue();
        await using var connection = await dataSource.OpenConnectionAsync();
        var versions = (await connection.QueryAsync<int>("select version from schema_migrations order by version")).ToList();
        versions.ShouldBe(Migrator.Embedded.Select(m => m.Version).ToList());
        (await connection.ExecuteScalarAsync<bool>("select to_regclass('workspaces') is not null")).ShouldBeTrue();
    }

    [Fact]
    public async Task ApplyAsync_TwoProcessesAtOnce_EachFileAppliedOnce()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var a = NpgsqlDataSource.Create(connectionString);
        await using var b = NpgsqlDataSource.Create(connectionString);

        var results = await Task.WhenAll(
            new Migrator(a, NullLogger<Migrator>.Instance).ApplyAsync(),
            new Migrator(b, NullLogger<Migrator>.Instance).ApplyAsync());

        results.Sum().ShouldBe(Migrator.Embedded.Count);
    }

    [Fact]
    public void Embedded_Files_AreOrderedWithDistinctVersions()
    {
        Migrator.Embedded.ShouldNotBeEmpty();
        Migrator.Embedded.Select(m => m.Version).ShouldBe(Migrator.Embedded.Select(m => m.Version).Order().Distinct());
    }
}
