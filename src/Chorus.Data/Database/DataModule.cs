using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chorus.Data.Database;

public static class DataModule
{
    /// <summary>
    /// Connects Chorus to PostgreSQL: the server named by CHORUS_DATABASE, or else the embedded cluster. The first
    /// hosted service (<see cref="DatabaseStartup"/>) starts the cluster and applies the migrations, so every hosted
    /// service registered after it finds the database ready; it stops last. The migrations are the platform's and
    /// those embedded in <paramref name="moduleAssemblies"/>. Also registers the one <see cref="TimeProvider"/>.
    /// </summary>
    public static IHostApplicationBuilder AddChorusData(this IHostApplicationBuilder builder, params System.Reflection.Assembly[] moduleAssemblies)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration(string.Empty).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseServer>();
        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(sp.GetRequiredService<DatabaseServer>().ConnectionString).Build());
        services.AddSingleton(MigrationSet.From(moduleAssemblies));
        services.AddSingleton<Migrator>();
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseStartup>());
        return builder;
    }
}

/// <summary>
/// The database Chorus uses: the server CHORUS_DATABASE names, or the embedded cluster, prepared on first use (data
/// folder claimed, address and password fixed) so that the connection string is known before the cluster starts.
/// </summary>
public sealed class DatabaseServer(IOptions<DatabaseOptions> options, ILogger<EmbeddedPostgres> logger)
{
    private readonly Lazy<EmbeddedPostgres?> _cluster = new(() =>
        options.Value.UsesEmbeddedCluster ? EmbeddedPostgres.Prepare(options.Value.DataDirectory, logger) : null);

    /// <summary>The embedded cluster, or null when Chorus uses a server of its own.</summary>
    public EmbeddedPostgres? Cluster => _cluster.Value;

    /// <summary>The embedded cluster if it was prepared (preparing it may have failed: another Chorus holds the folder).</summary>
    public EmbeddedPostgres? PreparedCluster => _cluster.IsValueCreated ? _cluster.Value : null;

    public string ConnectionString => Cluster?.ConnectionString() ?? options.Value.ConnectionString!;
}

/// <summary>Starts the embedded cluster (when there is one) and applies the migrations before any other hosted service.</summary>
public sealed class DatabaseStartup(DatabaseServer server, Migrator migrator) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (server.Cluster is { } cluster)
        {
            await cluster.StartAsync(cancellationToken);
            await EnsureDatabaseExistsAsync(cluster, cancellationToken);
        }
        await migrator.ApplyAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server.PreparedCluster is { } cluster) await cluster.StopAsync();
    }

    private static async Task EnsureDatabaseExistsAsync(EmbeddedPostgres cluster, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<int?>(new CommandDefinition("select 1 from pg_database where datname = 'chorus'", cancellationToken: cancellationToken));
        if (exists is null) await connection.ExecuteAsync(new CommandDefinition("create database chorus", cancellationToken: cancellationToken));
    }
}
