using System.Text.RegularExpressions;
using Chorus.Channels;
using Chorus.Charter;
using Chorus.Connectors.Abstractions;
using Chorus.Data.Jobs;
using Chorus.Notifications;
using Chorus.Platform.Audit;
using Chorus.Publishing.Composer;
using Dapper;
using Npgsql;

namespace Chorus.Publishing;

/// <summary>
/// Posts and their workflow: write, edit a draft, submit, approve or ask for changes as the workspace's policy says,
/// schedule, cancel, comment. Every change and its audit entry commit together, and scheduling enqueues the
/// publishing job in the same transaction, so a scheduled variant always has its job. The API, the pages and the
/// command line all go through here.
/// </summary>
public sealed partial class PublishingService(
    NpgsqlDataSource dataSource,
    NetworkCatalog networks,
    ChannelConnectors connectors,
    JobQueue queue,
    AuditLog audit,
    NotificationService notifications,
    VariantChecks checks,
    TimeProvider clock)
{
    public const int MaxTextLength = 100_000;
    public const int MaxThreadParts = 99;

    /// <summary>A schedule this far in the past is a mistake, not "now".</summary>
    private static readonly TimeSpan PastTolerance = TimeSpan.FromMinutes(1);

    private static readonly string[] Cancellable = [VariantStatus.Draft, VariantStatus.InReview, VariantStatus.Approved, VariantStatus.Scheduled];

    public async Task<Guid> CreateAsync(WorkspaceContext context, CreatePostRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var content = Content.Read(request.Text, request.Title, request.Link, request.ContentWarning, request.Language, request.ThreadParts, request.FirstComment);
        if (request.Channels is not { Count: > 0 } channelIds) throw new InputException("channels", "Choose at least one channel.");
        if (channelIds.Distinct().Count() != channelIds.Count) throw new InputException("channels", "A channel is listed twice; a post has one variant per channel.");
        var now = clock.GetUtcNow();
        if (request.ScheduledAt is { } at && at < now - PastTolerance) throw new InputException("scheduledAt", "This time is in the past.");

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var channels = (await connection.QueryAsync<(Guid Id, string Network, string Name)>(new CommandDefinition(
            "select id, network, name from channels where workspace_id = @workspaceId and id = any(@ids)",
            new { workspaceId = context.WorkspaceId, ids = channelIds.ToArray() }, cancellationToken: cancellationToken))).ToDictionary(c => c.Id);
        var variants = new List<(Guid ChannelId, string Network, IPublisher Publisher)>();
        foreach (var channelId in channelIds)
        {
            if (!channels.TryGetValue(channelId, out var channel)) throw new InputException("channels", $"{channelId} is not a channel of this workspace.");
            var publisher = await PublisherAsync(channelId, channel.Name, cancellationToken);
            content.CheckFits(networks.Find(channel.Network), channel.Name);
            variants.Add((channelId, channel.Network, publisher));
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var postId = await InsertPostAsync(connection, transaction, context,
            variants.Select(v => new NewVariant(v.ChannelId, v.Network, v.Publisher, content, request.ScheduledAt)).ToList(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return postId;
    }

    /// <summary>
    /// Inserts a post of drafts, one per variant (each with its own content and time), and its audit entry, in the
    /// caller's transaction: the CSV import writes a whole file this way, all or nothing. The variants are checked by the
    /// caller (their channels are the workspace's and publish).
    /// </summary>
    internal async Task<Guid> InsertPostAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkspaceContext context,
        IReadOnlyList<NewVariant> variants, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var postId = Guid.CreateVersion7(now);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into posts (id, workspace_id, author_id, created_at, updated_at) values (@postId, @workspaceId, @authorId, @now, @now)",
            new { postId, workspaceId = context.WorkspaceId, authorId = context.Actor.UserId, now }, transaction, cancellationToken: cancellationToken));
        foreach (var (channelId, network, publisher, content, scheduledAt) in variants)
        {
            var variantId = Guid.CreateVersion7(now);
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into post_variants (id, post_id, channel_id, network, text, title, link, content_warning, language, scheduled_at, idempotency_key)
                values (@variantId, @postId, @channelId, @network, @Text, @Title, @Link, @ContentWarning, @Language, @scheduledAt, @key)
                """, new
            {
                variantId, postId, channelId, network, content.Text, content.Title, content.Link, content.ContentWarning, content.Language,
                scheduledAt = scheduledAt?.ToUniversalTime(), key = publisher.NewIdempotencyKey(),
            }, transaction, cancellationToken: cancellationToken));
            await InsertPartsAsync(connection, transaction, variantId, content, publisher, cancellationToken);
        }
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.created", "post", postId.ToString(),
            new { channels = variants.Select(v => v.ChannelId), scheduledAt = variants.Select(v => v.ScheduledAt).Min() }, cancellationToken);
        return postId;
    }

    /// <summary>Replaces a variant's content; only a draft (new, or sent back with changes requested) can be edited.</summary>
    public async Task<Post?> UpdateVariantAsync(WorkspaceContext context, Guid postId, Guid variantId, UpdateVariantRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockPostAsync(connection, transaction, context, postId, cancellationToken)) return null;
        var variant = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid? ChannelId, string Network, string Status, string? ChannelName)>(new CommandDefinition("""
            select v.id, v.channel_id, v.network, v.status, c.name as channel_name
            from post_variants v left join channels c on c.id = v.channel_id
            where v.id = @variantId and v.post_id = @postId
            """, new { variantId, postId }, transaction, cancellationToken: cancellationToken));
        if (variant.Id == Guid.Empty) return null;
        // Read once the variant is known to be the caller's: another workspace's ids answer 404 whatever the body.
        var content = Content.Read(request.Text, request.Title, request.Link, request.ContentWarning, request.Language, request.ThreadParts, request.FirstComment);
        if (variant.Status != VariantStatus.Draft)
            throw new ConflictException($"Only a draft can be edited; this variant is {variant.Status}. Ask for changes to edit it in review.");
        if (variant.ChannelId is not { } channelId) throw new ConflictException("This variant's channel was disconnected; it cannot be published any more.");
        var publisher = await PublisherAsync(channelId, variant.ChannelName!, cancellationToken);
        content.CheckFits(networks.Find(variant.Network), variant.ChannelName!);

        await connection.ExecuteAsync(new CommandDefinition("""
            update post_variants set text = @Text, title = @Title, link = @Link, content_warning = @ContentWarning, language = @Language
            where id = @variantId
            """, new { variantId, content.Text, content.Title, content.Link, content.ContentWarning, content.Language }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("delete from post_variant_parts where variant_id = @variantId", new { variantId }, transaction,
            cancellationToken: cancellationToken));
        await InsertPartsAsync(connection, transaction, variantId, content, publisher, cancellationToken);
        await TouchAsync(connection, transaction, postId, cancellationToken);
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.updated", "post", postId.ToString(),
            new { variant = variantId, channel = channelId }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, postId, cancellationToken);
    }

    /// <summary>
    /// Sends the post's drafts to approval; with a workspace that needs none, schedules them at once (at their time,
    /// or now). Each draft is checked first: a refusal names the field and the channel, and changes nothing.
    /// </summary>
    public async Task<Post?> SubmitAsync(WorkspaceContext context, Guid postId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockPostAsync(connection, transaction, context, postId, cancellationToken)) return null;
        await SubmitLockedAsync(connection, transaction, context, postId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, postId, cancellationToken);
    }

    /// <summary><see cref="SubmitAsync"/> in the caller's transaction, the post locked (or just inserted) by it.</summary>
    internal async Task SubmitLockedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkspaceContext context, Guid postId,
        CancellationToken cancellationToken)
    {
        var drafts = (await connection.QueryAsync<(Guid Id, Guid? ChannelId, string Network, string? ChannelName, string Text, string? Title, string? Link, string? ContentWarning, string? Language)>(new CommandDefinition("""
            select v.id, v.channel_id, v.network, c.name as channel_name, v.text, v.title, v.link, v.content_warning, v.language
            from post_variants v left join channels c on c.id = v.channel_id
            where v.post_id = @postId and v.status = 'draft' order by v.id
            """, new { postId }, transaction, cancellationToken: cancellationToken))).ToList();
        if (drafts.Count == 0) throw new ConflictException("This post has no draft to submit.");
        var parts = (await connection.QueryAsync<(Guid VariantId, string Kind, string Text)>(new CommandDefinition(
            "select variant_id, kind, text from post_variant_parts where variant_id = any(@ids) order by variant_id, position",
            new { ids = drafts.Select(d => d.Id).ToArray() }, transaction, cancellationToken: cancellationToken))).ToLookup(p => p.VariantId);
        // As the networks count and the charter reads, with each variant's images: every refusal at once, naming the channel.
        var media = await VariantMediaStore.ForRulesAsync(connection, transaction, drafts.Select(d => d.Id).ToList(), cancellationToken);
        var toCheck = drafts.Select(draft =>
        {
            var channel = draft.ChannelName ?? throw new ConflictException("A variant's channel was disconnected; cancel the post or write it again.");
            var network = networks.Find(draft.Network) ?? throw new ConflictException($"{channel}: Chorus no longer knows the network '{draft.Network}'.");
            return new VariantToCheck(draft.ChannelId!.Value, channel, network, draft.Text, draft.Title, draft.Link, draft.ContentWarning, draft.Language,
                parts[draft.Id].Where(p => p.Kind == "thread").Select(p => p.Text).ToList(),
                parts[draft.Id].Where(p => p.Kind == "first_comment").Select(p => p.Text).FirstOrDefault(), media[draft.Id].ToList());
        }).ToList();
        var refusals = (await checks.CheckAsync(context.WorkspaceId, toCheck, cancellationToken)).Zip(toCheck).SelectMany(checkedVariant =>
            checkedVariant.First.Problems.Select(p => new FieldError(p.Field, $"{checkedVariant.Second.ChannelName}: {p.Message}"))
                .Concat(checkedVariant.First.Findings.Where(f => f.Severity == CharterSeverity.Blocking)
                    .Select(f => new FieldError(f.Field, $"{checkedVariant.Second.ChannelName}: {f.Message}")))).ToList();
        if (refusals.Count > 0) throw new InputException(refusals);

        var steps = await StepsAsync(connection, transaction, context.WorkspaceId, cancellationToken);
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.submitted", "post", postId.ToString(),
            new { variants = drafts.Select(d => d.Id), steps = steps.Count }, cancellationToken);
        if (steps.Count == 0)
        {
            await ScheduleAsync(connection, transaction, Acting.Of(context), postId, [VariantStatus.Draft], null, cancellationToken);
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                update post_variants set status = 'in_review' where post_id = @postId and status = 'draft';
                update posts set review_step = 1 where id = @postId;
                """, new { postId }, transaction, cancellationToken: cancellationToken));
            await NotifyApproversAsync(connection, transaction, context.WorkspaceId, postId, steps[0], await NameOfAsync(connection, transaction, context.Actor.UserId, cancellationToken),
                drafts[0].Text, cancellationToken);
        }
        await TouchAsync(connection, transaction, postId, cancellationToken);
    }

    /// <summary>Approves the step the post waits for; the last step schedules its variants (at their time, or now).</summary>
    public Task<Post?> ApproveAsync(WorkspaceContext context, Guid postId, string? comment, CancellationToken cancellationToken = default) =>
        DecideAsync(context, postId, ApprovalDecision.Approved, comment, cancellationToken);

    /// <summary>Sends the post back to its author as drafts, with the reason (required).</summary>
    public Task<Post?> RequestChangesAsync(WorkspaceContext context, Guid postId, string? comment, CancellationToken cancellationToken = default) =>
        DecideAsync(context, postId, ApprovalDecision.ChangesRequested, comment, cancellationToken);

    /// <summary>Sets when the post is published (now when <paramref name="at"/> is null). Approved and scheduled
    /// variants are (re)scheduled at once; drafts and those in review keep the time for when they are approved.</summary>
    public async Task<Post?> ScheduleAsync(WorkspaceContext context, Guid postId, DateTimeOffset? at, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (at is { } when && when < now - PastTolerance) throw new InputException("at", "This time is in the past.");
        var scheduledAt = (at ?? now).ToUniversalTime();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockPostAsync(connection, transaction, context, postId, cancellationToken)) return null;
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "update post_variants set scheduled_at = @scheduledAt where post_id = @postId and status = any(@statuses)",
            new { postId, scheduledAt, statuses = Cancellable }, transaction, cancellationToken: cancellationToken));
        if (changed == 0) throw new ConflictException("Nothing of this post is left to schedule: it is publishing, published, failed or cancelled.");
        await ScheduleAsync(connection, transaction, Acting.Of(context), postId, [VariantStatus.Approved, VariantStatus.Scheduled], scheduledAt, cancellationToken);
        await TouchAsync(connection, transaction, postId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, postId, cancellationToken);
    }

    /// <summary>
    /// Sets when the post's drafts are to be published once approved (the composer's "publish at"); null takes the time
    /// away, so the post goes out as soon as it is approved. Only drafts: a post in review or later keeps the time it was
    /// sent with, and moves on the calendar.
    /// </summary>
    public async Task<Post?> PlanAsync(WorkspaceContext context, Guid postId, DateTimeOffset? at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (at is { } when && when < clock.GetUtcNow() - PastTolerance) throw new InputException("publishAt", "This time is in the past.");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockPostAsync(connection, transaction, context, postId, cancellationToken)) return null;
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "update post_variants set scheduled_at = @at where post_id = @postId and status = 'draft' and scheduled_at is distinct from @at",
            new { postId, at = at?.ToUniversalTime() }, transaction, cancellationToken: cancellationToken));
        if (changed > 0) await TouchAsync(connection, transaction, postId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, postId, cancellationToken);
    }

    /// <summary>Cancels every variant not yet publishing; those publishing or done are left as they are.</summary>
    /// <summary>
    /// Moves an approved or scheduled post to another time (the calendar's drag and drop, or its date field): its
    /// variants are scheduled again with a new schedule version, so the job of the old time finds itself stale, and the
    /// move is audited with the old and new times in the same transaction. Drafts and posts in review are not moved
    /// here: they take a time with <see cref="ScheduleAsync(WorkspaceContext, Guid, DateTimeOffset?, CancellationToken)"/>.
    /// </summary>
    public async Task<Post?> RescheduleAsync(WorkspaceContext context, Guid postId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (at < clock.GetUtcNow() - PastTolerance) throw new InputException("at", "This time is in the past.");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockPostAsync(connection, transaction, context, postId, cancellationToken)) return null;
        var movable = (await connection.QueryAsync<DateTime?>(new CommandDefinition(
            "select scheduled_at from post_variants where post_id = @postId and status = any(@statuses)",
            new { postId, statuses = new[] { VariantStatus.Approved, VariantStatus.Scheduled } }, transaction, cancellationToken: cancellationToken))).ToList();
        if (movable.Count == 0)
            throw new ConflictException("Only an approved or scheduled post can be moved; this one is a draft, in review, publishing, published, failed or cancelled.");
        var from = movable.Min() is { } earliest ? new DateTimeOffset(DateTime.SpecifyKind(earliest, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.rescheduled", "post", postId.ToString(),
            new { from, to = at.ToUniversalTime() }, cancellationToken);
        await ScheduleAsync(connection, transaction, Acting.Of(context), postId, [VariantStatus.Approved, VariantStatus.Scheduled], at, cancellationToken);
        await TouchAsync(connection, transaction, postId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, postId, cancellationToken);
    }

    /// <summary>
    /// Adds a channel to a post still being written: its variant is a draft copied from the post's first draft (text,
    /// title, link, content warning, language, images where the network takes them; thread parts and first comment where
    /// it publishes threads), then edited on its own.
    /// </summary>
    public async Task<Post?> AddVariantAsync(WorkspaceContext context, Guid postId, AddVariantRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockPostAsync(connection, transaction, context, postId, cancellationToken)) return null;
        // Read once the post is known to be the caller's: another workspace's ids answer 404 whatever the body.
        if (request.Channel is not { } channelId) throw new InputException("channel", "Choose the channel to add.");
        var channel = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Network, string Name)>(new CommandDefinition(
            "select id, network, name from channels where id = @channelId and workspace_id = @workspaceId",
            new { channelId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (channel.Id == Guid.Empty) throw new InputException("channel", $"{channelId} is not a channel of this workspace.");
        var variants = (await FindAsync(context, postId, cancellationToken))!.Variants;
        if (variants.Any(v => v.ChannelId == channelId)) throw new InputException("channel", $"{channel.Name} already has a variant in this post.");
        var source = variants.FirstOrDefault(v => v.Status == VariantStatus.Draft)
            ?? throw new ConflictException("A channel can be added while the post is a draft; this one is already in review or further.");
        var publisher = await PublisherAsync(channelId, channel.Name, cancellationToken);
        var network = networks.Find(channel.Network);
        var threads = network?.Capabilities.HasFlag(ConnectorCapabilities.PublishThreads) ?? false;
        var content = Content.Read(source.Text, source.Title, source.Link, source.ContentWarning, source.Language,
            threads ? source.ThreadParts : [], threads ? source.FirstComment : null);

        var variantId = Guid.CreateVersion7(clock.GetUtcNow());
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into post_variants (id, post_id, channel_id, network, text, title, link, content_warning, language, scheduled_at, idempotency_key)
            values (@variantId, @postId, @channelId, @network, @Text, @Title, @Link, @ContentWarning, @Language, @scheduledAt, @key)
            """, new
        {
            variantId, postId, channelId, network = channel.Network, content.Text, content.Title, content.Link, content.ContentWarning, content.Language,
            scheduledAt = source.ScheduledAt?.ToUniversalTime(), key = publisher.NewIdempotencyKey(),
        }, transaction, cancellationToken: cancellationToken));
        await InsertPartsAsync(connection, transaction, variantId, content, publisher, cancellationToken);
        if (network?.Limits.Media is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into post_variant_media (variant_id, position, media_id, alt_text)
                select @variantId, position, media_id, alt_text from post_variant_media where variant_id = @sourceId
                """, new { variantId, sourceId = source.Id }, transaction, cancellationToken: cancellationToken));
        }
        await TouchAsync(connection, transaction, postId, cancellationToken);
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.channel_added", "post", postId.ToString(),
            new { variant = variantId, channel = channelId }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, postId, cancellationToken);
    }

    /// <summary>Takes a draft variant (its channel) off a post; a post keeps at least one variant (cancel it instead).</summary>
    public async Task<Post?> RemoveVariantAsync(WorkspaceContext context, Guid postId, Guid variantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockPostAsync(connection, transaction, context, postId, cancellationToken)) return null;
        var variants = (await connection.QueryAsync<(Guid Id, Guid? ChannelId, string Status)>(new CommandDefinition(
            "select id, channel_id, status from post_variants where post_id = @postId", new { postId }, transaction, cancellationToken: cancellationToken))).ToList();
        var variant = variants.FirstOrDefault(v => v.Id == variantId);
        if (variant.Id == Guid.Empty) return null;
        if (variant.Status != VariantStatus.Draft)
            throw new ConflictException($"Only a draft variant can be taken off a post; this one is {variant.Status}.");
        if (variants.Count == 1) throw new ConflictException("A post keeps at least one channel: cancel the post instead.");
        await connection.ExecuteAsync(new CommandDefinition("delete from post_variants where id = @variantId", new { variantId }, transaction,
            cancellationToken: cancellationToken));
        await TouchAsync(connection, transaction, postId, cancellationToken);
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.channel_removed", "post", postId.ToString(),
            new { variant = variantId, channel = variant.ChannelId }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, postId, cancellationToken);
    }

    public async Task<Post?> CancelAsync(WorkspaceContext context, Guid postId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockPostAsync(connection, transaction, context, postId, cancellationToken)) return null;
        var cancelled = (await connection.QueryAsync<Guid>(new CommandDefinition("""
            update post_variants set status = 'cancelled' where post_id = @postId and status = any(@statuses) returning id
            """, new { postId, statuses = Cancellable }, transaction, cancellationToken: cancellationToken))).ToList();
        if (cancelled.Count == 0) throw new ConflictException("Nothing of this post is left to cancel: it is publishing, published, failed or cancelled.");
        await connection.ExecuteAsync(new CommandDefinition("update posts set review_step = null where id = @postId", new { postId }, transaction,
            cancellationToken: cancellationToken));
        await TouchAsync(connection, transaction, postId, cancellationToken);
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.cancelled", "post", postId.ToString(),
            new { variants = cancelled }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, postId, cancellationToken);
    }

    /// <summary>An internal comment; "@e-mail" of a member mentions them (a mention of anyone else is refused).</summary>
    public async Task<Post?> CommentAsync(WorkspaceContext context, Guid postId, string? body, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockPostAsync(connection, transaction, context, postId, cancellationToken)) return null;
        var text = Input.Required("body", body, 5000);
        var mentioned = Mention().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.', ',', ';', ':', '!', '?', ')')).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var members = (await connection.QueryAsync<(Guid Id, string Email)>(new CommandDefinition("""
            select u.id, u.email from users u join workspace_members m on m.user_id = u.id
            where m.workspace_id = @workspaceId and lower(u.email) = any(@emails)
            """, new { workspaceId = context.WorkspaceId, emails = mentioned.Select(e => e.ToLowerInvariant()).ToArray() }, transaction,
            cancellationToken: cancellationToken))).ToList();
        if (mentioned.FirstOrDefault(e => !members.Any(m => string.Equals(m.Email, e, StringComparison.OrdinalIgnoreCase))) is { } stranger)
            throw new InputException("body", $"@{stranger} is not a member of this workspace.");
        var commentId = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into post_comments (post_id, author_id, body, mentions, at) values (@postId, @authorId, @text, @mentions, @now) returning id
            """, new { postId, authorId = context.Actor.UserId, text, mentions = members.Select(m => m.Id).ToArray(), now = clock.GetUtcNow() }, transaction,
            cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.commented", "post", postId.ToString(),
            new { comment = commentId, mentions = members.Select(m => m.Id) }, cancellationToken);
        var told = members.Select(m => m.Id).Where(id => id != context.Actor.UserId).ToArray();
        if (told.Length > 0)
        {
            var excerpt = await connection.ExecuteScalarAsync<string>(new CommandDefinition("select text from post_variants where post_id = @postId order by id limit 1",
                new { postId }, transaction, cancellationToken: cancellationToken)) ?? "";
            await notifications.NotifyAsync(connection, transaction, context.WorkspaceId, NotificationRecipients.People(told), NotificationKindIds.CommentMention,
                new Dictionary<string, string>
                {
                    ["author"] = await NameOfAsync(connection, transaction, context.Actor.UserId, cancellationToken),
                    ["post"] = Excerpt(excerpt),
                    ["comment"] = Excerpt(text),
                }, PostPath(context.WorkspaceId, postId), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, postId, cancellationToken);
    }

    public async Task<ApprovalPolicy> PolicyAsync(WorkspaceContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return new ApprovalPolicy(await StepsAsync(connection, null, context.WorkspaceId, cancellationToken));
    }

    /// <summary>Sets the approval steps. Posts already in review keep their place: the step they wait for is read
    /// from the new policy (past its end, the next approval is the last).</summary>
    public async Task<ApprovalPolicy> SetPolicyAsync(WorkspaceContext context, IReadOnlyList<string>? steps, CancellationToken cancellationToken = default)
    {
        var roles = (steps ?? []).Select((s, i) => WorkspaceRoles.Parse($"steps[{i}]", s)).ToList();
        if (roles.Count > 10) throw new InputException("steps", "At most 10 approval steps.");
        for (var i = 0; i < roles.Count; i++)
        {
            if (!PermissionMatrix.Allows(roles[i], Permission.ApprovePosts))
                throw new InputException($"steps[{i}]", $"A {roles[i]} cannot approve posts; a step is decided by a role that can ({string.Join(", ", ApproverRoles)}).");
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await StepsAsync(connection, transaction, context.WorkspaceId, cancellationToken);
        if (!before.SequenceEqual(roles))
        {
            await connection.ExecuteAsync(new CommandDefinition("delete from approval_steps where workspace_id = @workspaceId",
                new { workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
            for (var i = 0; i < roles.Count; i++)
            {
                await connection.ExecuteAsync(new CommandDefinition("insert into approval_steps (workspace_id, position, role) values (@workspaceId, @position, @role)",
                    new { workspaceId = context.WorkspaceId, position = (short)(i + 1), role = roles[i].ToString() }, transaction, cancellationToken: cancellationToken));
            }
            await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "approval_policy.changed", "workspace",
                context.WorkspaceId.ToString(), new { from = before.Select(r => r.ToString()), to = roles.Select(r => r.ToString()) }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new ApprovalPolicy(roles);
    }

    /// <summary>The roles that may decide an approval step, the choices of the approval policy.</summary>
    public static IEnumerable<WorkspaceRole> ApproverRoles => Enum.GetValues<WorkspaceRole>().Where(r => PermissionMatrix.Allows(r, Permission.ApprovePosts));

    public async Task<Page<PostSummary>> ListAsync(WorkspaceContext context, PostFilter filter, string? cursor, int? limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var take = Cursor.Limit(limit);
        Guid? before = Cursor.Decode(cursor) is { } key ? Guid.TryParse(key, out var id) ? id : throw Cursor.NotOurs() : null;
        var status = filter.Status is null ? null : VariantStatus.Parse("status", filter.Status);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var posts = (await connection.QueryAsync<(Guid Id, Guid? AuthorId, string? AuthorName, DateTimeOffset CreatedAt)>(new CommandDefinition("""
            select p.id, p.author_id, u.display_name as author_name, p.created_at
            from posts p left join users u on u.id = p.author_id
            where p.workspace_id = @workspaceId
              and (@before::uuid is null or p.id < @before)
              and (@authorId::uuid is null or p.author_id = @authorId)
              and (@status::text is null and @channelId::uuid is null or exists (
                  select 1 from post_variants v where v.post_id = p.id
                    and (@status::text is null or v.status = @status) and (@channelId::uuid is null or v.channel_id = @channelId)))
            order by p.id desc limit @take
            """, new { workspaceId = context.WorkspaceId, before, authorId = filter.AuthorId, status, channelId = filter.ChannelId, take = take + 1 },
            cancellationToken: cancellationToken))).ToList();
        var page = Cursor.PageOf(posts, take, p => p.Id.ToString());
        var variants = (await connection.QueryAsync<(Guid PostId, Guid Id, Guid? ChannelId, string? ChannelName, string Network, string Status,
            DateTimeOffset? ScheduledAt, string? RemoteUrl, string? Error, string Text)>(new CommandDefinition("""
            select v.post_id, v.id, v.channel_id, c.name as channel_name, v.network, v.status, v.scheduled_at, v.remote_url, v.error, v.text
            from post_variants v left join channels c on c.id = v.channel_id
            where v.post_id = any(@ids) order by v.id
            """, new { ids = page.Items.Select(p => p.Id).ToArray() }, cancellationToken: cancellationToken))).ToLookup(v => v.PostId);
        return new Page<PostSummary>(page.Items.Select(p =>
        {
            var ofPost = variants[p.Id].ToList();
            return new PostSummary(p.Id, p.AuthorId, p.AuthorName, VariantStatus.OfPost(ofPost.Select(v => v.Status)),
                Excerpt(ofPost.FirstOrDefault().Text ?? ""), p.CreatedAt,
                ofPost.Select(v => new VariantSummary(v.Id, v.ChannelId, v.ChannelName, v.Network, v.Status, v.ScheduledAt, v.RemoteUrl,
                    v.Status == VariantStatus.Failed ? v.Error : null)).ToList());
        }).ToList(), page.Next);
    }

    public async Task<Post?> FindAsync(WorkspaceContext context, Guid postId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var post = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid? AuthorId, string? AuthorName, short? ReviewStep, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)>(
            new CommandDefinition("""
            select p.id, p.author_id, u.display_name as author_name, p.review_step, p.created_at, p.updated_at
            from posts p left join users u on u.id = p.author_id
            where p.id = @postId and p.workspace_id = @workspaceId
            """, new { postId, workspaceId = context.WorkspaceId }, cancellationToken: cancellationToken));
        if (post.Id == Guid.Empty) return null;
        var parts = (await connection.QueryAsync<(Guid VariantId, string Kind, string Text)>(new CommandDefinition("""
            select p.variant_id, p.kind, p.text from post_variant_parts p join post_variants v on v.id = p.variant_id
            where v.post_id = @postId order by p.variant_id, p.position
            """, new { postId }, cancellationToken: cancellationToken))).ToLookup(p => p.VariantId);
        var variants = (await connection.QueryAsync<VariantRow>(new CommandDefinition("""
            select v.id, v.channel_id, c.name as channel_name, v.network, v.status, v.text, v.title, v.link, v.content_warning, v.language,
                   v.scheduled_at as scheduled_at_utc, v.remote_id, v.remote_url, v.error, v.attempts, v.published_at as published_at_utc
            from post_variants v left join channels c on c.id = v.channel_id
            where v.post_id = @postId order by v.id
            """, new { postId }, cancellationToken: cancellationToken))).Select(v => new Variant(v.Id, v.ChannelId, v.ChannelName, v.Network, v.Status,
                v.Text, v.Title, v.Link, v.ContentWarning, v.Language,
                parts[v.Id].Where(p => p.Kind == "thread").Select(p => p.Text).ToList(),
                parts[v.Id].Where(p => p.Kind == "first_comment").Select(p => p.Text).FirstOrDefault(),
                v.ScheduledAt, v.RemoteId, v.RemoteUrl, v.Status == VariantStatus.Failed ? v.Error : null, v.Attempts, v.PublishedAt)).ToList();
        var decisions = (await connection.QueryAsync<(short Step, string Decision, Guid? UserId, string? UserName, string? Comment, DateTimeOffset At, Guid? ReviewLinkId)>(new CommandDefinition("""
            select a.step, a.decision, a.user_id, coalesce(u.display_name, a.reviewer_name) as user_name, a.comment, a.at, a.review_link_id
            from post_approvals a left join users u on u.id = a.user_id where a.post_id = @postId order by a.id
            """, new { postId }, cancellationToken: cancellationToken)))
            .Select(d => new ApprovalDecision(d.Step, d.Decision, d.UserId, d.UserName, d.Comment, d.At, d.ReviewLinkId)).ToList();
        var comments = (await connection.QueryAsync<(long Id, Guid? AuthorId, string? AuthorName, string Body, Guid[] Mentions, DateTimeOffset At)>(new CommandDefinition("""
            select c.id, c.author_id, u.display_name as author_name, c.body, c.mentions, c.at
            from post_comments c left join users u on u.id = c.author_id where c.post_id = @postId order by c.id
            """, new { postId }, cancellationToken: cancellationToken))).Select(c => new PostComment(c.Id, c.AuthorId, c.AuthorName, c.Body, c.Mentions, c.At)).ToList();
        var steps = await StepsAsync(connection, null, context.WorkspaceId, cancellationToken);
        return new Post(post.Id, context.WorkspaceId, post.AuthorId, post.AuthorName, VariantStatus.OfPost(variants.Select(v => v.Status)),
            post.CreatedAt, post.UpdatedAt, variants, new Review(steps, post.ReviewStep, decisions), comments);
    }

    private async Task<Post?> DecideAsync(WorkspaceContext context, Guid postId, string decision, string? comment, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await LockPostAsync(connection, transaction, context, postId, cancellationToken)) return null;
        await DecideLockedAsync(connection, transaction, Acting.Of(context), context.Role, context.Can(Permission.ApprovePosts), postId, decision, comment, null,
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, postId, cancellationToken);
    }

    /// <summary>
    /// A decision made through a client review link, in the caller's transaction (which marks the link used): the link
    /// stands for a ClientApprover deciding the step it was issued for, and nothing else. Null when the post is gone.
    /// </summary>
    public async Task<bool> DecideThroughReviewLinkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ReviewLinkDecision link,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        var locked = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition("select id from posts where id = @postId and workspace_id = @workspaceId for update",
            new { postId = link.PostId, workspaceId = link.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (locked is null) return false;
        var acting = new Acting(link.WorkspaceId, link.OrganizationId, null, link.LinkId, link.ReviewerName);
        await DecideLockedAsync(connection, transaction, acting, WorkspaceRole.ClientApprover, true, link.PostId, link.Decision, link.Comment, link.Step,
            cancellationToken);
        return true;
    }

    /// <param name="onlyStep">A review link decides only the step it was issued for.</param>
    private async Task DecideLockedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Acting acting, WorkspaceRole role, bool mayApprove,
        Guid postId, string decision, string? comment, int? onlyStep, CancellationToken cancellationToken)
    {
        var said = comment?.Trim() is { Length: > 0 } trimmed ? trimmed : null;
        if (said is { Length: > 5000 }) throw new InputException("comment", "At most 5000 characters.");
        if (decision == ApprovalDecision.ChangesRequested && said is null) throw new InputException("comment", "Say what should change.");
        var post = await connection.QuerySingleAsync<(short? ReviewStep, Guid? AuthorId)>(new CommandDefinition("select review_step, author_id from posts where id = @postId",
            new { postId }, transaction, cancellationToken: cancellationToken));
        var inReview = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from post_variants where post_id = @postId and status = 'in_review')", new { postId }, transaction, cancellationToken: cancellationToken));
        if (post.ReviewStep is not { } step || !inReview || onlyStep is { } only && only != step) throw new ConflictException("This post is not waiting for approval.");
        var steps = await StepsAsync(connection, transaction, acting.WorkspaceId, cancellationToken);
        // The policy may have been shortened since the post was submitted: past its end, this decision is the last.
        var isLast = step >= steps.Count;
        var stepRole = steps.Count == 0 ? (WorkspaceRole?)null : steps[Math.Min(step, steps.Count) - 1];
        if (!mayApprove || stepRole is { } required && role != required && role is not (WorkspaceRole.Owner or WorkspaceRole.Admin))
            throw new ConflictException($"This post waits for step {step} ({stepRole}); as {role} you cannot decide it.");

        await connection.ExecuteAsync(new CommandDefinition("""
            insert into post_approvals (post_id, step, decision, user_id, review_link_id, reviewer_name, comment, at)
            values (@postId, @step, @decision, @userId, @linkId, @reviewerName, @said, @now)
            """, new { postId, step, decision, userId = acting.Actor?.UserId, linkId = acting.ReviewLinkId, reviewerName = acting.ReviewerName, said, now = clock.GetUtcNow() },
            transaction, cancellationToken: cancellationToken));
        var excerpt = await connection.ExecuteScalarAsync<string>(new CommandDefinition("select text from post_variants where post_id = @postId order by id limit 1",
            new { postId }, transaction, cancellationToken: cancellationToken)) ?? "";
        var deciderName = acting.Actor is { } member ? await NameOfAsync(connection, transaction, member.UserId, cancellationToken)
            : acting.ReviewerName ?? NotificationKindIds.ClientReviewer;
        if (decision == ApprovalDecision.ChangesRequested)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                update post_variants set status = 'draft' where post_id = @postId and status = 'in_review';
                update posts set review_step = null where id = @postId;
                """, new { postId }, transaction, cancellationToken: cancellationToken));
            await audit.WriteAsync(connection, transaction, acting.Actor, acting.OrganizationId, acting.WorkspaceId, "post.changes_requested", "post",
                postId.ToString(), new { step, comment = said, actor = acting.AuditName }, cancellationToken);
            if (post.AuthorId is { } author)
            {
                await notifications.NotifyAsync(connection, transaction, acting.WorkspaceId, NotificationRecipients.People(author), NotificationKindIds.ChangesRequested,
                    new Dictionary<string, string> { ["reviewer"] = deciderName, ["post"] = Excerpt(excerpt), ["comment"] = Excerpt(said!) },
                    PostPath(acting.WorkspaceId, postId), cancellationToken);
            }
        }
        else
        {
            await audit.WriteAsync(connection, transaction, acting.Actor, acting.OrganizationId, acting.WorkspaceId, "post.approved", "post",
                postId.ToString(), new { step, last = isLast, comment = said, actor = acting.AuditName }, cancellationToken);
            if (isLast)
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    update post_variants set status = 'approved' where post_id = @postId and status = 'in_review';
                    update posts set review_step = null where id = @postId;
                    """, new { postId }, transaction, cancellationToken: cancellationToken));
                await ScheduleAsync(connection, transaction, acting, postId, [VariantStatus.Approved], null, cancellationToken);
            }
            else
            {
                await connection.ExecuteAsync(new CommandDefinition("update posts set review_step = review_step + 1 where id = @postId", new { postId }, transaction,
                    cancellationToken: cancellationToken));
                await NotifyApproversAsync(connection, transaction, acting.WorkspaceId, postId, steps[step], deciderName, excerpt, cancellationToken);
            }
        }
        await TouchAsync(connection, transaction, postId, cancellationToken);
    }

    /// <summary>Tells the members of the role a step waits for that the post needs them (Owners and Admins, who may
    /// decide any step, are told only when the step is theirs).</summary>
    private async Task NotifyApproversAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid workspaceId, Guid postId, WorkspaceRole stepRole,
        string author, string text, CancellationToken cancellationToken) =>
        await notifications.NotifyAsync(connection, transaction, workspaceId, NotificationRecipients.WithRoles(stepRole), NotificationKindIds.ApprovalRequested,
            new Dictionary<string, string> { ["author"] = author, ["post"] = Excerpt(text) }, PostPath(workspaceId, postId), cancellationToken);

    private static async Task<string> NameOfAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<string>(new CommandDefinition("select display_name from users where id = @userId", new { userId }, transaction,
            cancellationToken: cancellationToken)) ?? "—";

    /// <summary>The post's page, where notifications about it lead.</summary>
    public static string PostPath(Guid workspaceId, Guid postId) => $"/w/{workspaceId}/posts/{postId}";

    /// <summary>Who acts on a post: a member (through the web, the API or the command line), or a client review link,
    /// which the audit log names "client link {id}".</summary>
    /// <param name="Automation">What acts when no person does (the queue's recurrence, evergreen or feed jobs), as the audit log names it.</param>
    private sealed record Acting(Guid WorkspaceId, Guid OrganizationId, Actor? Actor, Guid? ReviewLinkId = null, string? ReviewerName = null,
        string? Automation = null)
    {
        public static Acting Of(WorkspaceContext context) => new(context.WorkspaceId, context.OrganizationId, context.Actor);

        public string? AuditName => ReviewLinkId is { } link ? $"client link {link}" : Automation;
    }

    /// <summary>
    /// Schedules the post's variants in one of <paramref name="from"/> (at <paramref name="at"/>, else at their own time,
    /// else now) and enqueues each one's publishing job on the same transaction. The job's key carries the schedule's
    /// version, so a variant rescheduled twice has one live job: the older one finds itself stale.
    /// </summary>
    /// <param name="only">When given, only these variants of the post (the queue plans each variant on its own).</param>
    private async Task ScheduleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Acting acting, Guid postId,
        string[] from, DateTimeOffset? at, CancellationToken cancellationToken, Guid[]? only = null)
    {
        var now = clock.GetUtcNow();
        var scheduled = (await connection.QueryAsync<(Guid Id, DateTimeOffset ScheduledAt, int ScheduleVersion)>(new CommandDefinition("""
            update post_variants set status = 'scheduled', scheduled_at = coalesce(@at, scheduled_at, @now), schedule_version = schedule_version + 1
            where post_id = @postId and status = any(@from) and (@only::uuid[] is null or id = any(@only))
            returning id, scheduled_at, schedule_version
            """, new { postId, from, at = at?.ToUniversalTime(), now, only }, transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var variant in scheduled)
        {
            await queue.EnqueueAsync(connection, transaction, PublishVariantJob.Kind, new PublishVariantJob.Payload(variant.Id, variant.ScheduleVersion),
                variant.ScheduledAt, $"{variant.Id:N}:{variant.ScheduleVersion}", acting.WorkspaceId, PublishVariantJob.JobMaxAttempts, cancellationToken);
        }
        if (scheduled.Count > 0)
        {
            await audit.WriteAsync(connection, transaction, acting.Actor, acting.OrganizationId, acting.WorkspaceId, "post.scheduled", "post", postId.ToString(),
                new { variants = scheduled.Select(v => new { id = v.Id, at = v.ScheduledAt }), actor = acting.AuditName }, cancellationToken);
        }
    }

    /// <summary>The channel's connector as a publisher; bad input when its network does not publish.</summary>
    private async Task<IPublisher> PublisherAsync(Guid channelId, string channelName, CancellationToken cancellationToken) =>
        await connectors.OpenAsync(channelId, cancellationToken) is IPublisher publisher
            ? publisher
            : throw new InputException("channels", $"{channelName} cannot publish posts.");

    private static async Task InsertPartsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid variantId, Content content, IPublisher publisher,
        CancellationToken cancellationToken)
    {
        var parts = content.ThreadParts.Select(text => (Kind: "thread", Text: text)).ToList();
        if (content.FirstComment is { } first) parts.Add(("first_comment", first));
        for (var i = 0; i < parts.Count; i++)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into post_variant_parts (variant_id, position, kind, text, idempotency_key) values (@variantId, @position, @kind, @text, @key)
                """, new { variantId, position = (short)(i + 1), kind = parts[i].Kind, text = parts[i].Text, key = publisher.NewIdempotencyKey() }, transaction,
                cancellationToken: cancellationToken));
        }
    }

    private static async Task<bool> LockPostAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkspaceContext context, Guid postId,
        CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition("select id from posts where id = @postId and workspace_id = @workspaceId for update",
            new { postId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken)) is not null;

    private async Task TouchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid postId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("update posts set updated_at = greatest(updated_at, @now) where id = @postId",
            new { postId, now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));

    private static async Task<List<WorkspaceRole>> StepsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid workspaceId,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition("select role from approval_steps where workspace_id = @workspaceId order by position",
            new { workspaceId }, transaction, cancellationToken: cancellationToken))).Select(Enum.Parse<WorkspaceRole>).ToList();

    /// <summary>The rules' field path in this API's names: parts[2].text is threadParts[2].</summary>
    internal static string ApiField(string field) =>
        field.StartsWith("parts", StringComparison.Ordinal) ? "threadParts" + field["parts".Length..].Replace(".text", "", StringComparison.Ordinal) : field;

    private static string Excerpt(string text) => text.Length <= 140 ? text : string.Concat(text.AsSpan(0, 139), "…");

    [GeneratedRegex(@"(?<![\w@])@([^\s@]+@[^\s@]+)")]
    private static partial Regex Mention();

    /// <summary>Npgsql reads timestamptz as a UTC DateTime; Dapper maps positional records only with the exact types.</summary>
    private sealed record VariantRow(Guid Id, Guid? ChannelId, string? ChannelName, string Network, string Status, string Text, string? Title, string? Link,
        string? ContentWarning, string? Language, DateTime? ScheduledAtUtc, string? RemoteId, string? RemoteUrl, string? Error, int Attempts,
        DateTime? PublishedAtUtc)
    {
        public DateTimeOffset? ScheduledAt => ScheduledAtUtc is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;

        public DateTimeOffset? PublishedAt => PublishedAtUtc is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
    }

    /// <summary>A new variant for <see cref="InsertPostAsync"/>.</summary>
    internal sealed record NewVariant(Guid ChannelId, string Network, IPublisher Publisher, Content Content, DateTimeOffset? ScheduledAt);

    /// <summary>A post's content, checked field by field.</summary>
    internal sealed partial record Content(string Text, string? Title, string? Link, string? ContentWarning, string? Language,
        IReadOnlyList<string> ThreadParts, string? FirstComment)
    {
        public static Content Read(string? text, string? title, string? link, string? contentWarning, string? language,
            IReadOnlyList<string>? threadParts, string? firstComment)
        {
            var body = Input.Required("text", text, MaxTextLength);
            var parts = (threadParts ?? []).Select((p, i) => Input.Required($"threadParts[{i}]", p, MaxTextLength)).ToList();
            if (parts.Count > MaxThreadParts) throw new InputException("threadParts", $"At most {MaxThreadParts} parts.");
            var url = Optional(link, 2000, "link");
            if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")))
                throw new InputException("link", "A link is an http:// or https:// address.");
            var lang = Optional(language, 35, "language");
            if (lang is not null && !LanguageTag().IsMatch(lang)) throw new InputException("language", $"'{lang}' is not a language tag such as fr or en-GB.");
            return new Content(body, Optional(title, 1000, "title"), url, Optional(contentWarning, 1000, "contentWarning"), lang, parts,
                firstComment is null ? null : Input.Required("firstComment", firstComment, MaxTextLength));
        }

        /// <summary>Refuses what the channel's network cannot carry at all (threads where it has none).</summary>
        public void CheckFits(NetworkDescriptor? network, string channelName)
        {
            var threads = network?.Capabilities.HasFlag(ConnectorCapabilities.PublishThreads) ?? false;
            if (ThreadParts.Count > 0 && !threads)
                throw new InputException("threadParts", $"{channelName} ({network?.DisplayName}) does not publish threads.");
            if (FirstComment is not null && !threads)
                throw new InputException("firstComment", $"{channelName} ({network?.DisplayName}) does not publish a first comment.");
        }

        private static string? Optional(string? value, int maxLength, string field) =>
            value?.Trim() is { Length: > 0 } trimmed
                ? trimmed.Length <= maxLength ? trimmed : throw new InputException(field, $"At most {maxLength} characters.")
                : null;

        [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
        private static partial Regex LanguageTag();
    }
}

/// <param name="Status">Posts with a variant in this status.</param>
/// <param name="ChannelId">Posts with a variant on this channel.</param>
public sealed record PostFilter(string? Status = null, Guid? ChannelId = null, Guid? AuthorId = null);
