using SkiaSharp;

namespace Chorus.Media;

/// <summary>An upload once checked: what is served (upright, without metadata), its size, and its thumbnail.</summary>
public sealed record PreparedImage(string ContentType, int Width, int Height, byte[] Content, byte[] Thumbnail, int ThumbnailWidth, int ThumbnailHeight)
{
    /// <summary>The file name extension of <see cref="ContentType"/>.</summary>
    public string Extension => MediaImages.ExtensionOf(ContentType);
}

/// <summary>
/// Reads an uploaded image with Skia: the type is what the bytes are (never the name or the client's Content-Type), the
/// whole image is decoded (a truncated or damaged file is refused), the pixel count is checked before any pixel is
/// allocated (decompression bombs), the EXIF orientation is applied, and JPEG, PNG and WebP are encoded again, which
/// drops their metadata (camera, GPS position). A GIF is kept as uploaded: Skia cannot write GIF, and re-encoding would
/// lose its animation; GIF has no EXIF block.
/// </summary>
public sealed class MediaImages(MediaOptions options)
{
    /// <summary>What Chorus can decode, check and serve; SVG is not an image here (it can carry scripts).</summary>
    public static readonly IReadOnlyList<string> Decodable = ["image/jpeg", "image/png", "image/gif", "image/webp"];

    private const int ServedQuality = 90;
    private const int ThumbnailQuality = 80;

    public static string ExtensionOf(string contentType) => contentType switch
    {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => throw new ArgumentOutOfRangeException(nameof(contentType), contentType, "Not a media type Chorus stores."),
    };

    /// <summary>Checks and prepares an upload; bad files are an <see cref="InputException"/> on <paramref name="field"/>.</summary>
    public PreparedImage Prepare(byte[] upload, IReadOnlyCollection<string> accepted, string field)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (upload.Length == 0) throw new InputException(field, "The file is empty.");
        if (upload.Length > options.MaxBytes)
            throw new InputException(field, $"The file is {Sizes.Describe(upload.Length)}; the largest accepted is {Sizes.Describe(options.MaxBytes)}.");

        using var data = SKData.CreateCopy(upload);
        using var codec = SKCodec.Create(data)
            ?? throw new InputException(field, $"This file is not an image Chorus can read; upload {Accepted(accepted)}.");
        var contentType = ContentTypeOf(codec.EncodedFormat);
        if (contentType is null || !accepted.Contains(contentType))
            throw new InputException(field, $"This file is {Describe(codec.EncodedFormat)}, which is not accepted; upload {Accepted(accepted)}.");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0) throw new InputException(field, "The image has no pixels.");
        if ((long)info.Width * info.Height > options.MaxPixels)
            throw new InputException(field, $"The image is {info.Width} × {info.Height} pixels; the largest accepted is {options.MaxPixels:N0} pixels in all.");
        if (contentType == "image/webp" && codec.FrameCount > 1)
            throw new InputException(field, "Animated WebP images are not accepted; upload an animated GIF, or a still image.");

        using var decoded = Decode(codec, field);
        using var upright = Upright(decoded, codec.EncodedOrigin);
        var served = contentType == "image/gif" ? upload : Encode(upright, contentType);
        var (thumbnail, thumbnailWidth, thumbnailHeight) = Thumbnail(upright);
        return new PreparedImage(contentType, upright.Width, upright.Height, served, thumbnail, thumbnailWidth, thumbnailHeight);
    }

    private static SKBitmap Decode(SKCodec codec, string field)
    {
        // The first frame of an animation: enough to check the file and to draw its thumbnail.
        var info = codec.Info.WithColorType(SKImageInfo.PlatformColorType)
            .WithAlphaType(codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result == SKCodecResult.Success) return bitmap;
        bitmap.Dispose();
        throw new InputException(field, result == SKCodecResult.IncompleteInput
            ? "The image is cut short: the file is truncated or damaged."
            : $"The image cannot be decoded ({result}): the file is damaged.");
    }

    /// <summary>The image as it is meant to be seen: the EXIF orientation applied to the pixels.</summary>
    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        float w = bitmap.Width, h = bitmap.Height;
        // Each maps a stored pixel (x, y) to where it is seen: x' = a·x + b·y + c, y' = d·x + e·y + f.
        SKMatrix? transform = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => null,
        };
        if (transform is not { } matrix) return bitmap.Copy();
        var swapped = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var turned = new SKBitmap(bitmap.Info.WithSize(swapped ? bitmap.Height : bitmap.Width, swapped ? bitmap.Width : bitmap.Height));
        using var canvas = new SKCanvas(turned);
        canvas.Clear(SKColors.Transparent);
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(bitmap, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
        canvas.Flush();
        return turned;
    }

    private static byte[] Encode(SKBitmap bitmap, string contentType)
    {
        using var pixels = bitmap.PeekPixels();
        using var encoded = contentType switch
        {
            "image/jpeg" => pixels.Encode(new SKJpegEncoderOptions(ServedQuality)),
            "image/png" => pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6)),
            "image/webp" => pixels.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, ServedQuality)),
            _ => throw new ArgumentOutOfRangeException(nameof(contentType), contentType, "Not a type Chorus encodes."),
        } ?? throw new InvalidOperationException($"Skia could not encode the image as {contentType}.");
        return encoded.ToArray();
    }

    /// <summary>At most <see cref="MediaOptions.ThumbnailSize"/> pixels on its longer side (never enlarged), as WebP,
    /// which keeps transparency.</summary>
    private (byte[] Content, int Width, int Height) Thumbnail(SKBitmap upright)
    {
        var scale = Math.Min(1.0, (double)options.ThumbnailSize / Math.Max(upright.Width, upright.Height));
        var width = Math.Max(1, (int)Math.Round(upright.Width * scale));
        var height = Math.Max(1, (int)Math.Round(upright.Height * scale));
        using var resized = upright.Resize(upright.Info.WithSize(width, height), new SKSamplingOptions(SKCubicResampler.Mitchell))
            ?? throw new InvalidOperationException("Skia could not resize the image.");
        using var pixels = resized.PeekPixels();
        using var encoded = pixels.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, ThumbnailQuality))
            ?? throw new InvalidOperationException("Skia could not encode the thumbnail.");
        return (encoded.ToArray(), width, height);
    }

    private static string? ContentTypeOf(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => "image/jpeg",
        SKEncodedImageFormat.Png => "image/png",
        SKEncodedImageFormat.Gif => "image/gif",
        SKEncodedImageFormat.Webp => "image/webp",
        _ => null,
    };

    private static string Describe(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png or SKEncodedImageFormat.Gif or SKEncodedImageFormat.Webp => $"a {format.ToString().ToUpperInvariant()} image",
        _ => $"an image in the {format} format",
    };

    private static string Accepted(IReadOnlyCollection<string> accepted) =>
        string.Join(", ", accepted.Select(type => ExtensionOf(type).ToUpperInvariant()).Select(name => name == "JPG" ? "JPEG" : name));
}

/// <summary>File sizes as people read them (binary units, as file managers on Linux show them).</summary>
public static class Sizes
{
    public static string Describe(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MiB",
    };
}
