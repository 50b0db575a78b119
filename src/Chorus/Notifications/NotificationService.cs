using System.Globalization;
using System.Text.Json;
using Chorus.Data.Jobs;
using Chorus.Platform.Mail;
using Dapper;
using Npgsql;

namespace Chorus.Notifications;

/// <summary>Who is told: named people, everyone holding one of some roles, or both (each person once). Only members of
/// the workspace are told.</summary>
public sealed record NotificationRecipients(IReadOnlyList<Guid> Users, IReadOnlyList<WorkspaceRole> Roles)
{
    public static NotificationRecipients People(params Guid[] userIds) => new(userIds, []);

    public static NotificationRecipients WithRoles(params WorkspaceRole[] roles) => new([], roles);
}

/// <summary>One notification as its reader sees it (the sentence is rendered from <see cref="Kind"/> and
/// <see cref="Parameters"/> in the reader's language).</summary>
public sealed record Notification(long Id, Guid WorkspaceId, string WorkspaceName, string Kind, IReadOnlyDictionary<string, string> Parameters,
    string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>
/// Telling people that something needs them: stored for the bell and the notifications page, and mailed by a job when
/// SMTP is configured and the person has not turned that kind off.
/// </summary>
public sealed class NotificationService(NpgsqlDataSource dataSource, NotificationKinds kinds, JobQueue queue, MailSender mail, TimeProvider clock)
{
    public const string MailJobKind = "notifications.email";

    public const int MaxParameterLength = 2000;

    public sealed record MailPayload(long NotificationId);

    /// <summary>Notifies in a transaction of its own.</summary>
    public async Task<IReadOnlyList<long>> NotifyAsync(Guid workspaceId, NotificationRecipients recipients, string kind,
        IReadOnlyDictionary<string, string>? parameters = null, string? link = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = await NotifyAsync(connection, transaction, workspaceId, recipients, kind, parameters, link, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    /// <summary>
    /// Notifies inside the caller's transaction, so the notification (and its e-mail job) exists only if the change it
    /// tells about commits. Returns the ids of the notifications made, one per member told.
    /// </summary>
    /// <param name="kind">A registered kind (<see cref="NotificationKindIds"/>); its parameters must all be given.</param>
    /// <param name="link">A path of Chorus ("/w/{workspace}/channels") the notification leads to.</param>
    public async Task<IReadOnlyList<long>> NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid workspaceId,
        NotificationRecipients recipients, string kind, IReadOnlyDictionary<string, string>? parameters = null, string? link = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(recipients);
        var known = kinds.Find(kind) ?? throw new ArgumentException($"Notification kind '{kind}' is not registered (AddNotificationKind).", nameof(kind));
        parameters ??= new Dictionary<string, string>();
        var missing = known.Parameters.Where(name => !parameters.ContainsKey(name)).ToList();
        if (missing.Count > 0) throw new ArgumentException($"Notification kind '{kind}' needs the parameters {string.Join(", ", missing)}.", nameof(parameters));
        var unknown = parameters.Keys.Except(known.Parameters).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"Notification kind '{kind}' takes no parameter {string.Join(", ", unknown)}.", nameof(parameters));
        if (parameters.Values.Any(v => v is null || v.Length > MaxParameterLength))
            throw new ArgumentException($"Notification parameters must be given and at most {MaxParameterLength} characters.", nameof(parameters));
        if (link is not null && (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal) || link.StartsWith("/\\", StringComparison.Ordinal)
            || link.Length > 1000 || link.Any(char.IsControl)))
            throw new ArgumentException($"A notification links to a path of Chorus such as /w/…, not '{link}'.", nameof(link));

        var made = (await connection.QueryAsync<(long Id, bool WantsMail)>(new CommandDefinition("""
            with made as (
                insert into notifications (workspace_id, user_id, kind, parameters, link, created_at)
                select @workspaceId, m.user_id, @kind, @parameters::jsonb, @link, @now
                from workspace_members m
                where m.workspace_id = @workspaceId and (m.user_id = any(@users) or m.role = any(@roles))
                returning id, user_id)
            select made.id, not exists (select 1 from notification_email_opt_outs o where o.user_id = made.user_id and o.kind = @kind) as wants_mail
            from made order by made.id
            """, new
        {
            workspaceId, kind, link, now = clock.GetUtcNow(),
            parameters = JsonSerializer.Serialize(parameters),
            users = recipients.Users.ToArray(),
            roles = recipients.Roles.Select(r => r.ToString()).ToArray(),
        }, transaction, cancellationToken: cancellationToken))).ToList();

        if (mail.IsConfigured)
        {
            foreach (var (id, _) in made.Where(m => m.WantsMail))
            {
                // One job per notification, keyed by it: enqueued twice, it is still one job and one e-mail.
                await queue.EnqueueAsync(connection, transaction, MailJobKind, new MailPayload(id),
                    idempotencyKey: id.ToString(CultureInfo.InvariantCulture), workspaceId: workspaceId, cancellationToken: cancellationToken);
            }
        }
        return made.Select(m => m.Id).ToList();
    }

    /// <summary>A person's notifications, newest first: in one workspace, or (null) in every workspace they are still a member of.</summary>
    public async Task<Page<Notification>> ListAsync(Guid userId, Guid? workspaceId, string? cursor, int? limit, bool unreadOnly = false,
        CancellationToken cancellationToken = default)
    {
        var take = Cursor.Limit(limit);
        var before = Cursor.Decode(cursor) is { } key
            ? long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw Cursor.NotOurs()
            : long.MaxValue;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(long Id, Guid WorkspaceId, string WorkspaceName, string Kind, string Parameters, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)>(
            new CommandDefinition($"""
                select n.id, n.workspace_id, w.name as workspace_name, n.kind, n.parameters::text as parameters, n.link, n.created_at, n.read_at
                from notifications n
                join workspace_members m on m.workspace_id = n.workspace_id and m.user_id = n.user_id
                join workspaces w on w.id = n.workspace_id
                where n.user_id = @userId and n.id < @before
                {(workspaceId is null ? "" : "and n.workspace_id = @workspaceId")}
                {(unreadOnly ? "and n.read_at is null" : "")}
                order by n.id desc limit @take
                """, new { userId, workspaceId, before, take = take + 1 }, cancellationToken: cancellationToken))).ToList();
        var page = Cursor.PageOf(rows, take, r => r.Id.ToString(CultureInfo.InvariantCulture));
        return new Page<Notification>(page.Items.Select(r => new Notification(r.Id, r.WorkspaceId, r.WorkspaceName, r.Kind,
            JsonSerializer.Deserialize<Dictionary<string, string>>(r.Parameters) ?? [], r.Link, r.CreatedAt, r.ReadAt)).ToList(), page.Next);
    }

    /// <summary>How many notifications the person has not read, in every workspace they are a member of (the bell).</summary>
    public async Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
            select count(*) from notifications n
            join workspace_members m on m.workspace_id = n.workspace_id and m.user_id = n.user_id
            where n.user_id = @userId and n.read_at is null
            """, new { userId }, cancellationToken: cancellationToken));
    }

    /// <summary>Marks one of the person's notifications read; false when they have none with this id (in this workspace).</summary>
    public async Task<bool> MarkReadAsync(Guid userId, Guid? workspaceId, long notificationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            update notifications set read_at = coalesce(read_at, @now)
            where id = @notificationId and user_id = @userId {(workspaceId is null ? "" : "and workspace_id = @workspaceId")}
            """, new { notificationId, userId, workspaceId, now = clock.GetUtcNow() }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Marks every unread notification of the person read (in one workspace, or everywhere); returns how many.</summary>
    public async Task<int> MarkAllReadAsync(Guid userId, Guid? workspaceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            update notifications set read_at = @now
            where user_id = @userId and read_at is null {(workspaceId is null ? "" : "and workspace_id = @workspaceId")}
            """, new { userId, workspaceId, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    /// <summary>The kinds the person does not want by e-mail.</summary>
    public async Task<IReadOnlySet<string>> MailOptOutsAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition("select kind from notification_email_opt_outs where user_id = @userId",
            new { userId }, cancellationToken: cancellationToken))).ToHashSet();
    }

    /// <summary>Sets which kinds the person gets by e-mail: every registered kind not in <paramref name="mailed"/> is turned off.</summary>
    public async Task SetMailedKindsAsync(Guid userId, IEnumerable<string> mailed, CancellationToken cancellationToken = default)
    {
        var wanted = mailed.ToHashSet();
        var unknown = wanted.FirstOrDefault(kind => kinds.Find(kind) is null);
        if (unknown is not null) throw new InputException("kinds", $"'{unknown}' is not a kind of notification.");
        var off = kinds.All.Select(k => k.Id).Where(id => !wanted.Contains(id)).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            delete from notification_email_opt_outs where user_id = @userId;
            insert into notification_email_opt_outs (user_id, kind) select @userId, unnest(@off::text[]);
            """, new { userId, off }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}
