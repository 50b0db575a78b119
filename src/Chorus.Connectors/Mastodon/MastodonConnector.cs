using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Chorus.Connectors.Abstractions;
using static Chorus.Connectors.Abstractions.JsonValues;

namespace Chorus.Connectors.Mastodon;

/// <summary>Mastodon for one account: statuses with media, polls, content warnings and threads; mention and
/// reaction notifications; replies; hashtag and keyword search; favourite, boost, mute, block and report.</summary>
public sealed class MastodonConnector :
    IPublisher, IConversationSource, IReplier, IModerationActions, IEngagementActions, ISearchSource
{
    public const string NetworkId = "mastodon";
    public const int MaxMedia = 4;

    public const ConnectorCapabilities SupportedCapabilities =
        ConnectorCapabilities.PublishText | ConnectorCapabilities.PublishImages | ConnectorCapabilities.PublishVideo
        | ConnectorCapabilities.PublishThreads | ConnectorCapabilities.Delete | ConnectorCapabilities.ReadReplies
        | ConnectorCapabilities.ReadMentions | ConnectorCapabilities.ReadReactions | ConnectorCapabilities.Reply
        | ConnectorCapabilities.Block | ConnectorCapabilities.Mute | ConnectorCapabilities.Report | ConnectorCapabilities.MarkSpam
        | ConnectorCapabilities.Favourite | ConnectorCapabilities.Boost | ConnectorCapabilities.Search;

    private static readonly string[] NotificationTypes = ["mention", "favourite", "reblog", "follow"];

    private readonly MastodonClient _client;
    private readonly TimeProvider _time;
    private readonly MastodonOptions _options;
    private string? _accountId;

    public MastodonConnector(MastodonClient client, MastodonCredentials credentials, TimeProvider time, MastodonOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _time = time;
        _options = options;
        _accountId = credentials.AccountId;
    }

    public string Network => NetworkId;

    public ConnectorCapabilities Capabilities => SupportedCapabilities;

    /// <summary>GET /api/v1/accounts/verify_credentials.</summary>
    public async Task<ConnectorResult<ConnectedAccount>> TestAsync(CancellationToken cancellationToken)
    {
        var me = await _client.GetAsync("api/v1/accounts/verify_credentials", null, cancellationToken);
        if (!me.Succeeded)
        {
            return me.As<ConnectedAccount>();
        }

        var author = ToAuthor(me.Value!.Body);
        _accountId = author.RemoteId;
        return ConnectorResult.Ok(new ConnectedAccount(
            author.RemoteId ?? throw new FormatException("verify_credentials answered without an id"),
            string.IsNullOrWhiteSpace(author.DisplayName) ? author.Handle : author.DisplayName,
            $"@{author.Handle}@{_client.Instance.Host}",
            author.Url));
    }

    /// <summary>Sent as the Idempotency-Key header: the instance answers a repeat within an hour with the first status.</summary>
    public string NewIdempotencyKey() => Guid.NewGuid().ToString("N");

    public async Task<ConnectorResult<PublishedPost>> PublishAsync(PostDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (Validate(draft) is { } invalid)
        {
            return ConnectorResult.Permanent(invalid).As<PublishedPost>();
        }

        var form = new List<KeyValuePair<string, string>>
        {
            new("status", draft.Text ?? ""),
            new("visibility", draft.Visibility switch
            {
                PostVisibility.Unlisted => "unlisted",
                PostVisibility.FollowersOnly => "private",
                PostVisibility.Direct => "direct",
                _ => "public",
            }),
        };
        if (!string.IsNullOrWhiteSpace(draft.ContentWarning))
        {
            form.Add(new("spoiler_text", draft.ContentWarning));
            form.Add(new("sensitive", "true"));
        }

        if (!string.IsNullOrWhiteSpace(draft.Language))
        {
            form.Add(new("language", draft.Language));
        }

        if (draft.InReplyToRemoteId is { } parent)
        {
            form.Add(new("in_reply_to_id", parent));
        }

        foreach (var media in draft.Media)
        {
            var uploaded = await UploadMediaAsync(media, cancellationToken);
            if (!uploaded.Succeeded)
            {
                return uploaded.As<PublishedPost>();
            }

            form.Add(new("media_ids[]", uploaded.Value!));
        }

        if (draft.Poll is { } poll)
        {
            form.AddRange(poll.Options.Select(option => new KeyValuePair<string, string>("poll[options][]", option)));
            form.Add(new("poll[expires_in]", ((long)poll.ExpiresIn.TotalSeconds).ToString(CultureInfo.InvariantCulture)));
            form.Add(new("poll[multiple]", poll.Multiple ? "true" : "false"));
            form.Add(new("poll[hide_totals]", poll.HideTotals ? "true" : "false"));
        }

        var status = await _client.PostFormAsync("api/v1/statuses", form, cancellationToken, draft.IdempotencyKey);
        return status.Succeeded ? ConnectorResult.Ok(ToPublished(status.Value!.Body)) : status.As<PublishedPost>();
    }

    /// <summary>Looks through the account's latest statuses for one with the draft's text, reply target and content
    /// warning. (Mastodon keeps no trace of the Idempotency-Key on a status; a repeat publish within an hour with the
    /// same key is answered with the first status by the instance itself.)</summary>
    public async Task<ConnectorResult<PublishedPost?>> FindPublishedAsync(PostDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var accountId = await EnsureAccountIdAsync(cancellationToken);
        if (!accountId.Succeeded)
        {
            return accountId.As<PublishedPost?>();
        }

        var recent = await _client.GetAsync(
            $"api/v1/accounts/{Uri.EscapeDataString(accountId.Value!)}/statuses",
            [new("limit", _options.RecentStatusesToSearch.ToString(CultureInfo.InvariantCulture))],
            cancellationToken);
        if (!recent.Succeeded)
        {
            return recent.As<PublishedPost?>();
        }

        var wanted = Normalise(draft.Text);
        foreach (var status in List(recent.Value!.Body))
        {
            if (Normalise(UntrustedHtml.ToPlainText(Text(status, "content"))) == wanted
                && Text(status, "in_reply_to_id") == draft.InReplyToRemoteId
                && (Text(status, "spoiler_text") ?? "") == (draft.ContentWarning ?? "").Trim())
            {
                return ConnectorResult.Ok<PublishedPost?>(ToPublished(status));
            }
        }

        return ConnectorResult.Ok<PublishedPost?>(null);
    }

    public async Task<ConnectorResult> DeleteAsync(string remoteId, CancellationToken cancellationToken)
    {
        var deleted = await _client.DeleteAsync($"api/v1/statuses/{Uri.EscapeDataString(remoteId)}", cancellationToken);
        // 404: already gone, which is what was asked.
        return deleted.Succeeded || deleted.NetworkErrorCode == MastodonClient.NotFoundCode ? ConnectorResult.Ok() : deleted;
    }

    /// <summary>Answers a status, mentioning its author first (as Mastodon's own apps do) so the author is notified.</summary>
    public async Task<ConnectorResult<PublishedPost>> ReplyAsync(ReplyDraft reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var parent = await _client.GetAsync($"api/v1/statuses/{Uri.EscapeDataString(reply.InReplyToRemoteId)}", null, cancellationToken);
        if (!parent.Succeeded)
        {
            return parent.As<PublishedPost>();
        }

        var text = reply.Text;
        if (parent.Value!.Body.TryGetProperty("account", out var account) && Text(account, "acct") is { } acct
            && Text(account, "id") != _accountId
            && !text.Contains("@" + acct, StringComparison.OrdinalIgnoreCase))
        {
            text = $"@{acct} {text}";
        }

        return await PublishAsync(
            new PostDraft { IdempotencyKey = reply.IdempotencyKey, Text = text, InReplyToRemoteId = reply.InReplyToRemoteId },
            cancellationToken);
    }

    /// <summary>Mentions, favourites, boosts and follows newer than the cursor (a notification id), oldest first.</summary>
    public async Task<ConnectorResult<ConversationPage>> ReadAsync(ConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, 80);
        var parameters = new List<KeyValuePair<string, string?>> { new("limit", limit.ToString(CultureInfo.InvariantCulture)), new("min_id", query.Cursor) };
        parameters.AddRange(NotificationTypes.Select(t => new KeyValuePair<string, string?>("types[]", t)));
        var page = await _client.GetAsync("api/v1/notifications", parameters, cancellationToken);
        if (!page.Succeeded)
        {
            return page.As<ConversationPage>();
        }

        var notifications = List(page.Value!.Body).ToList();
        var items = notifications.Select(ToConversationItem).OfType<ConversationItem>().OrderBy(i => i.CreatedAt).ToList();
        var newestId = notifications.Select(n => Text(n, "id")).OfType<string>().MaxBy(id => id, MastodonIdComparer.Instance);
        var cursor = page.Value.Links.MinId ?? newestId ?? query.Cursor;
        return ConnectorResult.Ok(new ConversationPage(items, cursor, query.Cursor is not null && notifications.Count >= limit));
    }

    /// <summary>A '#tag' reads the hashtag timeline; anything else uses /api/v2/search for statuses.
    /// The cursor pages to older results.</summary>
    public async Task<ConnectorResult<ConversationPage>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = query.Terms?.Trim() ?? "";
        if (terms.Length == 0)
        {
            return ConnectorResult.Permanent("Terms: a search needs at least one word.").As<ConversationPage>();
        }

        var limit = Math.Clamp(query.Limit, 1, 40).ToString(CultureInfo.InvariantCulture);
        var isTag = terms.StartsWith('#') && !terms.Contains(' ', StringComparison.Ordinal);
        var answer = isTag
            ? await _client.GetAsync($"api/v1/timelines/tag/{Uri.EscapeDataString(terms[1..])}", [new("limit", limit), new("max_id", query.Cursor)], cancellationToken)
            : await _client.GetAsync("api/v2/search", [new("q", terms), new("type", "statuses"), new("limit", limit), new("max_id", query.Cursor)], cancellationToken);
        if (!answer.Succeeded)
        {
            return answer.As<ConversationPage>();
        }

        var statuses = isTag ? List(answer.Value!.Body) : List(answer.Value!.Body, "statuses");
        var items = statuses
            .Select(s => ToStatusItem(s, ConversationKind.Post))
            .Where(i => query.Since is null || i.CreatedAt > query.Since)
            .ToList();
        var next = answer.Value.Links.MaxId ?? items.Select(i => i.RemoteId).MinBy(id => id, MastodonIdComparer.Instance);
        return ConnectorResult.Ok(new ConversationPage(items, next, items.Count > 0 && next is not null));
    }

    public bool Supports(ModerationAction action) => action is
        ModerationAction.Block or ModerationAction.Mute or ModerationAction.Report or ModerationAction.Spam or ModerationAction.Delete;

    public async Task<ConnectorResult> ModerateAsync(ModerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Action == ModerationAction.Delete)
        {
            return request.TargetRemoteId is null
                ? ConnectorResult.Permanent("TargetRemoteId: say which status to delete.")
                : await DeleteAsync(request.TargetRemoteId, cancellationToken);
        }

        if (!Supports(request.Action))
        {
            return ConnectorResult.Permanent($"Action: Mastodon has no '{request.Action}' for statuses of other accounts.");
        }

        var author = await AuthorIdAsync(request, cancellationToken);
        if (!author.Succeeded)
        {
            return author;
        }

        var accountPath = $"api/v1/accounts/{Uri.EscapeDataString(author.Value!)}";
        ConnectorResult<MastodonAnswer> done = request.Action switch
        {
            ModerationAction.Mute => await _client.PostFormAsync($"{accountPath}/mute", [], cancellationToken),
            ModerationAction.Block => await _client.PostFormAsync($"{accountPath}/block", [], cancellationToken),
            _ => await _client.PostFormAsync("api/v1/reports", ReportForm(request, author.Value!), cancellationToken),
        };
        return done.Succeeded ? ConnectorResult.Ok() : done;
    }

    public async Task<ConnectorResult> FavouriteAsync(string remoteId, CancellationToken cancellationToken)
    {
        var done = await _client.PostFormAsync($"api/v1/statuses/{Uri.EscapeDataString(remoteId)}/favourite", [], cancellationToken);
        return done.Succeeded ? ConnectorResult.Ok() : done;
    }

    public async Task<ConnectorResult> BoostAsync(string remoteId, CancellationToken cancellationToken)
    {
        var done = await _client.PostFormAsync($"api/v1/statuses/{Uri.EscapeDataString(remoteId)}/reblog", [], cancellationToken);
        return done.Succeeded ? ConnectorResult.Ok() : done;
    }

    private static string? Validate(PostDraft draft)
    {
        if (string.IsNullOrWhiteSpace(draft.IdempotencyKey))
        {
            return "IdempotencyKey: required, so a retry cannot publish twice.";
        }

        if (string.IsNullOrWhiteSpace(draft.Text) && draft.Media.Count == 0)
        {
            return "Text: a Mastodon status needs text or at least one attachment.";
        }

        if (draft.Media.Count > MaxMedia)
        {
            return $"Media: Mastodon allows at most {MaxMedia} attachments per status; this status has {draft.Media.Count}.";
        }

        if (draft.Poll is { } poll)
        {
            if (draft.Media.Count > 0)
            {
                return "Poll: Mastodon does not allow a poll and attachments on the same status.";
            }

            if (poll.Options.Count < 2)
            {
                return $"Poll: a poll needs at least 2 options, it has {poll.Options.Count}.";
            }

            if (poll.ExpiresIn < TimeSpan.FromMinutes(5))
            {
                return "Poll: a poll must stay open at least 5 minutes.";
            }
        }

        for (var i = 0; i < draft.Media.Count; i++)
        {
            var focus = draft.Media[i].Focus;
            if (focus is { } f && (f.X is < -1 or > 1 || f.Y is < -1 or > 1))
            {
                return $"Media[{i}] ({draft.Media[i].FileName}): focus ({f.X}, {f.Y}) must be between -1 and 1 on both axes.";
            }
        }

        return null;
    }

    /// <summary>POST /api/v2/media; a 202 means the instance is still processing the file, so poll GET
    /// /api/v1/media/:id until it answers 200 (206 while processing).</summary>
    private async Task<ConnectorResult<string>> UploadMediaAsync(MediaAttachment media, CancellationToken cancellationToken)
    {
        var uploaded = await _client.PostMultipartAsync(
            "api/v2/media",
            () =>
            {
                var content = new MultipartFormDataContent();
                var file = new ReadOnlyMemoryContent(media.Content);
                file.Headers.ContentType = new MediaTypeHeaderValue(media.ContentType);
                content.Add(file, "file", media.FileName);
                if (!string.IsNullOrWhiteSpace(media.AltText))
                {
                    content.Add(new StringContent(media.AltText), "description");
                }

                if (media.Focus is { } focus)
                {
                    content.Add(new StringContent(string.Create(CultureInfo.InvariantCulture, $"{focus.X:0.##},{focus.Y:0.##}")), "focus");
                }

                return content;
            },
            cancellationToken);
        if (!uploaded.Succeeded)
        {
            return uploaded.As<string>();
        }

        var id = Text(uploaded.Value!.Body, "id") ?? throw new FormatException("the media answer has no id");
        if (uploaded.Value.Status != HttpStatusCode.Accepted)
        {
            return ConnectorResult.Ok(id);
        }

        var deadline = _time.GetUtcNow() + _options.MediaProcessingTimeout;
        while (_time.GetUtcNow() < deadline)
        {
            await Task.Delay(_options.MediaPollInterval, _time, cancellationToken);
            var state = await _client.GetAsync($"api/v1/media/{Uri.EscapeDataString(id)}", null, cancellationToken);
            if (!state.Succeeded)
            {
                return state.As<string>();
            }

            if (state.Value!.Status == HttpStatusCode.OK)
            {
                return ConnectorResult.Ok(id);
            }
        }

        return ConnectorResult.Transient($"{_client.Instance.Host} was still processing {media.FileName} after {_options.MediaProcessingTimeout.TotalSeconds:0} s.").As<string>();
    }

    private async Task<ConnectorResult<string>> AuthorIdAsync(ModerationRequest request, CancellationToken cancellationToken)
    {
        if (request.AuthorRemoteId is { } author)
        {
            return ConnectorResult.Ok(author);
        }

        if (request.TargetRemoteId is null)
        {
            return ConnectorResult.Permanent("AuthorRemoteId: say which account (or which status of theirs) this is about.").As<string>();
        }

        var status = await _client.GetAsync($"api/v1/statuses/{Uri.EscapeDataString(request.TargetRemoteId)}", null, cancellationToken);
        if (!status.Succeeded)
        {
            return status.As<string>();
        }

        return status.Value!.Body.TryGetProperty("account", out var account) && Text(account, "id") is { } id
            ? ConnectorResult.Ok(id)
            : throw new FormatException("the status has no account id");
    }

    private static List<KeyValuePair<string, string>> ReportForm(ModerationRequest request, string accountId)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("account_id", accountId),
            new("category", request.Action == ModerationAction.Spam ? "spam" : "other"),
        };
        if (request.TargetRemoteId is { } status)
        {
            form.Add(new("status_ids[]", status));
        }

        if (!string.IsNullOrWhiteSpace(request.Reason))
        {
            form.Add(new("comment", request.Reason));
        }

        return form;
    }

    private async Task<ConnectorResult<string>> EnsureAccountIdAsync(CancellationToken cancellationToken)
    {
        if (_accountId is { } id)
        {
            return ConnectorResult.Ok(id);
        }

        var me = await TestAsync(cancellationToken);
        return me.Succeeded ? ConnectorResult.Ok(me.Value!.RemoteId) : me.As<string>();
    }

    private ConversationItem? ToConversationItem(JsonElement notification)
    {
        var type = Text(notification, "type");
        var id = Text(notification, "id") ?? throw new FormatException("a notification has no id");
        var author = notification.TryGetProperty("account", out var account) ? ToAuthor(account) : throw new FormatException($"notification {id} has no account");
        var createdAt = Instant(notification, "created_at");
        var status = notification.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        switch (type)
        {
            case "mention" when status.ValueKind == JsonValueKind.Object:
                var addressedToUs = _accountId is not null && Text(status, "in_reply_to_account_id") == _accountId;
                return ToStatusItem(status, addressedToUs ? ConversationKind.Reply : ConversationKind.Mention, author);
            case "favourite" or "reblog":
                return new ConversationItem
                {
                    RemoteId = $"notification:{id}",
                    Kind = type == "favourite" ? ConversationKind.Like : ConversationKind.Repost,
                    Author = author,
                    Text = "",
                    CreatedAt = createdAt,
                    SubjectRemoteId = status.ValueKind == JsonValueKind.Object ? Text(status, "id") : null,
                    Url = author.Url,
                };
            case "follow":
                return new ConversationItem
                {
                    RemoteId = $"notification:{id}",
                    Kind = ConversationKind.Follow,
                    Author = author,
                    Text = "",
                    CreatedAt = createdAt,
                    Url = author.Url,
                };
            default:
                return null;
        }
    }

    private static ConversationItem ToStatusItem(JsonElement status, ConversationKind kind, ConversationAuthor? knownAuthor = null)
    {
        var html = Text(status, "content") ?? "";
        var author = knownAuthor
            ?? (status.TryGetProperty("account", out var account) && account.ValueKind == JsonValueKind.Object
                ? ToAuthor(account)
                : new ConversationAuthor(null, "?", null, null));
        var spoiler = Text(status, "spoiler_text");
        var text = UntrustedHtml.ToPlainText(html);
        return new ConversationItem
        {
            RemoteId = Text(status, "id") ?? throw new FormatException("a status has no id"),
            Kind = kind,
            Author = author,
            Text = string.IsNullOrWhiteSpace(spoiler) ? text : $"[{spoiler}]\n{text}",
            Html = html,
            CreatedAt = Instant(status, "created_at"),
            InReplyTo = Text(status, "in_reply_to_id"),
            Url = Uri.TryCreate(Text(status, "url") ?? Text(status, "uri"), UriKind.Absolute, out var url) ? url : null,
        };
    }

    private static ConversationAuthor ToAuthor(JsonElement account) => new(
        Text(account, "id"),
        Text(account, "acct") ?? Text(account, "username") ?? "?",
        Text(account, "display_name"),
        Uri.TryCreate(Text(account, "url"), UriKind.Absolute, out var url) ? url : null);

    private static PublishedPost ToPublished(JsonElement status) => new(
        Text(status, "id") ?? throw new FormatException("the status answer has no id"),
        Uri.TryCreate(Text(status, "url") ?? Text(status, "uri"), UriKind.Absolute, out var url) ? url : null);

    private static string Normalise(string? text) => string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

}

/// <summary>Orders Mastodon ids: numeric strings of varying length (Snowflake-like), so longer is newer.</summary>
internal sealed class MastodonIdComparer : IComparer<string>
{
    public static readonly MastodonIdComparer Instance = new();

    public int Compare(string? x, string? y) =>
        x is null || y is null ? string.CompareOrdinal(x, y)
        : x.Length != y.Length ? x.Length.CompareTo(y.Length)
        : string.CompareOrdinal(x, y);
}
