using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chorus.Connectors.Abstractions;
using static Chorus.Connectors.Abstractions.JsonValues;

namespace Chorus.Connectors.Bluesky;

/// <summary>Bluesky (AT Protocol) for one account: posts with facets, images and threads; notifications;
/// replies; search; like, repost, mute, block and report.</summary>
public sealed class BlueskyConnector :
    IPublisher, IConversationSource, IReplier, IModerationActions, IEngagementActions, ISearchSource
{
    public const string NetworkId = "bluesky";
    public const int MaxImages = 4;
    public const int MaxImageBytes = 1_000_000;
    public const int MaxGraphemes = 300;

    /// <summary>The lexicon's maxLength of a post's text, in UTF-8 bytes.</summary>
    public const int MaxTextBytes = 3000;

    public const ConnectorCapabilities SupportedCapabilities =
        ConnectorCapabilities.PublishText | ConnectorCapabilities.PublishImages | ConnectorCapabilities.PublishThreads
        | ConnectorCapabilities.Delete | ConnectorCapabilities.ReadReplies | ConnectorCapabilities.ReadMentions
        | ConnectorCapabilities.ReadReactions | ConnectorCapabilities.Reply | ConnectorCapabilities.Block
        | ConnectorCapabilities.Mute | ConnectorCapabilities.Report | ConnectorCapabilities.MarkSpam
        | ConnectorCapabilities.Favourite | ConnectorCapabilities.Boost | ConnectorCapabilities.Search;

    private const string PostCollection = "app.bsky.feed.post";
    internal static readonly string[] ImageTypes = ["image/jpeg", "image/png", "image/webp", "image/gif"];

    private readonly BlueskyClient _client;
    private readonly TimeProvider _time;
    private readonly BlueskyOptions _options;

    public BlueskyConnector(BlueskyClient client, TimeProvider time, BlueskyOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _time = time;
        _options = options;
    }

    public string Network => NetworkId;

    public ConnectorCapabilities Capabilities => SupportedCapabilities;

    public BlueskyClient Client => _client;

    /// <summary>Opens a session with the app password, then reads the profile.</summary>
    public async Task<ConnectorResult<ConnectedAccount>> TestAsync(CancellationToken cancellationToken)
    {
        var session = await _client.CreateSessionAsync(cancellationToken);
        if (!session.Succeeded)
        {
            return session.As<ConnectedAccount>();
        }

        var profile = await _client.QueryAsync("app.bsky.actor.getProfile", [new("actor", _client.Did)], cancellationToken);
        if (!profile.Succeeded)
        {
            return profile.As<ConnectedAccount>();
        }

        var handle = Text(profile.Value, "handle") ?? _client.Credentials.Identifier;
        var displayName = Text(profile.Value, "displayName");
        return ConnectorResult.Ok(new ConnectedAccount(
            _client.Did!,
            string.IsNullOrWhiteSpace(displayName) ? handle : displayName,
            handle,
            new Uri($"https://bsky.app/profile/{handle}")));
    }

    /// <summary>A TID: Bluesky post record keys must be TIDs.</summary>
    public string NewIdempotencyKey() => RecordKey.NewTid(_time);

    public async Task<ConnectorResult<PublishedPost>> PublishAsync(PostDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (Validate(draft) is { } invalid)
        {
            return ConnectorResult.Permanent(invalid).As<PublishedPost>();
        }

        var did = await EnsureDidAsync(cancellationToken);
        if (!did.Succeeded)
        {
            return did.As<PublishedPost>();
        }

        var record = await BuildPostRecordAsync(draft, cancellationToken);
        if (!record.Succeeded)
        {
            return record.As<PublishedPost>();
        }

        var created = await _client.ProcedureAsync(
            "com.atproto.repo.createRecord",
            new JsonObject
            {
                ["repo"] = did.Value,
                ["collection"] = PostCollection,
                ["rkey"] = draft.IdempotencyKey,
                ["record"] = record.Value,
            },
            cancellationToken);
        if (created.Succeeded)
        {
            var uri = Text(created.Value, "uri") ?? new AtUri(did.Value!, PostCollection, draft.IdempotencyKey).ToString();
            return ConnectorResult.Ok(ToPublished(uri));
        }

        if (created.IsAuthFailure)
        {
            return created.As<PublishedPost>();
        }

        // The record key is ours: if a record holds it, this attempt (answer lost) or an earlier one published it.
        // The server refuses a second record with the same key, so there is never a duplicate.
        var existing = await FindPublishedAsync(draft, cancellationToken);
        return existing is { Succeeded: true, Value: { } post } ? ConnectorResult.Ok(post) : created.As<PublishedPost>();
    }

    public async Task<ConnectorResult<PublishedPost?>> FindPublishedAsync(PostDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (!RecordKey.IsTid(draft.IdempotencyKey))
        {
            return ConnectorResult.Permanent(InvalidKeyMessage(draft.IdempotencyKey)).As<PublishedPost?>();
        }

        var did = await EnsureDidAsync(cancellationToken);
        if (!did.Succeeded)
        {
            return did.As<PublishedPost?>();
        }

        var found = await _client.QueryAsync(
            "com.atproto.repo.getRecord",
            [new("repo", did.Value), new("collection", PostCollection), new("rkey", draft.IdempotencyKey)],
            cancellationToken);
        if (found.NetworkErrorCode == "RecordNotFound")
        {
            return ConnectorResult.Ok<PublishedPost?>(null);
        }

        return found.Succeeded
            ? ConnectorResult.Ok<PublishedPost?>(ToPublished(Text(found.Value, "uri") ?? new AtUri(did.Value!, PostCollection, draft.IdempotencyKey).ToString()))
            : found.As<PublishedPost?>();
    }

    public async Task<ConnectorResult> DeleteAsync(string remoteId, CancellationToken cancellationToken)
    {
        if (!AtUri.TryParse(remoteId, out var uri))
        {
            return ConnectorResult.Permanent($"remoteId: '{remoteId}' is not an at:// record address.");
        }

        var did = await EnsureDidAsync(cancellationToken);
        if (!did.Succeeded)
        {
            return did;
        }

        if (uri.Repo != did.Value)
        {
            return ConnectorResult.Permanent($"remoteId: {remoteId} belongs to another account; Bluesky only lets an account delete its own records.");
        }

        var deleted = await _client.ProcedureAsync(
            "com.atproto.repo.deleteRecord",
            new JsonObject { ["repo"] = uri.Repo, ["collection"] = uri.Collection, ["rkey"] = uri.RecordKey },
            cancellationToken);
        return deleted.Succeeded ? ConnectorResult.Ok() : deleted;
    }

    public async Task<ConnectorResult<PublishedPost>> ReplyAsync(ReplyDraft reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return await PublishAsync(
            new PostDraft { IdempotencyKey = reply.IdempotencyKey, Text = reply.Text, InReplyToRemoteId = reply.InReplyToRemoteId },
            cancellationToken);
    }

    /// <summary>Notifications (replies, mentions, quotes, likes, reposts, follows) newer than the cursor.</summary>
    public async Task<ConnectorResult<ConversationPage>> ReadAsync(ConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        NotificationCursor? since;
        try
        {
            since = NotificationCursor.Parse(query.Cursor);
        }
        catch (FormatException ex)
        {
            return ConnectorResult.Permanent($"Cursor: {ex.Message}").As<ConversationPage>();
        }

        var limit = Math.Clamp(query.Limit, 1, 100);
        var fresh = new List<(DateTimeOffset IndexedAt, string Uri, JsonElement Notification)>();
        string? pageCursor = null;
        for (var page = 0; page < Math.Max(1, _options.MaxNotificationPages); page++)
        {
            var result = await _client.QueryAsync(
                "app.bsky.notification.listNotifications",
                [new("limit", limit.ToString(CultureInfo.InvariantCulture)), new("cursor", pageCursor)],
                cancellationToken);
            if (!result.Succeeded)
            {
                return result.As<ConversationPage>();
            }

            var reachedSeen = false;
            foreach (var notification in List(result.Value, "notifications"))
            {
                var uri = Text(notification, "uri") ?? throw new FormatException("a notification has no uri");
                var indexedAt = Instant(notification, "indexedAt");
                if (since is not null && !since.IsNewer(indexedAt, uri))
                {
                    // Equal timestamps may still hold unseen items; anything strictly older was seen.
                    reachedSeen |= indexedAt < since.At;
                    continue;
                }

                fresh.Add((indexedAt, uri, notification));
            }

            pageCursor = Text(result.Value, "cursor");
            if (since is null || reachedSeen || pageCursor is null)
            {
                break;
            }
        }

        if (fresh.Count == 0)
        {
            return ConnectorResult.Ok(new ConversationPage([], query.Cursor, false));
        }

        var ordered = fresh.OrderBy(f => f.IndexedAt).ThenBy(f => f.Uri, StringComparer.Ordinal).ToList();
        var taken = ordered.Take(limit).ToList();
        var items = taken.Select(t => ToConversationItem(t.Notification)).OfType<ConversationItem>().ToList();
        var newest = taken[^1].IndexedAt;
        var seenAtNewest = taken.Where(t => t.IndexedAt == newest).Select(t => t.Uri);
        if (since is not null && since.At == newest)
        {
            seenAtNewest = seenAtNewest.Concat(since.Seen);
        }

        var cursor = new NotificationCursor(newest, [.. seenAtNewest]).ToString();
        return ConnectorResult.Ok(new ConversationPage(items, cursor, ordered.Count > taken.Count));
    }

    /// <summary>app.bsky.feed.searchPosts; <see cref="SearchQuery.Terms"/> uses Bluesky's search syntax.</summary>
    public async Task<ConnectorResult<ConversationPage>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query.Terms))
        {
            return ConnectorResult.Permanent("Terms: a search needs at least one word.").As<ConversationPage>();
        }

        var result = await _client.QueryAsync(
            "app.bsky.feed.searchPosts",
            [
                new("q", query.Terms),
                new("limit", Math.Clamp(query.Limit, 1, 100).ToString(CultureInfo.InvariantCulture)),
                new("cursor", query.Cursor),
                new("since", query.Since?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
            ],
            cancellationToken);
        if (!result.Succeeded)
        {
            return result.As<ConversationPage>();
        }

        var items = List(result.Value, "posts").Select(post => ToPostItem(post, ConversationKind.Post)).ToList();
        var next = Text(result.Value, "cursor");
        return ConnectorResult.Ok(new ConversationPage(items, next, next is not null && items.Count > 0));
    }

    public bool Supports(ModerationAction action) => action is
        ModerationAction.Block or ModerationAction.Mute or ModerationAction.Report or ModerationAction.Spam or ModerationAction.Delete;

    public async Task<ConnectorResult> ModerateAsync(ModerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (request.Action)
        {
            case ModerationAction.Mute:
            {
                var actor = request.AuthorRemoteId ?? AuthorOf(request.TargetRemoteId);
                if (actor is null)
                {
                    return ConnectorResult.Permanent("AuthorRemoteId: muting needs the author's DID or handle.");
                }

                var muted = await _client.ProcedureAsync("app.bsky.graph.muteActor", new JsonObject { ["actor"] = actor }, cancellationToken);
                return muted.Succeeded ? ConnectorResult.Ok() : muted;
            }

            case ModerationAction.Block:
            {
                var actor = request.AuthorRemoteId ?? AuthorOf(request.TargetRemoteId);
                if (actor is null)
                {
                    return ConnectorResult.Permanent("AuthorRemoteId: blocking needs the author's DID or handle.");
                }

                var subject = await ResolveDidAsync(actor, cancellationToken);
                return subject.Succeeded ? await CreateOwnRecordAsync("app.bsky.graph.block", new JsonObject { ["subject"] = subject.Value }, cancellationToken) : subject;
            }

            case ModerationAction.Report or ModerationAction.Spam:
                return await ReportAsync(request, cancellationToken);

            case ModerationAction.Delete:
                return request.TargetRemoteId is null
                    ? ConnectorResult.Permanent("TargetRemoteId: say which record to delete.")
                    : await DeleteAsync(request.TargetRemoteId, cancellationToken);

            default:
                return ConnectorResult.Permanent($"Action: Bluesky has no '{request.Action}' for posts of other accounts.");
        }
    }

    public Task<ConnectorResult> FavouriteAsync(string remoteId, CancellationToken cancellationToken) =>
        CreateSubjectRecordAsync("app.bsky.feed.like", remoteId, cancellationToken);

    public Task<ConnectorResult> BoostAsync(string remoteId, CancellationToken cancellationToken) =>
        CreateSubjectRecordAsync("app.bsky.feed.repost", remoteId, cancellationToken);

    private static string? Validate(PostDraft draft)
    {
        if (!RecordKey.IsTid(draft.IdempotencyKey))
        {
            return InvalidKeyMessage(draft.IdempotencyKey);
        }

        if (string.IsNullOrWhiteSpace(draft.Text) && draft.Media.Count == 0)
        {
            return "Text: a Bluesky post needs text or at least one image.";
        }

        var graphemes = BlueskyRichText.GraphemeCount(draft.Text ?? "");
        if (graphemes > MaxGraphemes)
        {
            return $"Text: {graphemes} characters; Bluesky allows at most {MaxGraphemes} per post.";
        }

        var bytes = Encoding.UTF8.GetByteCount(draft.Text ?? "");
        if (bytes > MaxTextBytes)
        {
            return $"Text: {bytes} bytes in UTF-8; Bluesky allows at most {MaxTextBytes} per post.";
        }

        if (draft.Media.Count > MaxImages)
        {
            return $"Media: Bluesky allows at most {MaxImages} images per post; this post has {draft.Media.Count}.";
        }

        for (var i = 0; i < draft.Media.Count; i++)
        {
            var media = draft.Media[i];
            if (!ImageTypes.Contains(media.ContentType, StringComparer.OrdinalIgnoreCase))
            {
                return $"Media[{i}] ({media.FileName}): Bluesky posts here accept images ({string.Join(", ", ImageTypes)}), not {media.ContentType}.";
            }

            if (media.Content.Length > MaxImageBytes)
            {
                return $"Media[{i}] ({media.FileName}): {media.Content.Length:N0} bytes; Bluesky accepts images up to {MaxImageBytes:N0} bytes.";
            }
        }

        if (draft.Poll is not null)
        {
            return "Poll: Bluesky has no polls.";
        }

        if (draft.Visibility != PostVisibility.Public)
        {
            return $"Visibility: Bluesky posts are always public; '{draft.Visibility}' cannot be honoured.";
        }

        if (!string.IsNullOrWhiteSpace(draft.ContentWarning))
        {
            return "ContentWarning: Bluesky has no free-text content warnings; remove it or publish without it on this channel.";
        }

        if (draft.InReplyToRemoteId is { } parent && !AtUri.TryParse(parent, out _))
        {
            return $"InReplyToRemoteId: '{parent}' is not an at:// post address.";
        }

        return null;
    }

    private static string InvalidKeyMessage(string key) =>
        $"IdempotencyKey: '{key}' is not a TID; Bluesky record keys must be TIDs (use NewIdempotencyKey()).";

    private async Task<ConnectorResult<JsonObject>> BuildPostRecordAsync(PostDraft draft, CancellationToken cancellationToken)
    {
        var record = new JsonObject
        {
            ["$type"] = PostCollection,
            ["text"] = draft.Text ?? "",
            ["createdAt"] = Timestamp(_time.GetUtcNow()),
        };
        if (!string.IsNullOrWhiteSpace(draft.Language))
        {
            record["langs"] = new JsonArray(draft.Language);
        }

        var facets = await BuildFacetsAsync(draft.Text ?? "", cancellationToken);
        if (!facets.Succeeded)
        {
            return facets.As<JsonObject>();
        }

        if (facets.Value!.Count > 0)
        {
            record["facets"] = facets.Value;
        }

        if (draft.Media.Count > 0)
        {
            var images = new JsonArray();
            foreach (var media in draft.Media)
            {
                var blob = await _client.UploadBlobAsync(media.Content, media.ContentType, cancellationToken);
                if (!blob.Succeeded)
                {
                    return blob.As<JsonObject>();
                }

                var reference = blob.Value.TryGetProperty("blob", out var b) ? b : throw new FormatException("uploadBlob answered without 'blob'");
                images.Add(new JsonObject { ["image"] = JsonNode.Parse(reference.GetRawText()), ["alt"] = media.AltText ?? "" });
            }

            record["embed"] = new JsonObject { ["$type"] = "app.bsky.embed.images", ["images"] = images };
        }

        if (draft.InReplyToRemoteId is { } parentUri)
        {
            var parent = await GetPostAsync(parentUri, cancellationToken);
            if (!parent.Succeeded)
            {
                return parent.As<JsonObject>();
            }

            var (uri, cid, value) = parent.Value;
            var parentRef = new JsonObject { ["uri"] = uri, ["cid"] = cid };
            var rootRef = value.TryGetProperty("reply", out var reply) && reply.TryGetProperty("root", out var root)
                ? JsonNode.Parse(root.GetRawText())!
                : parentRef.DeepClone();
            record["reply"] = new JsonObject { ["root"] = rootRef, ["parent"] = parentRef };
        }

        return ConnectorResult.Ok(record);
    }

    private async Task<ConnectorResult<JsonArray>> BuildFacetsAsync(string text, CancellationToken cancellationToken)
    {
        var facets = new JsonArray();
        foreach (var span in BlueskyRichText.Detect(text))
        {
            JsonObject feature;
            switch (span.Kind)
            {
                case RichTextKind.Link:
                    feature = new JsonObject { ["$type"] = "app.bsky.richtext.facet#link", ["uri"] = span.Value };
                    break;
                case RichTextKind.Tag:
                    feature = new JsonObject { ["$type"] = "app.bsky.richtext.facet#tag", ["tag"] = span.Value };
                    break;
                default:
                    var resolved = await _client.QueryAsync("com.atproto.identity.resolveHandle", [new("handle", span.Value)], cancellationToken);
                    if (!resolved.Succeeded && resolved.Outcome != ConnectorOutcome.Permanent)
                    {
                        return resolved.As<JsonArray>();
                    }

                    // A handle nobody has stays plain text, as in the Bluesky app.
                    if (!resolved.Succeeded || Text(resolved.Value, "did") is not { } mentionedDid)
                    {
                        continue;
                    }

                    feature = new JsonObject { ["$type"] = "app.bsky.richtext.facet#mention", ["did"] = mentionedDid };
                    break;
            }

            facets.Add(new JsonObject
            {
                ["index"] = new JsonObject { ["byteStart"] = span.ByteStart, ["byteEnd"] = span.ByteEnd },
                ["features"] = new JsonArray(feature),
            });
        }

        return ConnectorResult.Ok(facets);
    }

    /// <summary>uri, cid and record value of a post: from our own repository when it is ours (no indexing delay,
    /// which matters for the next post of a thread), otherwise from the AppView.</summary>
    private async Task<ConnectorResult<(string Uri, string Cid, JsonElement Value)>> GetPostAsync(string remoteId, CancellationToken cancellationToken)
    {
        if (!AtUri.TryParse(remoteId, out var uri))
        {
            return ConnectorResult.Permanent($"'{remoteId}' is not an at:// post address.").As<(string, string, JsonElement)>();
        }

        var did = await EnsureDidAsync(cancellationToken);
        if (!did.Succeeded)
        {
            return did.As<(string, string, JsonElement)>();
        }

        if (uri.Repo == did.Value)
        {
            var own = await _client.QueryAsync(
                "com.atproto.repo.getRecord",
                [new("repo", uri.Repo), new("collection", uri.Collection), new("rkey", uri.RecordKey)],
                cancellationToken);
            if (!own.Succeeded)
            {
                return own.As<(string, string, JsonElement)>();
            }

            return ConnectorResult.Ok((
                Text(own.Value, "uri") ?? remoteId,
                Text(own.Value, "cid") ?? throw new FormatException("getRecord answered without 'cid'"),
                own.Value.GetProperty("value")));
        }

        var posts = await _client.QueryAsync("app.bsky.feed.getPosts", [new("uris", remoteId)], cancellationToken);
        if (!posts.Succeeded)
        {
            return posts.As<(string, string, JsonElement)>();
        }

        var post = List(posts.Value, "posts").FirstOrDefault();
        if (post.ValueKind != JsonValueKind.Object)
        {
            return ConnectorResult.Permanent($"Bluesky has no post {remoteId} (deleted, or hidden from this account).").As<(string, string, JsonElement)>();
        }

        return ConnectorResult.Ok((
            Text(post, "uri") ?? remoteId,
            Text(post, "cid") ?? throw new FormatException("getPosts answered a post without 'cid'"),
            post.GetProperty("record")));
    }

    private async Task<ConnectorResult> CreateSubjectRecordAsync(string collection, string remoteId, CancellationToken cancellationToken)
    {
        var post = await GetPostAsync(remoteId, cancellationToken);
        if (!post.Succeeded)
        {
            return post;
        }

        return await CreateOwnRecordAsync(
            collection,
            new JsonObject { ["subject"] = new JsonObject { ["uri"] = post.Value.Uri, ["cid"] = post.Value.Cid } },
            cancellationToken);
    }

    private async Task<ConnectorResult> CreateOwnRecordAsync(string collection, JsonObject record, CancellationToken cancellationToken)
    {
        var did = await EnsureDidAsync(cancellationToken);
        if (!did.Succeeded)
        {
            return did;
        }

        record["$type"] = collection;
        record["createdAt"] = Timestamp(_time.GetUtcNow());
        var created = await _client.ProcedureAsync(
            "com.atproto.repo.createRecord",
            new JsonObject { ["repo"] = did.Value, ["collection"] = collection, ["record"] = record },
            cancellationToken);
        return created.Succeeded ? ConnectorResult.Ok() : created;
    }

    private async Task<ConnectorResult> ReportAsync(ModerationRequest request, CancellationToken cancellationToken)
    {
        JsonObject subject;
        if (request.TargetRemoteId is { } target)
        {
            var post = await GetPostAsync(target, cancellationToken);
            if (!post.Succeeded)
            {
                return post;
            }

            subject = new JsonObject { ["$type"] = "com.atproto.repo.strongRef", ["uri"] = post.Value.Uri, ["cid"] = post.Value.Cid };
        }
        else if (request.AuthorRemoteId is { } author)
        {
            var did = await ResolveDidAsync(author, cancellationToken);
            if (!did.Succeeded)
            {
                return did;
            }

            subject = new JsonObject { ["$type"] = "com.atproto.admin.defs#repoRef", ["did"] = did.Value };
        }
        else
        {
            return ConnectorResult.Permanent("TargetRemoteId: a report needs the post or the author it is about.");
        }

        var input = new JsonObject
        {
            ["reasonType"] = request.Action == ModerationAction.Spam ? "com.atproto.moderation.defs#reasonSpam" : "com.atproto.moderation.defs#reasonOther",
            ["subject"] = subject,
        };
        if (!string.IsNullOrWhiteSpace(request.Reason))
        {
            input["reason"] = request.Reason;
        }

        var reported = await _client.ProcedureAsync("com.atproto.moderation.createReport", input, cancellationToken);
        return reported.Succeeded ? ConnectorResult.Ok() : reported;
    }

    private async Task<ConnectorResult<string>> ResolveDidAsync(string actor, CancellationToken cancellationToken)
    {
        if (actor.StartsWith("did:", StringComparison.Ordinal))
        {
            return ConnectorResult.Ok(actor);
        }

        var resolved = await _client.QueryAsync("com.atproto.identity.resolveHandle", [new("handle", actor.TrimStart('@'))], cancellationToken);
        return resolved.Succeeded
            ? ConnectorResult.Ok(Text(resolved.Value, "did") ?? throw new FormatException("resolveHandle answered without 'did'"))
            : resolved.As<string>();
    }

    private async Task<ConnectorResult<string>> EnsureDidAsync(CancellationToken cancellationToken)
    {
        if (_client.Did is { } did)
        {
            return ConnectorResult.Ok(did);
        }

        var session = await _client.CreateSessionAsync(cancellationToken);
        return session.Succeeded ? ConnectorResult.Ok(_client.Did!) : session.As<string>();
    }

    private static string? AuthorOf(string? remoteId) => AtUri.TryParse(remoteId, out var uri) ? uri.Repo : null;

    private PublishedPost ToPublished(string uri) =>
        new(uri, AtUri.TryParse(uri, out var at) ? at.WebUrl() : null);

    private static ConversationItem? ToConversationItem(JsonElement notification)
    {
        var kind = Text(notification, "reason") switch
        {
            "reply" => ConversationKind.Reply,
            "mention" => ConversationKind.Mention,
            "quote" => ConversationKind.Quote,
            "like" => ConversationKind.Like,
            "repost" => ConversationKind.Repost,
            "follow" => ConversationKind.Follow,
            _ => (ConversationKind?)null,
        };
        if (kind is null)
        {
            return null;
        }

        var uri = Text(notification, "uri")!;
        var author = ToAuthor(notification.GetProperty("author"));
        var record = notification.TryGetProperty("record", out var r) ? r : default;
        var isPost = kind is ConversationKind.Reply or ConversationKind.Mention or ConversationKind.Quote;
        return new ConversationItem
        {
            RemoteId = uri,
            Kind = kind.Value,
            Author = author,
            Text = isPost ? Text(record, "text") ?? "" : "",
            CreatedAt = CreatedAt(record, notification),
            InReplyTo = ParentOf(record),
            SubjectRemoteId = Text(notification, "reasonSubject") ?? SubjectOf(record),
            Url = isPost && AtUri.TryParse(uri, out var at) ? at.WebUrl(author.Handle) : author.Url,
        };
    }

    private static ConversationItem ToPostItem(JsonElement post, ConversationKind kind)
    {
        var uri = Text(post, "uri") ?? throw new FormatException("a post has no uri");
        var author = ToAuthor(post.GetProperty("author"));
        var record = post.TryGetProperty("record", out var r) ? r : default;
        return new ConversationItem
        {
            RemoteId = uri,
            Kind = kind,
            Author = author,
            Text = Text(record, "text") ?? "",
            CreatedAt = CreatedAt(record, post),
            InReplyTo = ParentOf(record),
            Url = AtUri.TryParse(uri, out var at) ? at.WebUrl(author.Handle) : null,
        };
    }

    private static ConversationAuthor ToAuthor(JsonElement author)
    {
        var handle = Text(author, "handle") ?? Text(author, "did") ?? "?";
        return new ConversationAuthor(Text(author, "did"), handle, Text(author, "displayName"), new Uri($"https://bsky.app/profile/{handle}"));
    }

    private static DateTimeOffset CreatedAt(JsonElement record, JsonElement view) =>
        DateTimeOffset.TryParse(Text(record, "createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? created
            : Instant(view, "indexedAt");

    private static string? ParentOf(JsonElement record) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty("reply", out var reply) && reply.TryGetProperty("parent", out var parent)
            ? Text(parent, "uri")
            : null;

    private static string? SubjectOf(JsonElement record) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty("subject", out var subject)
            ? subject.ValueKind == JsonValueKind.String ? subject.GetString() : Text(subject, "uri")
            : null;

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
