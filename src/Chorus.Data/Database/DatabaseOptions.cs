namespace Chorus.Data.Database;

/// <summary>Where Chorus keeps its data. With no connection string, Chorus runs its own cluster under DataDirectory.</summary>
public sealed class DatabaseOptions
{
    /// <summary>CHORUS_DATABASE: a PostgreSQL connection string; empty means the embedded cluster.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>CHORUS_DATA: the data folder (embedded cluster, keys).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>From configuration (which includes the environment, and the settings tests give), else the environment.</summary>
    public static DatabaseOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration) => new()
    {
        ConnectionString = NullIfEmpty(configuration["CHORUS_DATABASE"]) ?? NullIfEmpty(Environment.GetEnvironmentVariable("CHORUS_DATABASE")),
        DataDirectory = NullIfEmpty(configuration["CHORUS_DATA"]) ?? NullIfEmpty(Environment.GetEnvironmentVariable("CHORUS_DATA")) ?? "data",
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
