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
        var migrator = new Migrator(dataSource, MigrationSet.Platform, NullLogger<Migrator>.Instance);

        (await migrator.IsUpToDateAsync()).ShouldBeFalse();
        var first = await migrator.ApplyAsync();
        var second = await migrator.ApplyAsync();

        first.ShouldBe(MigrationSet.Platform.All.Count);
        second.ShouldBe(0);
        (await migrator.IsUpToDateAsync()).ShouldBeTrue();
        await using var connection = await dataSource.OpenConnectionAsync();
        var versions = (await connection.QueryAsync<int>("select version from schema_migrations order by version")).ToList();
        versions.ShouldBe(MigrationSet.Platform.All.Select(m => m.Version).ToList());
        (await connection.ExecuteScalarAsync<bool>("select to_regclass('workspaces') is not null")).ShouldBeTrue();
    }

    [Fact]
    public async Task ApplyAsync_TwoProcessesAtOnce_EachFileAppliedOnce()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        await using var a = NpgsqlDataSource.Create(connectionString);
        await using var b = NpgsqlDataSource.Create(connectionString);

        var results = await Task.WhenAll(
            new Migrator(a, MigrationSet.Platform, NullLogger<Migrator>.Instance).ApplyAsync(),
            new Migrator(b, MigrationSet.Platform, NullLogger<Migrator>.Instance).ApplyAsync());

        results.Sum().ShouldBe(MigrationSet.Platform.All.Count);
    }

    [Fact]
    public void Embedded_Files_AreOrderedWithDistinctVersions()
    {
        MigrationSet.Platform.All.ShouldNotBeEmpty();
        MigrationSet.Platform.All.Select(m => m.Version).ShouldBe(MigrationSet.Platform.All.Select(m => m.Version).Order().Distinct());
    }
}
