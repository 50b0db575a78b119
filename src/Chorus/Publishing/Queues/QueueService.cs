using System.Text.Json.Serialization;
using Chorus.Connectors.Abstractions;
using Chorus.Platform.Audit;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Queues;

/// <summary>A weekly time slot of a channel's queue: a weekday (1 Monday … 7 Sunday) and a time in the workspace's zone.</summary>
public sealed record QueueSlot(Guid Id, Guid ChannelId, int Weekday, TimeOnly Time)
{
    /// <summary>monday … sunday.</summary>
    public string Day => QueueTimes.WeekdayNames[Weekday - 1];

    [JsonIgnore]
    public string Label => $"{Day} {Time:HH\\:mm}";
}

/// <param name="Weekday">monday … sunday, or 1 … 7 (Monday first).</param>
/// <param name="Time">HH:mm, in the workspace's time zone.</param>
public sealed record QueueSlotRequest(string? Weekday, string? Time);

/// <param name="Channels">Only these channels' variants (all of the post's when absent).</param>
public sealed record AddToQueueRequest(IReadOnlyList<Guid>? Channels = null);

/// <summary>The channel's next free slot, as an instant and as the workspace's clocks show it.</summary>
public sealed record NextSlot(Guid ChannelId, DateTimeOffset At, string TimeZone, DateTimeOffset Local);

/// <summary>
/// Channels' queues: their weekly slots, and "add to queue", which plans a post's variants at each channel's next free
/// slot. A slot is free when no other planned variant of the channel (draft with a time, in review, approved,
/// scheduled, publishing or published) stands at that instant. Two people adding to the same queue at once cannot take
/// the same slot: the channel's row is locked while its next free slot is read and taken, and the variant's time is
/// written through <see cref="PublishingService.PlanAsync"/>, so the workflow (approval first, then scheduling with
/// its job) and the audit log apply as for any other time.
/// </summary>
public sealed class QueueService(NpgsqlDataSource dataSource, PublishingService publishing, NetworkCatalog networks, AuditLog audit, TimeProvider clock)
{
    private static readonly string[] Unplanned = [VariantStatus.Cancelled, VariantStatus.Failed];

