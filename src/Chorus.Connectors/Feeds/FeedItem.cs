namespace Chorus.Connectors.Feeds;

/// <summary>One entry of a blog, news or forum feed, normalised across RSS, RDF, Atom and JSON Feed.</summary>
/// <param name="Id">The feed's own identifier (guid, Atom id, rdf:about, JSON id); falls back to the link.</param>
/// <param name="Title">Plain-text title (HTML stripped).</param>
/// <param name="Link">Absolute link to the entry, resolved against xml:base, the feed link or the feed URL.</param>
/// <param name="Author">Display name of the author when the feed gives one.</param>
/// <param name="Published">Publication time, or null when missing or unparseable.</param>
/// <param name="Updated">Last update time, or null.</param>
/// <param name="Summary">Plain-text summary (HTML stripped safely).</param>
/// <param name="Content">Plain-text full content (HTML stripped safely).</param>
/// <param name="Categories">Categories, tags or subjects as given by the feed.</param>
/// <param name="Enclosures">Attached media (RSS enclosure, media:content, Atom rel=enclosure, JSON attachments).</param>
/// <param name="ImageUrl">A representative image (media:thumbnail, JSON image), when given.</param>
public sealed record FeedItem(
    string Id,
    string? Title,
    Uri? Link,
    string? Author,
    DateTimeOffset? Published,
    DateTimeOffset? Updated,
    string? Summary,
    string? Content,
    IReadOnlyList<string> Categories,
    IReadOnlyList<FeedEnclosure> Enclosures,
    Uri? ImageUrl);

/// <summary>A media file attached to a feed item.</summary>
public sealed record FeedEnclosure(Uri Url, string? MediaType, long? Length);
