using Chorus.Data.Database;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Chorus.Testing;

/// <summary>
/// One throw-away PostgreSQL cluster per test process (started on first use, deleted at exit), and a fresh empty
/// database for each caller, so test classes never see each other's rows.
/// </summary>
public static class TestPostgres
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static EmbeddedPostgres? _cluster;

    public static async Task<string> CreateDatabaseAsync()
    {
        var cluster = await ClusterAsync();
        var name = "t_" + Guid.NewGuid().ToString("N")[..20];
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await connection.OpenAsync();
        await connection.ExecuteAsync($"create database {name}");
        return cluster.ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, ending any connection still open on it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (_cluster is null || name is null || !name.StartsWith("t_", StringComparison.Ordinal)) return;
        await using var connection = new NpgsqlConnection(_cluster.ConnectionString("postgres"));
        await connection.OpenAsync();
        await connection.ExecuteAsync($"drop database if exists {name} with (force)");
    }

    private static async Task<EmbeddedPostgres> ClusterAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_cluster is null)
            {
                var directory = Path.Combine(Path.GetTempPath(), "chorus-test-" + Guid.NewGuid().ToString("N")[..12]);
                _cluster = await EmbeddedPostgres.StartAsync(directory, NullLogger.Instance);
                var cluster = _cluster;
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                {
                    cluster.DestroyAsync().GetAwaiter().GetResult();
                    if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
                };
            }
            return _cluster;
        }
        finally
        {
            Gate.Release();
        }
    }
}
