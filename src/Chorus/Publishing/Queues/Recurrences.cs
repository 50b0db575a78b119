using System.Globalization;
using Chorus.Platform.Audit;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chorus.Publishing.Queues;

/// <param name="Every">Every how many days or weeks.</param>
/// <param name="Unit">day or week.</param>
/// <param name="Until">The last day an occurrence may fall on (yyyy-MM-dd, in the workspace's zone); or give <paramref name="Times"/>.</param>
/// <param name="Times">How many times in all, the post itself counting as the first; or give <paramref name="Until"/>.</param>
public sealed record RecurrenceRequest(int? Every, string? Unit, string? Until = null, int? Times = null);

/// <summary>An occurrence of a recurring post: its number (1 = the first repeat), its time and the copy that publishes it
/// (null when its time had passed before it could be created).</summary>
public sealed record Occurrence(int Number, DateTimeOffset At, Guid? PostId);

public sealed record PostRecurrence(Guid PostId, int Every, string Unit, DateOnly? Until, int? Times, IReadOnlyList<Occurrence> Occurrences);

/// <summary>
/// Recurring posts: a post published again every N days or weeks, until a date or a number of times. Each occurrence
/// is a copy of the post (approved content stays approved), created ahead of its time by the automation job and then
/// published by the engine like any scheduled post. An occurrence is the same wall-clock time in the workspace's zone
/// as the post, whichever side of a summer-time change it falls. The post must be approved (or scheduled or published)
/// before its repeats are created.
/// </summary>
public sealed class Recurrences(NpgsqlDataSource dataSource, PublishingService publishing, AuditLog audit, IOptions<QueueOptions> options, TimeProvider clock)
{
    public const string Day = "day";
    public const string Week = "week";

    /// <summary>The source's statuses once its content was approved.</summary>
    private static readonly string[] Approved = [VariantStatus.Approved, VariantStatus.Scheduled, VariantStatus.Publishing, VariantStatus.Published];

