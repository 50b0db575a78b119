using SkiaSharp;

namespace Chorus.Tests.Media;

/// <summary>Images drawn with Skia for the tests: the left half red and the right half blue, so a rotation shows.</summary>
public static class TestImages
{
    public static byte[] Png(int width, int height) => Encode(width, height, SKEncodedImageFormat.Png);

    public static byte[] Jpeg(int width, int height) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    public static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            using var red = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 2f, height, red);
        }
        using var data = bitmap.Encode(format, 95);
        return data.ToArray();
    }

    /// <summary>
    /// A JPEG whose pixels are stored sideways with an EXIF block saying "turn 90° clockwise to view" (orientation 6),
    /// and a GPS block with a latitude reference, as a phone writes: an APP1 segment put right after the start marker.
    /// </summary>
    public static byte[] JpegWithExifOrientation6(int width, int height)
    {
        byte[] tiff =
        [
            (byte)'I', (byte)'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,
            // IFD0: two entries, then no next IFD.
            0x02, 0x00,
            0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, // Orientation = 6
            0x25, 0x88, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x26, 0x00, 0x00, 0x00, // GPSInfo IFD at 38
            0x00, 0x00, 0x00, 0x00,
            // GPS IFD: GPSLatitudeRef = "N".
            0x01, 0x00,
            0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, (byte)'N', 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ];
        byte[] exifHeader = [(byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0];
        var length = 2 + exifHeader.Length + tiff.Length;
        byte[] app1 = [0xFF, 0xE1, (byte)(length >> 8), (byte)(length & 0xFF), .. exifHeader, .. tiff];
        var jpeg = Jpeg(width, height);
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];
    }

    /// <summary>The colour of a pixel of an encoded image.</summary>
    public static SKColor PixelOf(byte[] encoded, int x, int y)
    {
        using var bitmap = SKBitmap.Decode(encoded);
        return bitmap.GetPixel(x, y);
    }

    public static (int Width, int Height, SKEncodedImageFormat Format, SKEncodedOrigin Origin) Describe(byte[] encoded)
    {
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        return (codec.Info.Width, codec.Info.Height, codec.EncodedFormat, codec.EncodedOrigin);
    }

    public static bool IsReddish(SKColor color) => color.Red > 200 && color.Blue < 60;

    public static bool IsBluish(SKColor color) => color.Blue > 200 && color.Red < 60;
}
