
namespace Chorus.Channels;

/// <summary>A connected account as people and the API see it: never its credentials.</summary>
public sealed record Channel(
    Guid Id,
    Guid WorkspaceId,
    string Network,
    string Name,
    string Account,
    string? BaseUrl,
    string Status,
    string? StatusReason,
    DateTimeOffset? CheckedAt,
    DateTimeOffset CreatedAt)
{
    public const string Healthy = "healthy";
    public const string Broken = "broken";

    public bool IsBroken => Status == Broken;
}

/// <summary>What connecting a channel needs; which fields matter depends on the network.</summary>
/// <param name="Url">Bluesky service (optional, bsky.social by default), WordPress site, Mastodon instance, or feed URL.</param>
/// <param name="Handle">Bluesky handle (or DID).</param>
/// <param name="AppPassword">Bluesky app password.</param>
/// <param name="Username">WordPress user name.</param>
/// <param name="Password">WordPress application password.</param>
public sealed record ConnectRequest(
    string? Network,
    string? Name = null,
    string? Url = null,
    string? Handle = null,
    string? AppPassword = null,
    string? Username = null,
    string? Password = null);

/// <summary>A connected channel, or (Mastodon) the instance page where the person authorises Chorus.</summary>
public sealed record ConnectResult(Channel? Channel, Uri? AuthorizeUrl);

/// <summary>The answer of a channel's network to a test.</summary>
public sealed record ChannelCheck(bool Succeeded, string? Reason, Channel Channel);

/// <summary>The networks a channel can be on, by their stable ids.</summary>
public static class ChannelNetworks
{
    public const string Bluesky = "bluesky";
    public const string Mastodon = "mastodon";
    public const string WordPress = "wordpress";
    public const string Feed = "feed";

    public static IReadOnlyList<string> All { get; } = [Bluesky, Mastodon, WordPress, Feed];

    public static string Parse(string? network)
    {
        var id = network?.Trim().ToLowerInvariant();
        return id is not null && All.Contains(id)
            ? id
            : throw new InputException("network", $"'{network}' is not a network Chorus connects to; use one of {string.Join(", ", All)}.");
    }
}
