using Chorus.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Chorus.Tests.Media;

/// <summary>The app with its media files in a folder of its own, and a low pixel limit so a decompression bomb is
/// cheap to make in a test.</summary>
public sealed class MediaFactory : ChorusFactory
{
    public const long MaxPixels = 4_000_000;

    public string MediaDirectory { get; } = Path.Combine(Path.GetTempPath(), "chorus-media-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Media:Directory", MediaDirectory);
        builder.UseSetting("Media:MaxPixels", MaxPixels.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The files stored for a content hash (the image and its thumbnail).</summary>
    public IReadOnlyList<string> FilesOf(string sha256) =>
        Directory.Exists(MediaDirectory) ? Directory.GetFiles(MediaDirectory, sha256 + ".*", SearchOption.AllDirectories) : [];
}
