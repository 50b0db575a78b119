using Microsoft.Extensions.Configuration;

namespace Chorus.Data.Database;

/// <summary>Where Chorus keeps its data. With no connection string, Chorus runs its own cluster under DataDirectory.</summary>
public sealed class DatabaseOptions
{
    /// <summary>CHORUS_DATABASE: a PostgreSQL connection string; empty means the embedded cluster.</summary>
    [ConfigurationKeyName("CHORUS_DATABASE")]
    public string? ConnectionString { get; set; }

    /// <summary>CHORUS_DATA: the data folder (embedded cluster, keys).</summary>
    [ConfigurationKeyName("CHORUS_DATA")]
    public string DataDirectory
    {
        get;
        set => field = string.IsNullOrWhiteSpace(value) ? "data" : value;
    } = "data";

    /// <summary>The options as configured, for what must be decided while services are registered.</summary>
    public static DatabaseOptions Of(IConfiguration configuration) => configuration.Get<DatabaseOptions>() ?? new DatabaseOptions();

    public bool UsesEmbeddedCluster => string.IsNullOrWhiteSpace(ConnectionString);
}
