using System.ComponentModel.DataAnnotations;

namespace Chorus.Links;

/// <summary>The "Links" section of the configuration.</summary>
public sealed class LinksOptions
{
    /// <summary>How many redirects one client address may ask for in a minute: enough for people behind one address,
    /// too few to walk the codes.</summary>
    [Range(1, 1_000_000)]
    public int RedirectsPerMinute { get; set; } = 600;
}
