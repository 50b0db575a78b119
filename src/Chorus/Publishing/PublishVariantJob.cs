using Chorus.Channels;
using Chorus.Connectors.Abstractions;
using Chorus.Data.Jobs;
using Chorus.Notifications;
using Chorus.Platform.Audit;
using Chorus.Publishing.Composer;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chorus.Publishing;

/// <summary>
/// The publishing engine: the "publishing.variant" job publishes one scheduled variant through its channel's connector,
/// on whichever Chorus process claims it. The channel's gate first (a broken channel or a spent request budget
/// postpones without using an attempt); then the post, its thread parts in order (each answering the one before) and
/// its first comment (answering the post), each part's remote id stored as soon as the network gives it, so a retry
/// resumes after the last part published. Before a part is sent it is marked "maybe sent"; a later attempt that finds
/// the mark looks the part up on the network (<see cref="IPublisher.FindPublishedAsync"/>) and adopts what it finds
/// instead of sending it again: at least once underneath, exactly once for people.
/// </summary>
public sealed partial class PublishVariantJob(
    NpgsqlDataSource dataSource,
    ChannelGate gate,
    ChannelConnectors connectors,
    ChannelHealth health,
    VariantMediaStore variantMedia,
    AuditLog audit,
    NotificationService notifications,
    IOptions<ChannelOptions> channelOptions,
    TimeProvider clock,
    ILogger<PublishVariantJob> logger) : IJobHandler
{
    public const string Kind = "publishing.variant";

    /// <summary>Attempts that reached the network (or failed before it answered) before a variant is given up as failed.
    /// The job itself may run more often: postponements do not count, and it is never left dead with its variant
    /// stuck in "publishing".</summary>
    public const int MaxAttempts = 8;

    /// <summary>The job's own attempt limit, far above <see cref="MaxAttempts"/>, so that the variant's count decides.</summary>
    public const int JobMaxAttempts = 1000;

    /// <param name="ScheduleVersion">The schedule this job was enqueued for; a job of an older schedule does nothing.</param>
    public sealed record Payload(Guid VariantId, int ScheduleVersion);

    public async Task<JobOutcome> HandleAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var payload = job.PayloadAs<Payload>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var variant = await connection.QuerySingleOrDefaultAsync<VariantRow>(new CommandDefinition("""
            select v.id, v.post_id, v.channel_id, v.status, v.schedule_version, v.text, v.title, v.link, v.content_warning, v.language,
                   v.idempotency_key, v.maybe_sent, v.remote_id, v.remote_url, v.attempts, p.workspace_id, w.organization_id,
                   p.author_id, coalesce(c.name, v.network) as channel_name
            from post_variants v join posts p on p.id = v.post_id join workspaces w on w.id = p.workspace_id
                left join channels c on c.id = v.channel_id
            where v.id = @id
            """, new { id = payload.VariantId }, cancellationToken: cancellationToken));
        if (variant is null || variant.ScheduleVersion != payload.ScheduleVersion
            || variant.Status is not (VariantStatus.Scheduled or VariantStatus.Publishing))
        {
            // Cancelled, rescheduled (a newer job has it) or already done.
            return JobOutcome.Succeeded;
        }
        if (variant.ChannelId is not { } channelId)
        {
            await FailAsync(connection, variant, "The channel was disconnected before the post was published.", cancellationToken);
            return JobOutcome.Succeeded;
        }
        if (variant.Attempts >= MaxAttempts)
        {
            await FailAsync(connection, variant, $"Given up after {variant.Attempts} attempts.", cancellationToken);
            return JobOutcome.Succeeded;
        }
        if (await gate.HoldAsync(channelId, cancellationToken) is { } postponed)
        {
            if (postponed.Kind != JobOutcomeKind.Dead) return postponed;
            await FailAsync(connection, variant, postponed.Error!, cancellationToken);
            return JobOutcome.Succeeded;
        }

        // The transition and its audit entry in one commit (one disk flush per step matters when a thousand posts fall due at once).
        await using (var starting = await connection.BeginTransactionAsync(cancellationToken))
        {
            var started = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("""
                update post_variants v set status = 'publishing', attempts = v.attempts + 1
                from (select status from post_variants where id = @id for update) before
                where v.id = @id and v.schedule_version = @version and v.status in ('scheduled', 'publishing')
                returning before.status
                """, new { id = variant.Id, version = variant.ScheduleVersion }, starting, cancellationToken: cancellationToken));
            if (started is null) return JobOutcome.Succeeded;
            if (started == VariantStatus.Scheduled)
                await AuditAsync(connection, starting, variant, "post.publishing", new { variant = variant.Id, attempt = variant.Attempts + 1 }, cancellationToken);
            await starting.CommitAsync(cancellationToken);
        }

        if (await connectors.OpenAsync(channelId, cancellationToken) is not IPublisher publisher)
        {
            await FailAsync(connection, variant, "The channel was disconnected before the post was published.", cancellationToken);
            return JobOutcome.Succeeded;
        }

        foreach (var part in await PartsAsync(connection, variant, cancellationToken))
        {
            var inReplyTo = part.Kind switch
            {
                PartKind.Post => null,
                PartKind.FirstComment => variant.RemoteId,
                _ => part.Previous?.RemoteId ?? variant.RemoteId,
            };
            var outcome = await PublishPartAsync(connection, publisher, variant, part, inReplyTo, cancellationToken);
            if (outcome is not null) return await SettleAsync(connection, variant, channelId, outcome, cancellationToken);
        }

        await using (var done = await connection.BeginTransactionAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                update post_variants set status = 'published', published_at = @now, error = null where id = @id
                """, new { id = variant.Id, now = clock.GetUtcNow() }, done, cancellationToken: cancellationToken));
            await AuditAsync(connection, done, variant, "post.published", new { variant = variant.Id, remoteId = variant.RemoteId, url = variant.RemoteUrl },
                cancellationToken);
            await done.CommitAsync(cancellationToken);
        }
        LogPublished(logger, variant.Id, variant.RemoteId!);
        return JobOutcome.Succeeded;
    }

    /// <summary>Publishes one part unless it is out already; null when it is out, the failure otherwise.</summary>
    private async Task<ConnectorResult?> PublishPartAsync(NpgsqlConnection connection, IPublisher publisher, VariantRow variant, Part part, string? inReplyTo,
        CancellationToken cancellationToken)
    {
        if (part.RemoteId is not null) return null;
        var draft = new PostDraft
        {
            Media = part.Kind == PartKind.Post ? await variantMedia.AttachmentsAsync(variant.WorkspaceId, variant.Id, cancellationToken) : [],
            IdempotencyKey = part.IdempotencyKey,
            Text = part.Kind == PartKind.Post ? WithLink(variant.Text, variant.Link) : part.Text,
            Title = part.Kind == PartKind.Post ? variant.Title : null,
            ContentWarning = part.Kind == PartKind.Post ? variant.ContentWarning : null,
            Language = variant.Language,
            InReplyToRemoteId = inReplyTo,
        };
        if (part.MaybeSent)
        {
            // An earlier attempt sent this part and never heard back: the network may have it.
            var found = await publisher.FindPublishedAsync(draft, cancellationToken);
            if (!found.Succeeded) return found;
            if (found.Value is { } adopted)
            {
                LogAdopted(logger, variant.Id, part.Position, adopted.RemoteId);
                await StoreAsync(connection, variant, part, adopted, cancellationToken);
                return null;
            }
        }

        await MarkSentAsync(connection, variant, part, true, cancellationToken);
        var published = await publisher.PublishAsync(draft, cancellationToken);
        if (published.Succeeded)
        {
            await StoreAsync(connection, variant, part, published.Value!, cancellationToken);
            return null;
        }
        // The network answered with a refusal: nothing went out.
        if (published.Outcome is ConnectorOutcome.RateLimited or ConnectorOutcome.Permanent)
            await MarkSentAsync(connection, variant, part, false, cancellationToken);
        return published;
    }

    /// <summary>What a failed part means for the variant and the job.</summary>
    private async Task<JobOutcome> SettleAsync(NpgsqlConnection connection, VariantRow variant, Guid channelId, ConnectorResult failure, CancellationToken cancellationToken)
    {
        var reason = failure.Reason ?? "The network refused without saying why.";
        switch (failure.Outcome)
        {
            case ConnectorOutcome.RateLimited:
                await GiveBackAttemptAsync(connection, variant, cancellationToken);
                return gate.RateLimited(channelId, failure);
            case ConnectorOutcome.Permanent when failure.IsAuthFailure:
                // Refused credentials: the health check decides whether the channel is broken; a broken channel
                // waits for a person to reconnect it, and the gate holds its work until then.
                var check = await health.CheckAsync(channelId, cancellationToken);
                await GiveBackAttemptAsync(connection, variant, cancellationToken);
                return check is { Succeeded: false }
                    ? JobOutcome.RetryAt(clock.GetUtcNow() + channelOptions.Value.BrokenChannelRetryDelay, reason)
                    : JobOutcome.Failed(reason);
            case ConnectorOutcome.Permanent:
                await FailAsync(connection, variant, reason, cancellationToken);
                return JobOutcome.Succeeded;
            default:
                LogTransient(logger, variant.Id, variant.Attempts + 1, reason);
                return JobOutcome.Failed(reason);
        }
    }

    private async Task<List<Part>> PartsAsync(NpgsqlConnection connection, VariantRow variant, CancellationToken cancellationToken)
    {
        var parts = new List<Part> { new(PartKind.Post, 0, variant.Text, variant.IdempotencyKey, variant.MaybeSent, variant.RemoteId, null) };
        var rows = await connection.QueryAsync<(short Position, string Kind, string Text, string IdempotencyKey, bool MaybeSent, string? RemoteId)>(new CommandDefinition("""
            select position, kind, text, idempotency_key, maybe_sent, remote_id from post_variant_parts where variant_id = @id order by position
            """, new { id = variant.Id }, cancellationToken: cancellationToken));
        Part? previousThreadPart = null;
        foreach (var row in rows)
        {
            var part = new Part(row.Kind == "thread" ? PartKind.Thread : PartKind.FirstComment, row.Position, row.Text, row.IdempotencyKey, row.MaybeSent,
                row.RemoteId, previousThreadPart);
            if (part.Kind == PartKind.Thread) previousThreadPart = part;
            parts.Add(part);
        }
        return parts;
    }

    private async Task MarkSentAsync(NpgsqlConnection connection, VariantRow variant, Part part, bool maybeSent, CancellationToken cancellationToken)
    {
        var sql = part.Kind == PartKind.Post
            ? "update post_variants set maybe_sent = @maybeSent where id = @id"
            : "update post_variant_parts set maybe_sent = @maybeSent where variant_id = @id and position = @position";
        // Not cancellable: the mark must be written before the request goes out, or a lost answer goes unnoticed.
        await connection.ExecuteAsync(new CommandDefinition(sql, new { id = variant.Id, position = part.Position, maybeSent }, cancellationToken: CancellationToken.None));
        part.MaybeSent = maybeSent;
    }

    private async Task StoreAsync(NpgsqlConnection connection, VariantRow variant, Part part, PublishedPost post, CancellationToken cancellationToken)
    {
        var url = post.Url?.AbsoluteUri;
        var sql = part.Kind == PartKind.Post
            ? "update post_variants set remote_id = @remoteId, remote_url = @url, maybe_sent = false where id = @id"
            : "update post_variant_parts set remote_id = @remoteId, remote_url = @url, published_at = @now, maybe_sent = false where variant_id = @id and position = @position";
        // Not cancellable: the network has the post; forgetting its id would publish it again.
        await connection.ExecuteAsync(new CommandDefinition(sql, new { id = variant.Id, position = part.Position, remoteId = post.RemoteId, url, now = clock.GetUtcNow() },
            cancellationToken: CancellationToken.None));
        part.RemoteId = post.RemoteId;
        if (part.Kind == PartKind.Post)
        {
            variant.RemoteId = post.RemoteId;
            variant.RemoteUrl = url;
        }
    }

    private static async Task GiveBackAttemptAsync(NpgsqlConnection connection, VariantRow variant, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("update post_variants set attempts = greatest(attempts - 1, 0) where id = @id",
            new { id = variant.Id }, cancellationToken: cancellationToken));

    /// <summary>Marks the variant failed with the network's message and tells its author, in one transaction: a failure
    /// nobody hears of is a post silently missing from the network.</summary>
    private async Task FailAsync(NpgsqlConnection connection, VariantRow variant, string reason, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var failed = await connection.ExecuteAsync(new CommandDefinition("""
            update post_variants set status = 'failed', error = @reason, maybe_sent = false where id = @id and status in ('scheduled', 'publishing')
            """, new { id = variant.Id, reason }, transaction, cancellationToken: cancellationToken));
        if (failed == 1)
        {
            await connection.ExecuteAsync(new CommandDefinition("update post_variant_parts set maybe_sent = false where variant_id = @id", new { id = variant.Id },
                transaction, cancellationToken: cancellationToken));
            await AuditAsync(connection, transaction, variant, "post.failed", new { variant = variant.Id, reason }, cancellationToken);
            if (variant.AuthorId is { } author)
            {
                await notifications.NotifyAsync(connection, transaction, variant.WorkspaceId, NotificationRecipients.People(author), NotificationKindIds.PublishFailed,
                    new Dictionary<string, string>
                    {
                        ["post"] = Excerpt(variant.Title ?? variant.Text),
                        ["channel"] = variant.ChannelName,
                        ["error"] = Excerpt(reason, NotificationService.MaxParameterLength),
                    }, $"/w/{variant.WorkspaceId}/posts", cancellationToken);
            }
            LogFailed(logger, variant.Id, reason);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task AuditAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, VariantRow variant, string action, object details,
        CancellationToken cancellationToken) =>
        await audit.WriteAsync(connection, transaction, null, variant.OrganizationId, variant.WorkspaceId, action, "post", variant.PostId.ToString(), details,
            cancellationToken);

    private static string Excerpt(string text, int length = 80) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");

    /// <summary>The variant's link goes at the end of its text unless the text already carries it.</summary>
    internal static string WithLink(string text, string? link) =>
        link is null || text.Contains(link, StringComparison.Ordinal) ? text : $"{text}\n\n{link}";

    private enum PartKind
    {
        Post,
        Thread,
        FirstComment,
    }

    /// <summary>The post (position 0) or one of the parts published after it.</summary>
    private sealed class Part(PartKind kind, short position, string text, string idempotencyKey, bool maybeSent, string? remoteId, Part? previous)
    {
        public PartKind Kind { get; } = kind;
        public short Position { get; } = position;
        public string Text { get; } = text;
        public string IdempotencyKey { get; } = idempotencyKey;
        public bool MaybeSent { get; set; } = maybeSent;
        public string? RemoteId { get; set; } = remoteId;

        /// <summary>The thread part this one answers; null for the first, which answers the post.</summary>
        public Part? Previous { get; } = previous;
    }

    private sealed class VariantRow
    {
        public Guid Id { get; init; }
        public Guid PostId { get; init; }
        public Guid? ChannelId { get; init; }
        public string Status { get; init; } = "";
        public int ScheduleVersion { get; init; }
        public string Text { get; init; } = "";
        public string? Title { get; init; }
        public string? Link { get; init; }
        public string? ContentWarning { get; init; }
        public string? Language { get; init; }
        public string IdempotencyKey { get; init; } = "";
        public bool MaybeSent { get; init; }
        public string? RemoteId { get; set; }
        public string? RemoteUrl { get; set; }
        public int Attempts { get; init; }
        public Guid WorkspaceId { get; init; }
        public Guid OrganizationId { get; init; }
        public Guid? AuthorId { get; init; }
        public string ChannelName { get; init; } = "";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Variant {VariantId} published as {RemoteId}")]
    private static partial void LogPublished(ILogger logger, Guid variantId, string remoteId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Variant {VariantId} part {Position} was already on the network as {RemoteId}; adopted, not sent again")]
    private static partial void LogAdopted(ILogger logger, Guid variantId, int position, string remoteId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Variant {VariantId} attempt {Attempt} failed and will be retried: {Reason}")]
    private static partial void LogTransient(ILogger logger, Guid variantId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Variant {VariantId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid variantId, string reason);
}
