using Microsoft.Extensions.Options;

namespace Chorus.Media;

/// <summary>
/// The media files on disk, named by the SHA-256 of their content in two levels of directories
/// (media/ab/cd/abcd….jpg, and its thumbnail abcd….thumb.webp beside it) so no directory grows too large. A file is
/// written to a temporary name and renamed, so a reader never sees half a file and a crash leaves no partial one.
/// </summary>
public sealed class MediaFiles(IOptions<MediaOptions> options)
{
    public string Root => Path.GetFullPath(options.Value.Directory);

    public string OriginalPath(string sha256, string contentType) => Path.Combine(DirectoryOf(sha256), $"{sha256}.{MediaImages.ExtensionOf(contentType)}");

    public string ThumbnailPath(string sha256) => Path.Combine(DirectoryOf(sha256), $"{sha256}.thumb.webp");

    /// <summary>Writes the file and its thumbnail unless they are there already (the same content is stored once).</summary>
    public async Task StoreAsync(string sha256, PreparedImage image, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DirectoryOf(sha256));
        await WriteOnceAsync(OriginalPath(sha256, image.ContentType), image.Content, cancellationToken);
        await WriteOnceAsync(ThumbnailPath(sha256), image.Thumbnail, cancellationToken);
    }

    public void Delete(string sha256, string contentType)
    {
        File.Delete(OriginalPath(sha256, contentType));
        File.Delete(ThumbnailPath(sha256));
    }

    private static async Task WriteOnceAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        if (File.Exists(path)) return;
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await file.WriteAsync(content, cancellationToken);
                // On disk before the rename makes it visible: after a power cut the name never points at missing data.
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private string DirectoryOf(string sha256) => Path.Combine(Root, sha256[..2], sha256[2..4]);
}
