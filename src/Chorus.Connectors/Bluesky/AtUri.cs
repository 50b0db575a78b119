namespace Chorus.Connectors.Bluesky;

/// <summary>An at://repo/collection/rkey address of a record.</summary>
public sealed record AtUri(string Repo, string Collection, string RecordKey)
{
    public static bool TryParse(string? value, out AtUri uri)
    {
        uri = null!;
        if (value is null || !value.StartsWith("at://", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = value["at://".Length..].Split('/');
        if (parts.Length != 3 || parts.Any(string.IsNullOrEmpty))
        {
            return false;
        }

        uri = new AtUri(parts[0], parts[1], parts[2]);
        return true;
    }

    public override string ToString() => $"at://{Repo}/{Collection}/{RecordKey}";

    /// <summary>The bsky.app address of a post, for people.</summary>
    public Uri? WebUrl(string? handle = null) =>
        Collection == "app.bsky.feed.post" ? new Uri($"https://bsky.app/profile/{handle ?? Repo}/post/{RecordKey}") : null;
}
