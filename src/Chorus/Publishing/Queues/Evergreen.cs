using System.Globalization;
using Chorus.Platform.Audit;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Queues;

/// <param name="CooldownDays">Days between the post's (or its last copy's) publication and its next time in the queue.</param>
public sealed record EvergreenRequest(int? CooldownDays);

/// <summary>An evergreen post: its cooldown and the copies queued so far, oldest first.</summary>
public sealed record EvergreenPost(Guid PostId, int CooldownDays, IReadOnlyList<Guid> Copies);

/// <summary>
/// Evergreen posts: once a post marked evergreen is published and its cooldown has passed, a copy of it goes into the
/// next free slot of each channel it was published on; once that copy is published, the cooldown starts again. A
/// round's key (post, round) is inserted before its copy in the same transaction, so running twice queues it once.
/// Channels without a queue slot are skipped; with none left, the post waits until a slot exists.
/// </summary>
public sealed class Evergreen(NpgsqlDataSource dataSource, PublishingService publishing, AuditLog audit, TimeProvider clock)
{
    private static readonly string[] Pending = [VariantStatus.Draft, VariantStatus.InReview, VariantStatus.Approved, VariantStatus.Scheduled, VariantStatus.Publishing];

    public async Task<EvergreenPost?> FindAsync(WorkspaceContext context, Guid postId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var cooldown = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "select cooldown_days from evergreen_posts where post_id = @postId and workspace_id = @workspaceId", new { postId, workspaceId = context.WorkspaceId },
            cancellationToken: cancellationToken));
        if (cooldown is not { } days) return null;
        var copies = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "select post_id from evergreen_requeues where source_post_id = @postId and post_id is not null order by round", new { postId },
            cancellationToken: cancellationToken))).ToList();
        return new EvergreenPost(postId, days, copies);
    }

    /// <summary>Marks the post evergreen (or changes its cooldown); null when the workspace has no such post.</summary>
    public async Task<EvergreenPost?> SetAsync(WorkspaceContext context, Guid postId, EvergreenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            if (!await PublishingService.LockPostAsync(connection, transaction, context.WorkspaceId, postId, cancellationToken)) return null;
            ArgumentNullException.ThrowIfNull(request);
            if (request.CooldownDays is not (>= 1 and <= 3650)) throw new InputException("cooldownDays", "From 1 to 3650 days.");
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into evergreen_posts (post_id, workspace_id, cooldown_days, created_by, created_at) values (@postId, @workspaceId, @days, @userId, @now)
                on conflict (post_id) do update set cooldown_days = excluded.cooldown_days
                """, new { postId, workspaceId = context.WorkspaceId, days = request.CooldownDays, userId = context.Actor.UserId, now = clock.GetUtcNow() },
                transaction, cancellationToken: cancellationToken));
            await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.evergreen_set", "post", postId.ToString(),
                new { cooldownDays = request.CooldownDays }, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return await FindAsync(context, postId, cancellationToken);
    }

    /// <summary>Stops recycling the post; copies already queued stay. False when the post is not evergreen.</summary>
    public async Task<bool> RemoveAsync(WorkspaceContext context, Guid postId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var removed = await connection.ExecuteAsync(new CommandDefinition("delete from evergreen_posts where post_id = @postId and workspace_id = @workspaceId",
            new { postId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (removed == 0) return false;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.evergreen_removed", "post", postId.ToString(),
            null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Queues a copy of every evergreen post whose cooldown is over; answers how many copies it queued.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var queued = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var evergreen = (await connection.QueryAsync<(Guid PostId, Guid WorkspaceId, int CooldownDays, int Round, Guid? LastCopy)>(new CommandDefinition("""
            select e.post_id, e.workspace_id, e.cooldown_days, coalesce(r.round, 0) as round, r.post_id as last_copy
            from evergreen_posts e
            left join lateral (select round, post_id from evergreen_requeues where source_post_id = e.post_id order by round desc limit 1) r on true
            order by e.post_id
            """, cancellationToken: cancellationToken))).ToList();
        foreach (var post in evergreen)
        {
            // The cooldown runs from the publication of the last copy (or of the post itself), once nothing of it is still to publish.
            var subject = post.LastCopy ?? post.PostId;
            var state = await connection.QuerySingleAsync<(int Pending, DateTime? PublishedAt, DateTime? ScheduledAt)>(new CommandDefinition("""
                select count(*) filter (where status = any(@pending))::int as pending, max(published_at) as published_at, max(scheduled_at) as scheduled_at
                from post_variants where post_id = @subject
                """, new { subject, pending = Pending }, cancellationToken: cancellationToken));
            // A copy that failed everywhere still counts from its time, so one failure does not end the recycling.
            var basis = state.PublishedAt ?? (post.LastCopy is null ? null : state.ScheduledAt);
            if (state.Pending > 0 || basis is not { } since) continue;
            if (new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)).AddDays(post.CooldownDays) > now) continue;

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var round = post.Round + 1;
            var isNew = await connection.ExecuteAsync(new CommandDefinition("""
                insert into evergreen_requeues (source_post_id, round, created_at) values (@postId, @round, @now) on conflict (source_post_id, round) do nothing
                """, new { postId = post.PostId, round, now }, transaction, cancellationToken: cancellationToken)) == 1;
            if (!isNew) continue;
            var published = (await connection.QueryAsync<(Guid Id, Guid ChannelId)>(new CommandDefinition("""
                select id, channel_id from post_variants where post_id = @postId and status = 'published' and channel_id is not null order by channel_id
                """, new { postId = post.PostId }, transaction, cancellationToken: cancellationToken))).ToList();
            var zone = await QueueService.ZoneAsync(connection, transaction, post.WorkspaceId, cancellationToken);
            var times = new Dictionary<Guid, DateTimeOffset>();
            foreach (var variant in published)
            {
                var name = await QueueService.LockChannelAsync(connection, transaction, post.WorkspaceId, variant.ChannelId, cancellationToken);
                if (name is null) continue;
                try
                {
                    times[variant.Id] = await QueueService.NextFreeAsync(connection, transaction, variant.ChannelId, name, zone, now, null, cancellationToken);
                }
                catch (ConflictException)
                {
                    // No slot on this channel (or a full year): the copy goes to the other channels.
                }
            }
            var copy = times.Count == 0 ? null
                : await publishing.CopyAsync(connection, transaction, post.WorkspaceId, post.PostId, times, $"evergreen round {round.ToString(CultureInfo.InvariantCulture)}",
                    cancellationToken);
            if (copy is null)
            {
                // Nowhere to queue it yet: the round is not spent, the next run tries again.
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }
            await connection.ExecuteAsync(new CommandDefinition("update evergreen_requeues set post_id = @copy where source_post_id = @postId and round = @round",
                new { copy, postId = post.PostId, round }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            queued++;
        }
        return queued;
    }
}
