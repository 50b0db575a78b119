namespace Chorus.Connectors.Abstractions;

/// <summary>How a network counts the length of a post's text.</summary>
public enum TextCounting
{
    /// <summary>UTF-16 code units, as a string's length.</summary>
    Characters,

    /// <summary>What people see as one character (an emoji with its modifiers is one): Unicode extended grapheme clusters.</summary>
    Graphemes,
}

/// <summary>How a mention of an account counts towards the length.</summary>
public enum MentionCounting
{
    /// <summary>Every character of the mention, as written.</summary>
    AsWritten,

    /// <summary>A mention of a remote account (<c>@user@domain</c>) counts as its local part (<c>@user</c>), as Mastodon does.</summary>
    LocalPart,
}

/// <summary>The longest text a post may have.</summary>
/// <param name="LinkLength">What every http(s) link counts for whatever its length, when the network counts links so;
/// null when links count as written.</param>
/// <param name="Note">Why the figure may differ on a given server (an instance may raise it).</param>
public sealed record TextLimit(int MaxLength, TextCounting Counting, int? LinkLength = null, string? Note = null)
{
    public MentionCounting Mentions { get; init; } = MentionCounting.AsWritten;

    /// <summary>A second limit on the text's size in UTF-8 bytes (a Bluesky record's text is at most 3000 bytes,
    /// which 300 long emoji sequences exceed); null when the network has none.</summary>
    public int? MaxUtf8Bytes { get; init; }

    /// <summary>The content warning counts with the text towards <see cref="MaxLength"/> (Mastodon counts the spoiler
    /// text and the status together).</summary>
    public bool IncludesContentWarning { get; init; }
}

/// <summary>A kind of file a network takes, and how large.</summary>
/// <param name="ContentType">MIME type ("image/jpeg").</param>
/// <param name="MaxBytes">Per file; null when the server decides (and says so when it refuses).</param>
public sealed record MediaFormat(string ContentType, long? MaxBytes);

/// <summary>What may be attached to a post.</summary>
/// <param name="Formats">The accepted files, each with its own size limit (a network takes larger videos than images).</param>
public sealed record MediaLimit(int MaxCount, IReadOnlyList<MediaFormat> Formats)
{
    /// <summary>The longest alternative text of a file; null when the network sets none.</summary>
    public int? MaxAltTextLength { get; init; }

    public IEnumerable<string> ContentTypes => Formats.Select(f => f.ContentType);

    /// <summary>The accepted format of a MIME type (compared without case and parameters), or null.</summary>
    public MediaFormat? FormatOf(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        var bare = contentType.Split(';', 2)[0].Trim();
        return Formats.FirstOrDefault(f => string.Equals(f.ContentType, bare, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The same size limit for several MIME types.</summary>
    public static IEnumerable<MediaFormat> Sized(long? maxBytes, params string[] contentTypes) =>
        contentTypes.Select(type => new MediaFormat(type, maxBytes));
}

/// <summary>The limits of what a network publishes; a network that does not publish has <see cref="None"/>.</summary>
/// <param name="Text">Null when the network sets no length.</param>
/// <param name="TitleRequired">A post needs a title (a blog post).</param>
/// <param name="Media">Null when nothing can be attached.</param>
public sealed record NetworkLimits(TextLimit? Text, bool TitleRequired, MediaLimit? Media)
{
    public static NetworkLimits None { get; } = new(null, false, null);

    /// <summary>A free-text content warning can be shown before the post.</summary>
    public bool ContentWarnings { get; init; }
}
