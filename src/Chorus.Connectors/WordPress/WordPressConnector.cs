using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.WordPress;

/// <summary>
/// A self-hosted or hosted WordPress site through its REST API, acting as the user of an application
/// password: publishes and schedules posts (with categories, tags and a featured image), reads and
/// moderates comments of every status, and answers them as the site.
/// </summary>
/// <remarks>
/// Exactly-once publishing: every post Chorus creates gets a slug ending in a marker derived from the
/// draft's idempotency key ("-c" + 12 hex characters). <see cref="FindPublishedAsync(WordPressPostDraft, CancellationToken)"/>
/// looks the slug up in every status, so a post whose creation response was lost is found, not re-sent.
/// </remarks>
public sealed class WordPressConnector : IPublisher, IConversationSource, IReplier, IModerationActions
{
    public const string NetworkId = "wordpress";

    private const int MaxSlugTitleLength = 60;
    private static readonly WordPressCommentStatus[] AllStatuses =
        [WordPressCommentStatus.Approved, WordPressCommentStatus.Hold, WordPressCommentStatus.Spam, WordPressCommentStatus.Trash];

    private readonly WordPressClient _client;
    private readonly SsrfGuard _guard;
    private readonly WordPressOptions _options;
    private readonly TimeProvider _time;
    private Task? _siteCheck;

    public WordPressConnector(WordPressClient client, SsrfGuard guard, WordPressOptions options, TimeProvider time)
    {
        _client = client;
        _guard = guard;
        _options = options;
        _time = time;
    }

    public string Network => NetworkId;

    public ConnectorCapabilities Capabilities => SupportedCapabilities;

    public const ConnectorCapabilities SupportedCapabilities =
        ConnectorCapabilities.PublishText | ConnectorCapabilities.PublishImages | ConnectorCapabilities.SchedulePublish
        | ConnectorCapabilities.Update | ConnectorCapabilities.Delete | ConnectorCapabilities.ReadComments
        | ConnectorCapabilities.Reply | ConnectorCapabilities.Hide | ConnectorCapabilities.Approve
        | ConnectorCapabilities.MarkSpam | ConnectorCapabilities.DeleteComment;

    public async Task<ConnectorResult<ConnectedAccount>> TestAsync(CancellationToken cancellationToken)
    {
        if (await CheckSiteAsync(cancellationToken) is { } refused)
        {
            return refused.As<ConnectedAccount>();
        }

        var identity = await _client.GetIdentityAsync(cancellationToken);
        if (!identity.Succeeded)
        {
            return identity.As<ConnectedAccount>();
        }

        var who = identity.Value!;
        return ConnectorResult.Ok(new ConnectedAccount(who.SiteUrl.AbsoluteUri, who.SiteName, who.UserName, who.SiteUrl));
    }

    // ---- Publishing ----------------------------------------------------------------------------

    /// <summary>The slug Chorus gives a post: readable words from the title, then the idempotency marker.</summary>
    public static string SlugFor(WordPressPostDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var words = new StringBuilder();
        foreach (var c in draft.Title.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                words.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && words.Length > 0 && words[^1] != '-')
            {
                words.Append('-');
            }

            if (words.Length >= MaxSlugTitleLength)
            {
                break;
            }
        }

