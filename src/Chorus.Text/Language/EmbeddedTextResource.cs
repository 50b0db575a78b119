using System.IO.Compression;

namespace Chorus.Text.Language;

/// <summary>Reads the data files embedded in Chorus.Text (TSV, optionally gzip-compressed).</summary>
internal static class EmbeddedTextResource
{
    public static IEnumerable<string> ReadLines(string logicalName)
    {
        var assembly = typeof(EmbeddedTextResource).Assembly;
        using var raw = assembly.GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"Embedded resource '{logicalName}' is missing from {assembly.GetName().Name}.");
        using var stream = logicalName.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            yield return line;
        }
    }

    /// <summary>Lines split on tabs, skipping comments that start with '#'.</summary>
    public static IEnumerable<string[]> ReadRecords(string logicalName)
    {
        foreach (var line in ReadLines(logicalName))
        {
            if (line[0] == '#')
            {
                continue;
            }
            yield return line.Split('\t');
        }
    }
}
