namespace Chorus.Connectors.Feeds;

/// <summary>How feeds are fetched and how often they are polled.</summary>
public sealed class FeedOptions
{
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Documents larger than this are refused (a feed is rarely over 1 MB; this bounds memory).</summary>
    public long MaxDocumentBytes { get; set; } = 8 * 1024 * 1024;

    public string UserAgent { get; set; } = "Chorus/1.0 (feed reader)";

    /// <summary>Normal time between two polls of a healthy feed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>First wait after a failure; doubled for each further consecutive failure.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest wait between two attempts, however many failures in a row.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(24);
}
