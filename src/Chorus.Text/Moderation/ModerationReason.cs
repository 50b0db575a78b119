namespace Chorus.Text.Moderation;

/// <summary>
/// Why a text scored: a category (insult, threat, identity-attack, obscenity for toxicity; links, shortener,
/// phone, email, money, spam-term, shouting, repetition, hashtags, mentions, generic-comment, author, duplicate for spam)
/// and the matched term or measured value. Written as "category: term".
/// </summary>
public sealed record ModerationReason(string Category, string Term)
{
    /// <summary>Spam reasons, as opposed to toxicity reasons.</summary>
    public bool IsSpam => Category is "links" or "shortener" or "phone" or "email" or "money" or "spam-term"
        or "shouting" or "repetition" or "hashtags" or "mentions" or "generic-comment" or "author" or "duplicate";

    /// <inheritdoc />
    public override string ToString() => $"{Category}: {Term}";
}
