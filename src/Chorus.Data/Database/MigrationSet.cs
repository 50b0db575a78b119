using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Chorus.Data.Database;

public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The migrations of the platform (this assembly: accounts, workspaces, jobs, keys) and of the modules that keep their
/// tables beside their code. Each assembly embeds its files as <c>Migrations/NNNN_name.sql</c>; versions are one
/// sequence across all of them, so a module's file takes the next free number.
/// </summary>
public sealed partial class MigrationSet
{
    private const string Prefix = "Migrations/";

    private MigrationSet(IReadOnlyList<Migration> all) => All = all;

    public IReadOnlyList<Migration> All { get; }

    /// <summary>The platform's own migrations: what the data layer's tests need.</summary>
    public static MigrationSet Platform { get; } = From();

    public static MigrationSet From(params Assembly[] moduleAssemblies)
    {
        var migrations = new List<Migration>();
        foreach (var assembly in moduleAssemblies.Prepend(typeof(MigrationSet).Assembly).Distinct())
        {
            foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
            {
                var fileName = resource[Prefix.Length..];
                var match = MigrationFileName().Match(fileName);
                if (!match.Success) throw new InvalidOperationException($"Migration file '{fileName}' must be named NNNN_name.sql");
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var reader = new StreamReader(stream);
                migrations.Add(new Migration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
            }
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
                throw new InvalidOperationException($"Two migrations share version {migrations[i].Version}");
        }
        return new MigrationSet(migrations);
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex MigrationFileName();
}
