namespace Chorus.Connectors.Abstractions;

/// <summary>How a network counts the length of a post's text.</summary>
public enum TextCounting
{
    /// <summary>UTF-16 code units, as a string's length.</summary>
    Characters,

    /// <summary>What people see as one character (an emoji with its modifiers is one): Unicode extended grapheme clusters.</summary>
    Graphemes,
}

/// <summary>The longest text a post may have.</summary>
/// <param name="LinkLength">What every link counts for whatever its length, when the network counts links so.</param>
/// <param name="Note">Why the figure may differ on a given server (an instance may raise it).</param>
public sealed record TextLimit(int MaxLength, TextCounting Counting, int? LinkLength = null, string? Note = null);

/// <summary>What may be attached to a post.</summary>
/// <param name="MaxBytes">Per file; null when the server decides (and says so when it refuses).</param>
public sealed record MediaLimit(int MaxCount, long? MaxBytes, IReadOnlyList<string> ContentTypes);

/// <summary>The limits of what a network publishes; a network that does not publish has <see cref="None"/>.</summary>
/// <param name="Text">Null when the network sets no length.</param>
/// <param name="TitleRequired">A post needs a title (a blog post).</param>
/// <param name="Media">Null when nothing can be attached.</param>
public sealed record NetworkLimits(TextLimit? Text, bool TitleRequired, MediaLimit? Media)
{
    public static NetworkLimits None { get; } = new(null, false, null);
}
