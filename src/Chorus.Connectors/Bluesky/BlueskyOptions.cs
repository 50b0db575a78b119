namespace Chorus.Connectors.Bluesky;

/// <summary>Settings shared by every Bluesky channel (section "Connectors:Bluesky").</summary>
public sealed class BlueskyOptions
{
    public const string SectionName = "Connectors:Bluesky";

    /// <summary>Name of the HttpClient the factory asks IHttpClientFactory for.</summary>
    public const string HttpClientName = "Chorus.Connectors.Bluesky";

    /// <summary>PDS (or entryway) used when a channel gives no server URL.</summary>
    public Uri DefaultServiceUrl { get; set; } = new("https://bsky.social/");

    /// <summary>Each XRPC call gives up after this long (the outcome is Transient).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many notification pages one read may walk back to find where it stopped last time.</summary>
    public int MaxNotificationPages { get; set; } = 10;
}
