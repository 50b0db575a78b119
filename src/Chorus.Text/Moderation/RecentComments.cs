using Chorus.Text.Duplicates;

namespace Chorus.Text.Moderation;

/// <summary>How many other posts and other authors a comment was seen on / from, near-duplicates included.</summary>
public readonly record struct SimilarComments(int OtherItems, int OtherAuthors);

/// <summary>
/// The comments an inbox received recently, to see the same words arrive on many posts or from many
/// authors — the mark of comment spam that a single text cannot show ("merci pour le partage" under every
/// post). Near-duplicates are found by SimHash (<see cref="NearDuplicateIndex{TId}"/>). Not thread-safe for
/// concurrent writes.
/// </summary>
public sealed class RecentComments
{
    private readonly NearDuplicateIndex<int> _index = new();
    private readonly List<(string? Author, string Item)> _comments = [];

    /// <summary>Number of comments stored.</summary>
    public int Count => _comments.Count;

    /// <summary>Stores a comment received on <paramref name="item"/> (a post id or URL) from <paramref name="author"/>.</summary>
    public void Add(string text, string? author, string item)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(item);
        var hash = SimHash.Compute(text);
        if (hash == 0)
        {
            return;
        }
        _index.Add(hash, _comments.Count);
        _comments.Add((author, item));
    }

    /// <summary>Other posts than <paramref name="item"/>, and other authors than <paramref name="author"/>, that received a near-duplicate of <paramref name="text"/>.</summary>
    public SimilarComments FindSimilar(string text, string? author, string? item)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = SimHash.Compute(text);
        if (hash == 0)
        {
            return default;
        }
        var items = new HashSet<string>(StringComparer.Ordinal);
        var authors = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, _) in _index.FindNear(hash))
        {
            var (otherAuthor, otherItem) = _comments[id];
            if (otherItem != item)
            {
                items.Add(otherItem);
            }
            if (otherAuthor is not null && !string.Equals(otherAuthor, author, StringComparison.OrdinalIgnoreCase))
            {
                authors.Add(otherAuthor);
            }
        }
        return new SimilarComments(items.Count, authors.Count);
    }
}
