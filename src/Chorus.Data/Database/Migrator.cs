using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Chorus.Data.Database;

/// <summary>
/// Applies the ordered SQL files of a <see cref="MigrationSet"/> (NNNN_name.sql), each in its own transaction, under
/// an advisory lock so two Chorus processes starting together apply each file once.
/// </summary>
public sealed partial class Migrator(NpgsqlDataSource dataSource, MigrationSet migrations, ILogger<Migrator> logger)
{
    private const long AdvisoryLockKey = 0x43686f7275734d; // "ChorusM"

    public IReadOnlyList<Migration> Known => migrations.All;

    public async Task<int> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("select pg_advisory_lock(@key)", new { key = AdvisoryLockKey });
        try
        {
            await connection.ExecuteAsync("""
                create table if not exists schema_migrations (
                    version integer primary key,
                    name text not null,
                    applied_at timestamptz not null default now())
                """);
            var applied = (await connection.QueryAsync<int>("select version from schema_migrations")).ToHashSet();
            var count = 0;
            foreach (var migration in migrations.All.Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(migration.Sql, transaction: transaction);
                await connection.ExecuteAsync("insert into schema_migrations (version, name) values (@Version, @Name)",
                    new { migration.Version, migration.Name }, transaction);
                await transaction.CommitAsync(cancellationToken);
                LogApplied(logger, migration.Version, migration.Name);
                count++;
            }
            return count;
        }
        finally
        {
            await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
        }
    }

    /// <summary>True when every embedded migration has been applied: what /readyz reports.</summary>
    public async Task<bool> IsUpToDateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<bool>("select to_regclass('schema_migrations') is not null");
        if (!exists) return false;
        var latest = await connection.ExecuteScalarAsync<int?>("select max(version) from schema_migrations") ?? 0;
        return latest >= migrations.All[^1].Version;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} {Name}")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}
