using System.ComponentModel.DataAnnotations;

namespace Chorus.Media;

/// <summary>The media library's limits and where its files live (configuration section "Media").</summary>
public sealed class MediaOptions
{
    /// <summary>Where the files are kept; by default the data folder's media/ directory (CHORUS_DATA/media).</summary>
    public string Directory { get; set; } = "";

    /// <summary>The largest request an upload may be: the largest file allowed and the form around it.</summary>
    public const long MaxUploadBody = 201L * 1024 * 1024;

    /// <summary>The largest file accepted (16 MiB, Mastodon's limit for images; at most 200 MiB).</summary>
    [Range(1, 200L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The most pixels an image may have (width × height), checked before decoding: a small file that
    /// decodes to billions of pixels would exhaust the memory.</summary>
    [Range(1, 500_000_000)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>The longer side of a thumbnail, in pixels.</summary>
    [Range(16, 2048)]
    public int ThumbnailSize { get; set; } = 320;

    /// <summary>How long a signed link to a file stays valid (networks that fetch media by URL).</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The accepted types; empty means those the networks take (their descriptors' media limits) that
    /// Chorus can decode (JPEG, PNG, GIF, WebP).</summary>
    public string[] ContentTypes { get; set; } = [];
}
