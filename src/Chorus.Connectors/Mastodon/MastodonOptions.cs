namespace Chorus.Connectors.Mastodon;

/// <summary>Settings shared by every Mastodon channel (section "Connectors:Mastodon").</summary>
public sealed class MastodonOptions
{
    public const string SectionName = "Connectors:Mastodon";

    /// <summary>Name of the HttpClient the factory asks IHttpClientFactory for; its primary handler must come from
    /// <see cref="Abstractions.SsrfGuard.CreateHandler"/> because instance URLs are typed by users.</summary>
    public const string HttpClientName = "Chorus.Connectors.Mastodon";

    /// <summary>Application name shown to people on the instance's authorisation page.</summary>
    public string ClientName { get; set; } = "Chorus";

    public Uri? Website { get; set; }

    /// <summary>OAuth scopes requested: reading notifications and search, posting, media, favourites, boosts,
    /// mutes, blocks and reports.</summary>
    public string Scopes { get; set; } = "read write";

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for an instance to finish processing an uploaded file (HTTP 202).</summary>
    public TimeSpan MediaProcessingTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan MediaPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many of the account's latest statuses FindPublishedAsync looks through.</summary>
    public int RecentStatusesToSearch { get; set; } = 40;
}
