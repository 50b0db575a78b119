using Dapper;
using Npgsql;

namespace Chorus.Publishing;

/// <summary>
/// What the queue, recurring posts, evergreen posts and feed auto-posting need from the workflow, in the caller's
/// transaction: the caller holds its own locks (a channel's queue) and writes its own unique keys (an occurrence, a
/// feed item) in the same transaction as the post, so a second run finds the work done.
/// </summary>
public sealed partial class PublishingService
{
    /// <summary>A variant the queue may give a time: not yet publishing, on a channel still connected.</summary>
    public sealed record PlannableVariant(Guid Id, Guid ChannelId, string Status);

    /// <summary>Locks a post of the workspace for the caller's transaction; false when the workspace has no such post.</summary>
    public static async Task<bool> LockPostAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid workspaceId, Guid postId,
        CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition("select id from posts where id = @postId and workspace_id = @workspaceId for update",
            new { postId, workspaceId }, transaction, cancellationToken: cancellationToken)) is not null;

    public static async Task<IReadOnlyList<PlannableVariant>> PlannableVariantsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid postId,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<PlannableVariant>(new CommandDefinition("""
            select id, channel_id, status from post_variants
            where post_id = @postId and status = any(@statuses) and channel_id is not null order by id
            """, new { postId, statuses = Cancellable }, transaction, cancellationToken: cancellationToken))).ToList();

    /// <summary>
    /// Gives variants of a locked post their times (the queue's slots): approved and scheduled ones are scheduled at
    /// once with a new schedule version (the job of an older time finds itself stale); drafts and those in review keep
    /// the time for when they are approved, as <see cref="ScheduleAsync(WorkspaceContext, Guid, DateTimeOffset?, CancellationToken)"/>
    /// does. Audited as "post.queued" with each variant's time.
    /// </summary>
    public async Task PlanAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkspaceContext context, Guid postId,
        IReadOnlyDictionary<Guid, DateTimeOffset> times, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(times);
        foreach (var (variantId, at) in times)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update post_variants set scheduled_at = @at where id = @variantId and post_id = @postId and status = any(@statuses)",
                new { variantId, postId, at = at.ToUniversalTime(), statuses = Cancellable }, transaction, cancellationToken: cancellationToken));
        }
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.queued", "post", postId.ToString(),
            new { variants = times.Select(t => new { id = t.Key, at = t.Value.ToUniversalTime() }) }, cancellationToken);
        await ScheduleAsync(connection, transaction, Acting.Of(context), postId, [VariantStatus.Approved, VariantStatus.Scheduled], null, cancellationToken,
            times.Keys.ToArray());
        await TouchAsync(connection, transaction, postId, cancellationToken);
    }

    /// <summary>
    /// A new post copying variants of <paramref name="sourcePostId"/> (text, title, link, warning, language, thread
    /// parts, first comment, images), each scheduled at its time in <paramref name="times"/> (keyed by the source
    /// variant). The copy of approved content is approved: the same words were approved once, so a repeat or an
    /// evergreen round does not wait for a second approval. Its author is the source's; the audit log names
    /// <paramref name="automation"/>. Variants whose channel is gone or no longer publishes are left out; null when none is left.
    /// </summary>
    public async Task<Guid?> CopyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid workspaceId, Guid sourcePostId,
        IReadOnlyDictionary<Guid, DateTimeOffset> times, string automation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(times);
        var source = (await connection.QueryAsync<(Guid Id, Guid? ChannelId, string Network, Guid? AuthorId)>(new CommandDefinition("""
            select v.id, v.channel_id, v.network, p.author_id from post_variants v join posts p on p.id = v.post_id
            where v.post_id = @sourcePostId and p.workspace_id = @workspaceId and v.id = any(@ids) and v.channel_id is not null order by v.id
            """, new { sourcePostId, workspaceId, ids = times.Keys.ToArray() }, transaction, cancellationToken: cancellationToken))).ToList();
        var copies = new List<(Guid SourceId, Guid ChannelId, Connectors.Abstractions.IPublisher Publisher)>();
        foreach (var variant in source)
        {
            if (await connectors.OpenAsync(variant.ChannelId!.Value, cancellationToken) is Connectors.Abstractions.IPublisher publisher)
                copies.Add((variant.Id, variant.ChannelId.Value, publisher));
        }
        if (copies.Count == 0) return null;

        var now = clock.GetUtcNow();
        var organizationId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition("select organization_id from workspaces where id = @workspaceId",
            new { workspaceId }, transaction, cancellationToken: cancellationToken));
        var postId = Guid.CreateVersion7(now);
        await connection.ExecuteAsync(new CommandDefinition(
            "insert into posts (id, workspace_id, author_id, created_at, updated_at) values (@postId, @workspaceId, @authorId, @now, @now)",
            new { postId, workspaceId, authorId = source[0].AuthorId, now }, transaction, cancellationToken: cancellationToken));
        foreach (var (sourceId, channelId, publisher) in copies)
        {
            var variantId = Guid.CreateVersion7(now);
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into post_variants (id, post_id, channel_id, network, status, text, title, link, content_warning, language, scheduled_at, idempotency_key)
                select @variantId, @postId, channel_id, network, 'approved', text, title, link, content_warning, language, @at, @key
                from post_variants where id = @sourceId;
                insert into post_variant_media (variant_id, position, media_id, alt_text)
                select @variantId, position, media_id, alt_text from post_variant_media where variant_id = @sourceId;
                """, new { variantId, postId, sourceId, at = times[sourceId].ToUniversalTime(), key = publisher.NewIdempotencyKey() }, transaction,
                cancellationToken: cancellationToken));
            var parts = (await connection.QueryAsync<(short Position, string Kind, string Text)>(new CommandDefinition(
                "select position, kind, text from post_variant_parts where variant_id = @sourceId order by position", new { sourceId }, transaction,
                cancellationToken: cancellationToken))).ToList();
            foreach (var part in parts)
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    insert into post_variant_parts (variant_id, position, kind, text, idempotency_key) values (@variantId, @Position, @Kind, @Text, @key)
                    """, new { variantId, part.Position, part.Kind, part.Text, key = publisher.NewIdempotencyKey() }, transaction,
                    cancellationToken: cancellationToken));
            }
        }
        var acting = new Acting(workspaceId, organizationId, null, Automation: automation);
        await audit.WriteAsync(connection, transaction, null, organizationId, workspaceId, "post.created", "post", postId.ToString(),
            new { copyOf = sourcePostId, channels = copies.Select(c => c.ChannelId), actor = automation }, cancellationToken);
        await ScheduleAsync(connection, transaction, acting, postId, [VariantStatus.Approved], null, cancellationToken);
        return postId;
    }
}
