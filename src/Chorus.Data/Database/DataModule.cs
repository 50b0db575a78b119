using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Chorus.Data.Database;

public static class DataModule
{
    /// <summary>
    /// Connects Chorus to PostgreSQL: the server named by CHORUS_DATABASE, or else the embedded cluster, which is
    /// started here (before the host is built, so every module can rely on the database) and stopped with the host.
    /// The migrations are the platform's and those embedded in <paramref name="moduleAssemblies"/>.
    /// </summary>
    public static IHostApplicationBuilder AddChorusData(this IHostApplicationBuilder builder, params System.Reflection.Assembly[] moduleAssemblies)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        var options = DatabaseOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);

        var connectionString = options.ConnectionString;
        if (connectionString is null)
        {
            using var loggerFactory = LoggerFactory.Create(l => l.AddConsole());
            var cluster = EmbeddedPostgres.StartAsync(options.DataDirectory, loggerFactory.CreateLogger<EmbeddedPostgres>()).GetAwaiter().GetResult();
            builder.Services.AddSingleton(cluster);
            // Registered first so that it stops last, after every module has let go of its connections.
            builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(new EmbeddedPostgresLifetime(cluster)));
            connectionString = cluster.ConnectionString();
            EnsureDatabaseExists(cluster);
        }

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddSingleton(MigrationSet.From(moduleAssemblies));
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    private static void EnsureDatabaseExists(EmbeddedPostgres cluster)
    {
        using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        connection.Open();
        if (connection.ExecuteScalar<int?>("select 1 from pg_database where datname = 'chorus'") is null)
        {
            connection.Execute("create database chorus");
        }
    }

    private sealed class EmbeddedPostgresLifetime(EmbeddedPostgres cluster) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => cluster.StopAsync();
    }
}
