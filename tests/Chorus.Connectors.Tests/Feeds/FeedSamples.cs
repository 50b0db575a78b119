namespace Chorus.Connectors.Tests.Feeds;

/// <summary>The sample feed files copied next to the test assembly.</summary>
internal static class FeedSamples
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Feeds", "Samples");

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name));
}
