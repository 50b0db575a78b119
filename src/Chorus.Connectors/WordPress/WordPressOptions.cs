namespace Chorus.Connectors.WordPress;

/// <summary>Settings shared by every WordPress channel.</summary>
public sealed class WordPressOptions
{
    /// <summary>Per-request timeout; media uploads share it, so it is generous.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Comments per page when reading (WordPress caps per_page at 100).</summary>
    public int CommentsPageSize { get; set; } = 100;

    public string UserAgent { get; set; } = "Chorus/1.0 (WordPress connector)";
}
