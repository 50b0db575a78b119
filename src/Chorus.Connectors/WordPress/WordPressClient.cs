using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.WordPress;

/// <summary>A page of comments and how many pages the site has for the same query (X-WP-TotalPages).</summary>
public sealed record WordPressCommentPage(IReadOnlyList<WordPressComment> Comments, int TotalPages);

/// <summary>A comment as the REST API returns it with context=edit.</summary>
public sealed record WordPressComment(long Id, long PostId, long ParentId, long AuthorId, string AuthorName, Uri? AuthorUrl,
    string Html, string? Raw, DateTimeOffset DateGmt, string Status, Uri? Link);

/// <summary>Site and user behind a set of credentials.</summary>
public sealed record WordPressIdentity(long UserId, string UserName, string DisplayName, string SiteName, Uri SiteUrl);

/// <summary>
/// Thin client for the WordPress REST API (wp/v2) with application-password Basic auth. Every call goes
/// through <see cref="ConnectorHttp"/>, which maps HTTP outcomes; this class only shapes requests and
/// reads answers. It never retries.
/// </summary>
public sealed class WordPressClient : ConnectorHttp
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Uri _site;
    private readonly AuthenticationHeaderValue _auth;
    private readonly WordPressOptions _options;

    public WordPressClient(HttpClient http, TimeProvider time, WordPressOptions options, Uri siteUrl, WordPressCredentials credentials)
        : base(http, time, options.RequestTimeout)
    {
        ArgumentNullException.ThrowIfNull(siteUrl);
        ArgumentNullException.ThrowIfNull(credentials);
        _options = options;
        _site = siteUrl.AbsoluteUri.EndsWith('/') ? siteUrl : new Uri(siteUrl.AbsoluteUri + "/");
        // Application passwords are shown with spaces every four characters; WordPress accepts both forms.
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.UserName}:{credentials.ApplicationPassword}"));
        _auth = new AuthenticationHeaderValue("Basic", token);
    }

    public Uri SiteUrl => _site;

    protected override string NetworkName => $"WordPress ({_site.Authority})";

    /// <summary>WordPress errors are {"code","message","data":{"status"}}; the message may hold HTML entities.</summary>
    protected override string? DescribeError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (ReadString(document.RootElement, "message") is { } message)
            {
                var code = ReadString(document.RootElement, "code");
                var text = UntrustedHtml.ToPlainText(message) is { Length: > 0 } plain ? plain : message;
                return code is null ? text : $"{text} ({code})";
            }
        }
        catch (JsonException)
        {
            // Not a WordPress error body (proxy page, PHP fatal error): fall back to the raw text.
        }

        return base.DescribeError(body);
    }

    public Task<ConnectorResult<WordPressIdentity>> GetIdentityAsync(CancellationToken cancellationToken) =>
        SendAsync(() => Request(HttpMethod.Get, "wp/v2/users/me?context=edit"), async (me, ct) =>
        {
            using var user = await ReadJsonAsync(me, ct);
            using var site = await GetSiteIndexAsync(ct);
            var root = user.RootElement;
            return new WordPressIdentity(
                root.GetProperty("id").GetInt64(),
                ReadString(root, "username") ?? ReadString(root, "slug") ?? "",
                ReadString(root, "name") ?? "",
                UntrustedHtml.ToPlainText(ReadString(site.RootElement, "name")) is { Length: > 0 } siteName ? siteName : _site.Host,
                Uri.TryCreate(ReadString(site.RootElement, "home"), UriKind.Absolute, out var home) ? home : _site);
        }, cancellationToken);

    private async Task<JsonDocument> GetSiteIndexAsync(CancellationToken cancellationToken)
    {
        // Reached only after /users/me succeeded, so a failure here is the site's, not the credentials'.
        using var request = Request(HttpMethod.Get, "");
        using var response = await Http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new FormatException($"the site index /wp-json/ answered {(int)response.StatusCode}");
        }

        return await ReadJsonAsync(response, cancellationToken);
    }

    public Task<ConnectorResult<WordPressPost>> CreatePostAsync(object fields, CancellationToken cancellationToken) =>
        SendAsync(() => Request(HttpMethod.Post, "wp/v2/posts", JsonContent.Create(fields, options: Json)), ReadPostAsync, cancellationToken);

    public Task<ConnectorResult<WordPressPost>> UpdatePostAsync(long id, object fields, CancellationToken cancellationToken) =>
        SendAsync(() => Request(HttpMethod.Post, $"wp/v2/posts/{id}", JsonContent.Create(fields, options: Json)), ReadPostAsync, cancellationToken);

    public Task<ConnectorResult<WordPressPost>> GetPostAsync(long id, CancellationToken cancellationToken) =>
        SendAsync(() => Request(HttpMethod.Get, $"wp/v2/posts/{id}?context=edit"), ReadPostAsync, cancellationToken);

    /// <summary>Trashes the post, or deletes it for good with <paramref name="force"/>.</summary>
    public Task<ConnectorResult<bool>> DeletePostAsync(long id, bool force, CancellationToken cancellationToken) =>
        SendAsync(() => Request(HttpMethod.Delete, $"wp/v2/posts/{id}{(force ? "?force=true" : "")}"), (_, _) => Task.FromResult(true), cancellationToken);

    /// <summary>Posts with this exact slug in any status but trash (publish, future, draft, pending, private).</summary>
    public Task<ConnectorResult<IReadOnlyList<WordPressPost>>> FindPostsBySlugAsync(string slug, CancellationToken cancellationToken) =>
        SendAsync(() => Request(HttpMethod.Get, $"wp/v2/posts?slug={Uri.EscapeDataString(slug)}&status=any&context=edit&per_page=10"),
            async (response, ct) =>
            {
                using var document = await ReadJsonAsync(response, ct);
                return (IReadOnlyList<WordPressPost>)[.. document.RootElement.EnumerateArray().Select(ToPost)];
            }, cancellationToken);

    /// <summary>Finds a category or tag by exact name (case-insensitive) or creates it; returns its id.</summary>
    public async Task<ConnectorResult<long>> ResolveTermAsync(string taxonomy, string name, CancellationToken cancellationToken)
    {
        var found = await SendAsync(() => Request(HttpMethod.Get, $"wp/v2/{taxonomy}?search={Uri.EscapeDataString(name)}&per_page=100&context=edit"),
            async (response, ct) =>
            {
                using var document = await ReadJsonAsync(response, ct);
                return document.RootElement.EnumerateArray()
                    .Where(t => string.Equals(UntrustedHtml.ToPlainText(ReadString(t, "name")), name.Trim(), StringComparison.OrdinalIgnoreCase))
                    .Select(t => (long?)t.GetProperty("id").GetInt64()).FirstOrDefault();
            }, cancellationToken);
        if (!found.Succeeded || found.Value is not null)
        {
            return found.Succeeded ? ConnectorResult.Ok(found.Value!.Value) : found.As<long>();
        }

        var created = await SendAsync(() => Request(HttpMethod.Post, $"wp/v2/{taxonomy}", JsonContent.Create(new { name = name.Trim() }, options: Json)),
            async (response, ct) =>
            {
                using var document = await ReadJsonAsync(response, ct);
                return document.RootElement.GetProperty("id").GetInt64();
            }, cancellationToken);
        return created;
    }

    /// <summary>Uploads a file to the media library with its alternative text; returns the attachment id.</summary>
    public Task<ConnectorResult<long>> UploadMediaAsync(MediaAttachment media, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(media);
        var query = string.IsNullOrWhiteSpace(media.AltText) ? "" : $"?alt_text={Uri.EscapeDataString(media.AltText)}";
        return SendAsync(() =>
        {
            var content = new ReadOnlyMemoryContent(media.Content);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(media.ContentType);
            // WordPress reads the file name from Content-Disposition; filename* carries non-ASCII names.
            content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
            {
                FileName = AsciiFileName(media.FileName),
                FileNameStar = media.FileName,
            };
            return Request(HttpMethod.Post, "wp/v2/media" + query, content);
        }, async (response, ct) =>
        {
            using var document = await ReadJsonAsync(response, ct);
            return document.RootElement.GetProperty("id").GetInt64();
        }, cancellationToken);
    }

    /// <summary>One page of comments. <paramref name="status"/> is a listing status ("approve", "hold", "spam",
    /// "trash" or "any"); <paramref name="after"/> keeps comments created strictly after that instant.</summary>
    public Task<ConnectorResult<WordPressCommentPage>> ListCommentsAsync(string status, int page, int perPage, DateTimeOffset? after,
        long? postId, CancellationToken cancellationToken)
    {
        var query = new StringBuilder($"wp/v2/comments?context=edit&status={status}&page={page}&per_page={perPage}&orderby=date_gmt&order=asc");
        if (after is { } since)
        {
            query.Append("&after=").Append(Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)));
        }

        if (postId is { } post)
        {
            query.Append("&post=").Append(post.ToString(CultureInfo.InvariantCulture));
        }

        return SendAsync(() => Request(HttpMethod.Get, query.ToString()), async (response, ct) =>
        {
            using var document = await ReadJsonAsync(response, ct);
            var totalPages = response.Headers.TryGetValues("X-WP-TotalPages", out var values)
                && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pages) ? pages : 1;
            return new WordPressCommentPage([.. document.RootElement.EnumerateArray().Select(ToComment)], totalPages);
        }, cancellationToken);
    }

    public Task<ConnectorResult<WordPressComment>> GetCommentAsync(long id, CancellationToken cancellationToken) =>
        SendAsync(() => Request(HttpMethod.Get, $"wp/v2/comments/{id}?context=edit"), ReadCommentAsync, cancellationToken);

    /// <summary>Sets an update status: "approved", "hold" or "spam".</summary>
    public Task<ConnectorResult<WordPressComment>> SetCommentStatusAsync(long id, string status, CancellationToken cancellationToken) =>
        SendAsync(() => Request(HttpMethod.Post, $"wp/v2/comments/{id}", JsonContent.Create(new { status }, options: Json)), ReadCommentAsync, cancellationToken);

    /// <summary>Moves the comment to the trash, or deletes it for good with <paramref name="force"/>.</summary>
    public Task<ConnectorResult<bool>> DeleteCommentAsync(long id, bool force, CancellationToken cancellationToken) =>
        SendAsync(() => Request(HttpMethod.Delete, $"wp/v2/comments/{id}{(force ? "?force=true" : "")}"), (_, _) => Task.FromResult(true), cancellationToken);

    /// <summary>Posts a comment as the authenticated user.</summary>
    public Task<ConnectorResult<WordPressComment>> CreateCommentAsync(long postId, long parentId, string html, CancellationToken cancellationToken) =>
        SendAsync(() => Request(HttpMethod.Post, "wp/v2/comments", JsonContent.Create(new { post = postId, parent = parentId, content = html }, options: Json)),
            ReadCommentAsync, cancellationToken);

    private HttpRequestMessage Request(HttpMethod method, string route, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(_site, "wp-json/" + route)) { Content = content };
        request.Headers.Authorization = _auth;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        return request;
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
    }

    private static async Task<WordPressPost> ReadPostAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var document = await ReadJsonAsync(response, cancellationToken);
        return ToPost(document.RootElement);
    }

    private static async Task<WordPressComment> ReadCommentAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var document = await ReadJsonAsync(response, cancellationToken);
        return ToComment(document.RootElement);
    }

    private static WordPressPost ToPost(JsonElement post) => new(
        post.GetProperty("id").GetInt64(),
        ReadString(post, "status") ?? "",
        ReadString(post, "slug") ?? "",
        Uri.TryCreate(ReadString(post, "link"), UriKind.Absolute, out var link) ? link : null,
        UntrustedHtml.ToPlainText(Rendered(post, "title")),
        ParseGmt(ReadString(post, "date_gmt")),
        Ids(post, "categories"),
        Ids(post, "tags"),
        post.TryGetProperty("featured_media", out var media) && media.ValueKind == JsonValueKind.Number ? media.GetInt64() : 0);

    private static WordPressComment ToComment(JsonElement comment) => new(
        comment.GetProperty("id").GetInt64(),
        comment.GetProperty("post").GetInt64(),
        comment.TryGetProperty("parent", out var parent) ? parent.GetInt64() : 0,
        comment.TryGetProperty("author", out var author) ? author.GetInt64() : 0,
        UntrustedHtml.ToPlainText(ReadString(comment, "author_name")),
        Uri.TryCreate(ReadString(comment, "author_url"), UriKind.Absolute, out var url) ? url : null,
        Rendered(comment, "content") ?? "",
        comment.TryGetProperty("content", out var content) ? ReadString(content, "raw") : null,
        ParseGmt(ReadString(comment, "date_gmt")) ?? throw new FormatException($"comment {comment.GetProperty("id")} has no date_gmt"),
        ReadString(comment, "status") ?? "",
        Uri.TryCreate(ReadString(comment, "link"), UriKind.Absolute, out var link) ? link : null);

    private static string? Rendered(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? ReadString(value, "rendered") : null;

    private static long[] Ids(JsonElement element, string property) =>
        element.TryGetProperty(property, out var ids) && ids.ValueKind == JsonValueKind.Array
            ? [.. ids.EnumerateArray().Select(i => i.GetInt64())]
            : [];

    // WordPress gives *_gmt fields without a zone designator; they are UTC by definition.
    private static DateTimeOffset? ParseGmt(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;

    private static string AsciiFileName(string name)
    {
        var ascii = new string([.. name.Normalize(NormalizationForm.FormD).Where(c => c < 128 && c != '"' && !char.IsControl(c))]);
        return ascii.Length == 0 ? "upload" : ascii;
    }
}