    /// <summary>The post's recurrence; null when the workspace has no such post or it does not recur.</summary>
    public async Task<PostRecurrence?> FindAsync(WorkspaceContext context, Guid postId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid PostId, int Every, string Unit, DateTime? UntilDate, int? Times)>(new CommandDefinition(
            "select post_id, every, unit, until_date, times from post_recurrences where post_id = @postId and workspace_id = @workspaceId",
            new { postId, workspaceId = context.WorkspaceId }, cancellationToken: cancellationToken));
        if (row.PostId == Guid.Empty) return null;
        var occurrences = (await connection.QueryAsync<(int Number, DateTime At, Guid? PostId)>(new CommandDefinition(
                "select number, at, post_id from post_occurrences where source_post_id = @postId order by number", new { postId }, cancellationToken: cancellationToken)))
            .Select(o => new Occurrence(o.Number, new DateTimeOffset(DateTime.SpecifyKind(o.At, DateTimeKind.Utc)), o.PostId)).ToList();
        return new PostRecurrence(row.PostId, row.Every, row.Unit, row.UntilDate is { } until ? DateOnly.FromDateTime(until) : null, row.Times, occurrences);
    }

    /// <summary>Makes the post recur (or changes how); null when the workspace has no such post.</summary>
    public async Task<PostRecurrence?> SetAsync(WorkspaceContext context, Guid postId, RecurrenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            if (!await PublishingService.LockPostAsync(connection, transaction, context.WorkspaceId, postId, cancellationToken)) return null;
            ArgumentNullException.ThrowIfNull(request);
            var errors = new InputErrors();
            if (request.Every is not (>= 1 and <= 365)) errors.Add("every", "Every 1 to 365 days or weeks.");
            if (request.Unit is not (Day or Week)) errors.Add("unit", $"'{request.Unit}' is not a unit; use {Day} or {Week}.");
            DateOnly? until = string.IsNullOrWhiteSpace(request.Until) ? null : errors.Check(() => Calendar.ZonedTime.ParseDate("until", request.Until));
            if (until is null && request.Times is null) errors.Add("until", "Say until when (a date) or how many times in all.");
            if (until is not null && request.Times is not null) errors.Add("times", "Give a last date or a number of times, not both.");
            if (request.Times is { } times && times is < 2 or > 1000) errors.Add("times", "From 2 to 1000 times in all (the post itself is the first).");
            errors.ThrowIfAny();
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into post_recurrences (post_id, workspace_id, every, unit, until_date, times, created_by, created_at)
                values (@postId, @workspaceId, @every, @unit, @until, @times, @userId, @now)
                on conflict (post_id) do update set every = excluded.every, unit = excluded.unit, until_date = excluded.until_date, times = excluded.times
                """, new
            {
                postId, workspaceId = context.WorkspaceId, every = request.Every, unit = request.Unit, until = until?.ToDateTime(TimeOnly.MinValue),
                times = request.Times, userId = context.Actor.UserId, now = clock.GetUtcNow(),
            }, transaction, cancellationToken: cancellationToken));
            await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.recurrence_set", "post", postId.ToString(),
                new { every = request.Every, unit = request.Unit, until, times = request.Times }, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return await FindAsync(context, postId, cancellationToken);
    }

    /// <summary>Stops the repeats; occurrences already created stay planned. False when the post does not recur.</summary>
    public async Task<bool> RemoveAsync(WorkspaceContext context, Guid postId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var removed = await connection.ExecuteAsync(new CommandDefinition("delete from post_recurrences where post_id = @postId and workspace_id = @workspaceId",
            new { postId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (removed == 0) return false;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.recurrence_removed", "post", postId.ToString(),
            null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Creates every occurrence due within <see cref="QueueOptions.CreateAhead"/> of now, each with its copy, in one
    /// transaction per occurrence whose key (post, number) is inserted first: a second run, or a run on another node
    /// at the same moment, finds the occurrence taken and creates nothing. Answers how many copies it created.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var horizon = now + options.Value.CreateAhead;
        var created = 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var recurring = (await connection.QueryAsync<(Guid PostId, Guid WorkspaceId, int Every, string Unit, DateTime? UntilDate, int? Times, string TimeZone)>(
            new CommandDefinition("""
                select r.post_id, r.workspace_id, r.every, r.unit, r.until_date, r.times, w.time_zone
                from post_recurrences r join workspaces w on w.id = r.workspace_id order by r.post_id
                """, cancellationToken: cancellationToken))).ToList();
        foreach (var recurrence in recurring)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(recurrence.TimeZone);
            var variants = (await connection.QueryAsync<(Guid Id, DateTime ScheduledAt)>(new CommandDefinition("""
                select id, scheduled_at from post_variants
                where post_id = @postId and status = any(@approved) and scheduled_at is not null and channel_id is not null order by id
                """, new { postId = recurrence.PostId, approved = Approved }, cancellationToken: cancellationToken)))
                .Select(v => (v.Id, At: new DateTimeOffset(DateTime.SpecifyKind(v.ScheduledAt, DateTimeKind.Utc)))).ToList();
            if (variants.Count == 0) continue;
            var anchor = variants.Min(v => v.At);
            var last = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "select coalesce(max(number), 0) from post_occurrences where source_post_id = @postId", new { postId = recurrence.PostId },
                cancellationToken: cancellationToken));
            for (var number = last + 1; recurrence.Times is not { } times || number < times; number++)
            {
                var step = recurrence.Every * number * (recurrence.Unit == Week ? 7 : 1);
                var at = Shift(anchor, step, zone);
                if (recurrence.UntilDate is { } until && DateOnly.FromDateTime(Calendar.ZonedTime.InZone(at, zone).DateTime) > DateOnly.FromDateTime(until)) break;
                if (at > horizon) break;
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var isNew = await connection.ExecuteAsync(new CommandDefinition("""
                    insert into post_occurrences (source_post_id, number, at, created_at) values (@postId, @number, @at, @now)
                    on conflict (source_post_id, number) do nothing
                    """, new { postId = recurrence.PostId, number, at, now }, transaction, cancellationToken: cancellationToken)) == 1;
                // A time already past (the recurrence was set on an old post, or the jobs were stopped) is skipped, not published late.
                if (isNew && at > now)
                {
                    var copy = await publishing.CopyAsync(connection, transaction, recurrence.WorkspaceId, recurrence.PostId,
                        variants.ToDictionary(v => v.Id, v => Shift(v.At, step, zone)), $"recurrence {number.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
                    await connection.ExecuteAsync(new CommandDefinition(
                        "update post_occurrences set post_id = @copy where source_post_id = @postId and number = @number",
                        new { copy, postId = recurrence.PostId, number }, transaction, cancellationToken: cancellationToken));
                    if (copy is not null) created++;
                }
                await transaction.CommitAsync(cancellationToken);
            }
        }
        return created;
    }

    /// <summary>The same wall-clock time <paramref name="days"/> later in the zone.</summary>
    public static DateTimeOffset Shift(DateTimeOffset instant, int days, TimeZoneInfo zone) =>
        QueueTimes.At(Calendar.ZonedTime.InZone(instant, zone).DateTime.AddDays(days), zone);
}