        var title = words.ToString().Trim('-');
        var marker = "c" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(draft.IdempotencyKey)))[..12];
        return title.Length == 0 ? marker : $"{title}-{marker}";
    }

    /// <summary>Creates the post: resolves (or creates) categories and tags, uploads the featured image, then
    /// publishes, or schedules it when <see cref="WordPressPostDraft.PublishAt"/> is in the future.</summary>
    public async Task<ConnectorResult<WordPressPost>> PublishPostAsync(WordPressPostDraft draft, CancellationToken cancellationToken)
    {
        var fields = await PostFieldsAsync(draft, cancellationToken);
        if (!fields.Succeeded)
        {
            return fields.As<WordPressPost>();
        }

        var body = fields.Value!;
        body["slug"] = SlugFor(draft);
        body["status"] = draft.PublishAt is { } at && at > _time.GetUtcNow() ? "future" : "publish";
        return await _client.CreatePostAsync(body, cancellationToken);
    }

    /// <summary>Replaces title, body, terms, image and date of a post Chorus published earlier (the slug, and so
    /// the exactly-once marker, is kept).</summary>
    public async Task<ConnectorResult<WordPressPost>> UpdatePostAsync(long postId, WordPressPostDraft draft, CancellationToken cancellationToken)
    {
        var fields = await PostFieldsAsync(draft, cancellationToken);
        return fields.Succeeded
            ? await _client.UpdatePostAsync(postId, fields.Value!, cancellationToken)
            : fields.As<WordPressPost>();
    }

    /// <summary>Looks for a post an earlier attempt at this draft created (by its slug marker), in any status.</summary>
    public async Task<ConnectorResult<WordPressPost?>> FindPublishedAsync(WordPressPostDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (await CheckSiteAsync(cancellationToken) is { } refused)
        {
            return refused.As<WordPressPost?>();
        }

        var found = await _client.FindPostsBySlugAsync(SlugFor(draft), cancellationToken);
        return found.Succeeded ? ConnectorResult.Ok<WordPressPost?>(found.Value!.Count > 0 ? found.Value[0] : null) : found.As<WordPressPost?>();
    }

    /// <summary>Moves the post to the trash, or deletes it for good with <paramref name="force"/>. Already gone succeeds.</summary>
    public async Task<ConnectorResult> DeletePostAsync(long postId, bool force, CancellationToken cancellationToken)
    {
        if (await CheckSiteAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var deleted = await _client.DeletePostAsync(postId, force, cancellationToken);
        return deleted.Succeeded || IsGone(deleted) ? ConnectorResult.Ok() : deleted;
    }

    public async Task<ConnectorResult<PublishedPost>> PublishAsync(PostDraft draft, CancellationToken cancellationToken)
    {
        var post = await PublishPostAsync(FromGenericDraft(draft), cancellationToken);
        return post.Succeeded ? ConnectorResult.Ok(ToPublished(post.Value!)) : post.As<PublishedPost>();
    }

    public async Task<ConnectorResult<PublishedPost?>> FindPublishedAsync(PostDraft draft, CancellationToken cancellationToken)
    {
        var post = await FindPublishedAsync(FromGenericDraft(draft), cancellationToken);
        return post.Succeeded
            ? ConnectorResult.Ok<PublishedPost?>(post.Value is null ? null : ToPublished(post.Value))
            : post.As<PublishedPost?>();
    }

    /// <summary>Deletes for good (the generic contract has no trash); use <see cref="DeletePostAsync(long, bool, CancellationToken)"/> to trash.</summary>
    public Task<ConnectorResult> DeleteAsync(string remoteId, CancellationToken cancellationToken) =>
        long.TryParse(remoteId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? DeletePostAsync(id, force: true, cancellationToken)
            : Task.FromResult(ConnectorResult.Permanent($"'{remoteId}' is not a WordPress post id."));

    /// <summary>A generic draft becomes a post: the first line of the text is the title unless one is given,
    /// the rest paragraphs (HTML-escaped), the first image the featured image.</summary>
    public static WordPressPostDraft FromGenericDraft(PostDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var text = draft.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var title = draft.Title;
        if (string.IsNullOrWhiteSpace(title))
        {
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            title = newline < 0 ? text : text[..newline];
            text = newline < 0 ? "" : text[(newline + 1)..].Trim();
        }

        return new WordPressPostDraft(draft.IdempotencyKey, title.Trim(), Paragraphs(text))
        {
            FeaturedImage = draft.Media.FirstOrDefault(m => m.ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)),
        };
    }

    /// <summary>Plain text to HTML paragraphs: blank lines separate paragraphs, single newlines become line breaks.
    /// Only the characters HTML needs are escaped, so accents reach WordPress as typed.</summary>
    internal static string Paragraphs(string text) => string.Join("\n", text.Replace("\r\n", "\n", StringComparison.Ordinal)
        .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(p => "<p>" + p.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>"));

    /// <summary>The fields shared by create and update, after the site check, with term ids and the uploaded image.</summary>
    private async Task<ConnectorResult<Dictionary<string, object?>>> PostFieldsAsync(WordPressPostDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (await CheckSiteAsync(cancellationToken) is { } refused)
        {
            return refused.As<Dictionary<string, object?>>();
        }

        var fields = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["title"] = draft.Title,
            ["content"] = draft.Html,
        };
        if (draft.PublishAt is { } when)
        {
            fields["date_gmt"] = when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        }

        if (draft.Excerpt is not null)
        {
            fields["excerpt"] = draft.Excerpt;
        }

        foreach (var (taxonomy, names) in new[] { ("categories", draft.Categories), ("tags", draft.Tags) })
        {
            var ids = new List<long>();
            foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var id = await _client.ResolveTermAsync(taxonomy, name, cancellationToken);
                if (!id.Succeeded)
                {
                    return id.As<Dictionary<string, object?>>();
                }

                ids.Add(id.Value);
            }

            if (ids.Count > 0)
            {
                fields[taxonomy] = ids;
            }
        }

        if (draft.FeaturedImage is { } image)
        {
            // Not idempotent: a retry after a lost upload response leaves an unused file in the media
            // library, never a second post.
            var media = await _client.UploadMediaAsync(image, cancellationToken);
            if (!media.Succeeded)
            {
                return media.As<Dictionary<string, object?>>();
            }

            fields["featured_media"] = media.Value;
        }

        return ConnectorResult.Ok(fields);
    }

    private static PublishedPost ToPublished(WordPressPost post) =>
        new(post.Id.ToString(CultureInfo.InvariantCulture), post.Link);

    // ---- Comments ------------------------------------------------------------------------------

    /// <summary>One page of comments in one status, oldest first, optionally only those created after <paramref name="after"/>.</summary>
    public async Task<ConnectorResult<WordPressCommentPage>> ReadCommentsAsync(WordPressCommentStatus status, int page, DateTimeOffset? after,
        long? postId, CancellationToken cancellationToken)
    {
        if (await CheckSiteAsync(cancellationToken) is { } refused)
        {
            return refused.As<WordPressCommentPage>();
        }

        return await _client.ListCommentsAsync(ListingStatus(status), page, _options.CommentsPageSize, after, postId, cancellationToken);
    }

    /// <summary>New comments of every status (approved, held, spam, trash) since the cursor, oldest first.</summary>
    public async Task<ConnectorResult<ConversationPage>> ReadAsync(ConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (await CheckSiteAsync(cancellationToken) is { } refused)
        {
            return refused.As<ConversationPage>();
        }

        var cursor = CommentCursor.Parse(query.Cursor);
        var perPage = Math.Clamp(query.Limit, 1, 100);
        // WordPress's "after" is strict and has one-second precision: ask from one second earlier and drop the
        // comments the cursor says were already delivered at its last instant.
        var page = await _client.ListCommentsAsync("any", 1, perPage, cursor.After?.AddSeconds(-1), null, cancellationToken);
        if (!page.Succeeded)
        {
            return page.As<ConversationPage>();
        }

        var fresh = page.Value!.Comments.Where(c => !cursor.Covers(c)).ToList();
        var next = cursor.Advance(fresh);
        var items = fresh.Select(ToConversationItem).ToList();
        return ConnectorResult.Ok(new ConversationPage(items, next.ToString(), page.Value.TotalPages > 1 && fresh.Count > 0));
    }

    public static ConversationItem ToConversationItem(WordPressComment comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return new ConversationItem
        {
            RemoteId = comment.Id.ToString(CultureInfo.InvariantCulture),
            Kind = comment.ParentId == 0 ? ConversationKind.Comment : ConversationKind.Reply,
            Author = new ConversationAuthor(
                comment.AuthorId == 0 ? null : comment.AuthorId.ToString(CultureInfo.InvariantCulture),
                comment.AuthorName, comment.AuthorName, comment.AuthorUrl),
            Text = UntrustedHtml.ToPlainText(comment.Html),
            Html = comment.Html,
            CreatedAt = comment.DateGmt,
            InReplyTo = comment.ParentId == 0 ? null : comment.ParentId.ToString(CultureInfo.InvariantCulture),
            SubjectRemoteId = comment.PostId.ToString(CultureInfo.InvariantCulture),
            Url = comment.Link,
            Status = comment.Status,
        };
    }

    /// <summary>Answers a comment as the site's user, on the same post. A retry of an answer that did arrive is
    /// recognised by WordPress's duplicate-comment check and returns the existing answer.</summary>
    public async Task<ConnectorResult<PublishedPost>> ReplyAsync(ReplyDraft reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (await CheckSiteAsync(cancellationToken) is { } refused)
        {
            return refused.As<PublishedPost>();
        }

        if (!long.TryParse(reply.InReplyToRemoteId, NumberStyles.None, CultureInfo.InvariantCulture, out var parentId))
        {
            return ConnectorResult.Permanent($"InReplyToRemoteId: '{reply.InReplyToRemoteId}' is not a WordPress comment id.").As<PublishedPost>();
        }

        var parent = await _client.GetCommentAsync(parentId, cancellationToken);
        if (!parent.Succeeded)
        {
            return parent.As<PublishedPost>();
        }

        var html = Paragraphs(reply.Text);
        var created = await _client.CreateCommentAsync(parent.Value!.PostId, parentId, html, cancellationToken);
        if (created.Succeeded)
        {
            return ConnectorResult.Ok(ToPublished(created.Value!));
        }

        if (created.NetworkErrorCode == "comment_duplicate")
        {
            var existing = await FindOwnReplyAsync(parent.Value, html, cancellationToken);
            if (existing is not null)
            {
                return ConnectorResult.Ok(ToPublished(existing));
            }
        }

        return created.As<PublishedPost>();
    }

    private async Task<WordPressComment?> FindOwnReplyAsync(WordPressComment parent, string html, CancellationToken cancellationToken)
    {
        var expected = UntrustedHtml.ToPlainText(html);
        for (var page = 1; page <= 10; page++)
        {
            var replies = await _client.ListCommentsAsync("any", page, 100, parent.DateGmt.AddSeconds(-1), parent.PostId, cancellationToken);
            if (!replies.Succeeded)
            {
                return null;
            }

            var match = replies.Value!.Comments.FirstOrDefault(c => c.ParentId == parent.Id && c.AuthorId != 0
                && string.Equals(UntrustedHtml.ToPlainText(c.Raw ?? c.Html), expected, StringComparison.Ordinal));
            if (match is not null || page >= replies.Value.TotalPages)
            {
                return match;
            }
        }

        return null;
    }

    private static PublishedPost ToPublished(WordPressComment comment) =>
        new(comment.Id.ToString(CultureInfo.InvariantCulture), comment.Link);

    // ---- Moderation ----------------------------------------------------------------------------

    public bool Supports(ModerationAction action) => action is ModerationAction.Approve or ModerationAction.Hold
        or ModerationAction.Spam or ModerationAction.Trash or ModerationAction.Delete or ModerationAction.Hide or ModerationAction.Unhide;

    /// <summary>Approve/Unhide → approved, Hold/Hide → hold (held comments are not shown), Spam → spam,
    /// Trash → trash, Delete → deleted for good. Acting on a comment that no longer exists fails Permanent
    /// except for Delete, which then succeeds.</summary>
    public async Task<ConnectorResult> ModerateAsync(ModerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Supports(request.Action))
        {
            return ConnectorResult.Permanent($"WordPress cannot {request.Action.ToString().ToLowerInvariant()} a comment.");
        }

        if (!long.TryParse(request.TargetRemoteId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return ConnectorResult.Permanent($"TargetRemoteId: '{request.TargetRemoteId}' is not a WordPress comment id.");
        }

        if (await CheckSiteAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        ConnectorResult result = request.Action switch
        {
            ModerationAction.Approve or ModerationAction.Unhide => await _client.SetCommentStatusAsync(id, "approved", cancellationToken),
            ModerationAction.Hold or ModerationAction.Hide => await _client.SetCommentStatusAsync(id, "hold", cancellationToken),
            ModerationAction.Spam => await _client.SetCommentStatusAsync(id, "spam", cancellationToken),
            ModerationAction.Trash => await _client.DeleteCommentAsync(id, force: false, cancellationToken),
            _ => await _client.DeleteCommentAsync(id, force: true, cancellationToken),
        };
        if (result.Succeeded || (request.Action == ModerationAction.Delete && IsGone(result)))
        {
            return ConnectorResult.Ok();
        }

        return result;
    }

    // ---- Shared --------------------------------------------------------------------------------

    private static string ListingStatus(WordPressCommentStatus status) => status switch
    {
        WordPressCommentStatus.Approved => "approve",
        WordPressCommentStatus.Hold => "hold",
        WordPressCommentStatus.Spam => "spam",
        _ => "trash",
    };

    /// <summary>The statuses <see cref="ReadCommentsAsync"/> can list.</summary>
    public static IReadOnlyList<WordPressCommentStatus> CommentStatuses => AllStatuses;

    // WordPress answers 404 with rest_post_invalid_id / rest_comment_invalid_id for ids that no longer exist,
    // and 410 rest_already_trashed when trashing twice.
    private static bool IsGone(ConnectorResult result) =>
        result.Outcome == ConnectorOutcome.Permanent
        && result.NetworkErrorCode is "rest_post_invalid_id" or "rest_comment_invalid_id" or "rest_already_trashed";

    /// <summary>Checks the site URL with the SSRF guard once per connector (the handler re-checks every connection).</summary>
    private async Task<ConnectorResult?> CheckSiteAsync(CancellationToken cancellationToken)
    {
        _siteCheck ??= _guard.CheckUrlAsync("SiteUrl", _client.SiteUrl.AbsoluteUri, cancellationToken);
        try
        {
            await _siteCheck;
            return null;
        }
        catch (SsrfRejectedException rejected)
        {
            return ConnectorResult.Permanent(rejected.Message);
        }
        catch (OperationCanceledException)
        {
            _siteCheck = null;
            throw;
        }
    }

    /// <summary>Opaque position in the comment stream: the newest creation time delivered and the ids delivered at it.</summary>
    private sealed record CommentCursor(DateTimeOffset? After, IReadOnlyList<long> IdsAtAfter)
    {
        public static CommentCursor Parse(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return new CommentCursor(null, []);
            }

            try
            {
                using var document = JsonDocument.Parse(Convert.FromBase64String(text));
                var root = document.RootElement;
                return new CommentCursor(root.GetProperty("after").GetDateTimeOffset(), [.. root.GetProperty("ids").EnumerateArray().Select(i => i.GetInt64())]);
            }
            catch (Exception error) when (error is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new ArgumentException($"Cursor: '{text}' is not a cursor returned by the WordPress connector.", nameof(text), error);
            }
        }

        public bool Covers(WordPressComment comment) =>
            After is { } after && (comment.DateGmt < after || (comment.DateGmt == after && IdsAtAfter.Contains(comment.Id)));

        public CommentCursor Advance(IReadOnlyList<WordPressComment> delivered)
        {
            if (delivered.Count == 0)
            {
                return this;
            }

            var newest = delivered.Max(c => c.DateGmt);
            var ids = delivered.Where(c => c.DateGmt == newest).Select(c => c.Id);
            return new CommentCursor(newest, newest == After ? [.. IdsAtAfter, .. ids] : [.. ids]);
        }

        public override string? ToString() => After is null
            ? null
            : Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { after = After, ids = IdsAtAfter }));
    }
}