    /// <summary>The channel's slots in week order; null when the workspace has no such channel.</summary>
    public async Task<IReadOnlyList<QueueSlot>?> SlotsAsync(WorkspaceContext context, Guid channelId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await ChannelNameAsync(connection, null, context.WorkspaceId, channelId, false, cancellationToken) is null) return null;
        return await SlotsAsync(connection, null, channelId, cancellationToken);
    }

    /// <summary>Every slot of the workspace's channels, by channel then week order.</summary>
    public async Task<IReadOnlyList<QueueSlot>> AllSlotsAsync(WorkspaceContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(Guid Id, Guid ChannelId, short Weekday, TimeSpan LocalTime)>(new CommandDefinition(
                "select id, channel_id, weekday, local_time from queue_slots where workspace_id = @workspaceId order by channel_id, weekday, local_time",
                new { workspaceId = context.WorkspaceId }, cancellationToken: cancellationToken)))
            .Select(s => new QueueSlot(s.Id, s.ChannelId, s.Weekday, TimeOnly.FromTimeSpan(s.LocalTime))).ToList();
    }

    /// <summary>Adds a slot to the channel's week; null when the workspace has no such channel.</summary>
    public async Task<QueueSlot?> AddSlotAsync(WorkspaceContext context, Guid channelId, QueueSlotRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var channel = await connection.QuerySingleOrDefaultAsync<(string Name, string Network)>(new CommandDefinition(
            "select name, network from channels where id = @channelId and workspace_id = @workspaceId for no key update",
            new { channelId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (channel.Name is null) return null;
        // Read once the channel is known to be the caller's: another workspace's id answers 404 whatever the body says.
        ArgumentNullException.ThrowIfNull(request);
        var errors = new InputErrors();
        var weekday = errors.Check(() => QueueTimes.ParseWeekday("weekday", request.Weekday));
        var time = errors.Check(() => QueueTimes.ParseTime("time", request.Time));
        errors.ThrowIfAny();
        if (networks.Find(channel.Network) is not { } network || !network.Capabilities.HasFlag(ConnectorCapabilities.PublishText))
            throw new ConflictException($"{channel.Name} cannot publish posts, so it has no queue.");
        var slot = new QueueSlot(Guid.CreateVersion7(clock.GetUtcNow()), channelId, weekday, time);
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            insert into queue_slots (id, workspace_id, channel_id, weekday, local_time, created_at)
            values (@Id, @workspaceId, @ChannelId, @weekday, @time, @now)
            on conflict (channel_id, weekday, local_time) do nothing
            """, new { slot.Id, workspaceId = context.WorkspaceId, slot.ChannelId, weekday = (short)weekday, time = time.ToTimeSpan(), now = clock.GetUtcNow() },
            transaction, cancellationToken: cancellationToken));
        if (inserted == 0) throw new InputException("time", $"{channel.Name} already has a slot on {slot.Label}.");
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "queue.slot_added", "channel", channelId.ToString(),
            new { slot = slot.Id, weekday = slot.Day, time = slot.Time.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return slot;
    }

    /// <summary>Removes a slot; posts already planned at its times keep them. False when the workspace has no such slot.</summary>
    public async Task<bool> RemoveSlotAsync(WorkspaceContext context, Guid channelId, Guid queueSlotId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var removed = await connection.QuerySingleOrDefaultAsync<(short Weekday, TimeSpan LocalTime)?>(new CommandDefinition("""
            delete from queue_slots where id = @queueSlotId and channel_id = @channelId and workspace_id = @workspaceId returning weekday, local_time
            """, new { queueSlotId, channelId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (removed is not { } slot) return false;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "queue.slot_removed", "channel", channelId.ToString(),
            new { slot = queueSlotId, weekday = QueueTimes.WeekdayNames[slot.Weekday - 1], time = TimeOnly.FromTimeSpan(slot.LocalTime).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) },
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The channel's next free slot after <paramref name="after"/> (now when null); null when the workspace has no such channel.</summary>
    public async Task<NextSlot?> NextFreeAsync(WorkspaceContext context, Guid channelId, DateTimeOffset? after = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var name = await ChannelNameAsync(connection, null, context.WorkspaceId, channelId, false, cancellationToken);
        if (name is null) return null;
        var zone = await ZoneAsync(connection, null, context.WorkspaceId, cancellationToken);
        var at = await NextFreeAsync(connection, null, channelId, name, zone, after ?? clock.GetUtcNow(), null, cancellationToken);
        return new NextSlot(channelId, at, zone.Id, Calendar.ZonedTime.InZone(at, zone));
    }

    /// <summary>
    /// Plans the post's variants (all, or those on <paramref name="request"/>'s channels) at each channel's next free
    /// slot; null when the workspace has no such post. Approved and scheduled variants are scheduled at once; drafts and
    /// those in review keep the slot for when they are approved.
    /// </summary>
    public async Task<Post?> AddToQueueAsync(WorkspaceContext context, Guid postId, AddToQueueRequest? request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await PublishingService.LockPostAsync(connection, transaction, context.WorkspaceId, postId, cancellationToken)) return null;
        var variants = await PublishingService.PlannableVariantsAsync(connection, transaction, postId, cancellationToken);
        if (request?.Channels is { Count: > 0 } only)
        {
            if (only.FirstOrDefault(c => variants.All(v => v.ChannelId != c)) is var missing && missing != Guid.Empty)
                throw new InputException("channels", $"{missing} has no variant of this post that can be queued.");
            variants = variants.Where(v => only.Contains(v.ChannelId)).ToList();
        }
        if (variants.Count == 0) throw new ConflictException("Nothing of this post can be queued: it is publishing, published, failed or cancelled.");

        var zone = await ZoneAsync(connection, transaction, context.WorkspaceId, cancellationToken);
        var now = clock.GetUtcNow();
        var times = new Dictionary<Guid, DateTimeOffset>();
        // Channels in a fixed order, so two posts queued on the same two channels lock them in the same order.
        foreach (var variant in variants.OrderBy(v => v.ChannelId))
        {
            var name = await ChannelNameAsync(connection, transaction, context.WorkspaceId, variant.ChannelId, true, cancellationToken) ?? "?";
            times[variant.Id] = await NextFreeAsync(connection, transaction, variant.ChannelId, name, zone, now, postId, cancellationToken);
        }
        await publishing.PlanAsync(connection, transaction, context, postId, times, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await publishing.FindAsync(context, postId, cancellationToken);
    }

    /// <summary>
    /// The channel's next free slot, for the caller that holds the channel's lock (<see cref="LockChannelAsync"/>) until
    /// it commits the variant there. A conflict when the channel has no slot or every slot of the next year is taken.
    /// </summary>
    /// <param name="exceptPost">A post whose own variants do not count as taking a slot (it is being queued again).</param>
    public static async Task<DateTimeOffset> NextFreeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid channelId, string channelName,
        TimeZoneInfo zone, DateTimeOffset after, Guid? exceptPost, CancellationToken cancellationToken)
    {
        var slots = await SlotsAsync(connection, transaction, channelId, cancellationToken);
        if (slots.Count == 0) throw new ConflictException($"{channelName} has no queue slot yet: add its weekly times first.");
        var taken = (await connection.QueryAsync<DateTime>(new CommandDefinition("""
            select scheduled_at from post_variants
            where channel_id = @channelId and scheduled_at > @after and status <> all(@unplanned) and (@exceptPost::uuid is null or post_id <> @exceptPost)
            """, new { channelId, after, unplanned = Unplanned, exceptPost }, transaction, cancellationToken: cancellationToken)))
            .Select(t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc))).ToHashSet();
        return QueueTimes.NextFree(slots, zone, after, taken)
            ?? throw new ConflictException($"Every slot of {channelName}'s queue is taken for the next {QueueTimes.SearchWeeks} weeks.");
    }

    /// <summary>Locks the channel's queue until the caller's transaction ends; its name, or null when the workspace has no such channel.</summary>
    public static Task<string?> LockChannelAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid workspaceId, Guid channelId,
        CancellationToken cancellationToken) =>
        ChannelNameAsync(connection, transaction, workspaceId, channelId, true, cancellationToken);

    public static async Task<TimeZoneInfo> ZoneAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid workspaceId, CancellationToken cancellationToken) =>
        TimeZoneInfo.FindSystemTimeZoneById(await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "select time_zone from workspaces where id = @workspaceId", new { workspaceId }, transaction, cancellationToken: cancellationToken)) ?? "UTC");

    private static async Task<IReadOnlyList<QueueSlot>> SlotsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid channelId,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(Guid Id, short Weekday, TimeSpan LocalTime)>(new CommandDefinition(
            "select id, weekday, local_time from queue_slots where channel_id = @channelId order by weekday, local_time",
            new { channelId }, transaction, cancellationToken: cancellationToken)))
        .Select(s => new QueueSlot(s.Id, channelId, s.Weekday, TimeOnly.FromTimeSpan(s.LocalTime))).ToList();

    // "For no key update": it queues other writers of the same channel's queue behind this one, but not the inserts of
    // rows that merely reference the channel (a variant, a job), which take a key-share lock.
    private static Task<string?> ChannelNameAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid workspaceId, Guid channelId, bool lockIt,
        CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select name from channels where id = @channelId and workspace_id = @workspaceId" + (lockIt ? " for no key update" : ""),
            new { channelId, workspaceId }, transaction, cancellationToken: cancellationToken));
}
