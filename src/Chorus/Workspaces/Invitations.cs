using System.Buffers.Text;
using System.Security.Cryptography;
using Chorus.Platform.Audit;
using Chorus.Platform.Shell;
using Dapper;
using Npgsql;

namespace Chorus.Workspaces;

public sealed record Invitation(Guid Id, WorkspaceRole Role, string? Note, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public sealed record InvitationPreview(Guid WorkspaceId, string WorkspaceName, string OrganizationName, WorkspaceRole Role);

/// <summary>Invitations by link: no mail server needed; the link carries a secret of which only a hash is stored.</summary>
public sealed class Invitations(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);
    public const int NoteMaxLength = 200;

    public sealed record Created(Guid Id, string Token, DateTimeOffset ExpiresAt);

    /// <summary>The link to send: on the configured public address, never on the Host the request came with.</summary>
    public static string LinkOf(PublicAddress publicAddress, string token) => publicAddress.To($"/invite/{token}").AbsoluteUri;

    /// <summary>Checks a new invitation's fields into <paramref name="errors"/> (a role that did not parse is given as null).</summary>
    public static void CheckNew(InputErrors errors, WorkspaceContext context, WorkspaceRole? role, string? note)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(context);
        if (role is { } wanted && !PermissionMatrix.CanGrant(context.Role, wanted)) errors.Add("role", $"A {context.Role} cannot invite someone as {wanted}.");
        if (note is { Length: > NoteMaxLength }) errors.Add("note", $"At most {NoteMaxLength} characters.");
    }

    public async Task<Created> CreateAsync(WorkspaceContext context, WorkspaceRole role, string? note, CancellationToken cancellationToken = default)
    {
        var errors = new InputErrors();
        CheckNew(errors, context, role, note);
        errors.ThrowIfAny();
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into invitations (id, workspace_id, token_hash, role, note, created_by, created_at, expires_at)
            values (@id, @workspaceId, @hash, @role, @note, @userId, @now, @expires)
            """, new { id, workspaceId = context.WorkspaceId, hash = SecretHash.Of(token), role = role.ToString(), note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(), userId = context.Actor.UserId, now, expires = now + Lifetime }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "invitation.created", "invitation", id.ToString(), new { role = role.ToString() }, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Created(id, token, now + Lifetime);
    }

    public async Task<IReadOnlyList<Invitation>> ListPendingAsync(WorkspaceContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, string Role, string? Note, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)>(new CommandDefinition("""
            select i.id, i.role, i.note, u.display_name as created_by, i.created_at, i.expires_at
            from invitations i join users u on u.id = i.created_by
            where i.workspace_id = @workspaceId and i.accepted_at is null and i.revoked_at is null and i.expires_at > @now
            order by i.created_at desc
            """, new { workspaceId = context.WorkspaceId, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return rows.Select(r => new Invitation(r.Id, Enum.Parse<WorkspaceRole>(r.Role), r.Note, r.CreatedBy, r.CreatedAt, r.ExpiresAt)).ToList();
    }

    public async Task<bool> RevokeAsync(WorkspaceContext context, Guid invitationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "update invitations set revoked_at = @now where id = @invitationId and workspace_id = @workspaceId and accepted_at is null and revoked_at is null", new { invitationId, workspaceId = context.WorkspaceId, now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        if (changed == 0) return false;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "invitation.revoked", "invitation", invitationId.ToString(), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>What an invitation link offers, or null when it is unknown, used, revoked or expired.</summary>
    public async Task<InvitationPreview?> PreviewAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token)) return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid WorkspaceId, string WorkspaceName, string OrganizationName, string Role)>(new CommandDefinition("""
            select w.id as workspace_id, w.name as workspace_name, o.name as organization_name, i.role
            from invitations i join workspaces w on w.id = i.workspace_id join organizations o on o.id = w.organization_id
            where i.token_hash = @hash and i.accepted_at is null and i.revoked_at is null and i.expires_at > @now
            """, new { hash = SecretHash.Of(token), now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return row.WorkspaceId == Guid.Empty ? null : new InvitationPreview(row.WorkspaceId, row.WorkspaceName, row.OrganizationName, Enum.Parse<WorkspaceRole>(row.Role));
    }

    /// <summary>Joins the workspace; the same transaction can create the account (see AcceptAsNewUserAsync).</summary>
    public async Task<Guid> AcceptAsync(string? token, Guid userId, NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        var ownConnection = connection is null;
        connection ??= await dataSource.OpenConnectionAsync(cancellationToken);
        transaction ??= await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid WorkspaceId, Guid OrganizationId, string Role)>(new CommandDefinition("""
                select i.id, i.workspace_id, w.organization_id, i.role from invitations i join workspaces w on w.id = i.workspace_id
                where i.token_hash = @hash and i.accepted_at is null and i.revoked_at is null and i.expires_at > @now for update of i
                """, new { hash = SecretHash.Of(token ?? ""), now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
            if (row.Id == Guid.Empty) throw new InputException("token", "This invitation link is not valid any more: it was used, revoked or has expired.");
            var already = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists(select 1 from workspace_members where workspace_id = @WorkspaceId and user_id = @userId)",
                new { row.WorkspaceId, userId }, transaction, cancellationToken: cancellationToken));
            if (already) throw new InputException("token", "You are already a member of this workspace.");
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync(new CommandDefinition("insert into workspace_members (workspace_id, user_id, role, joined_at) values (@WorkspaceId, @userId, @Role, @now)",
                new { row.WorkspaceId, userId, row.Role, now }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("update invitations set accepted_at = @now, accepted_by = @userId where id = @Id",
                new { row.Id, userId, now }, transaction, cancellationToken: cancellationToken));
            await audit.WriteAsync(connection, transaction, new Actor(userId, null), row.OrganizationId, row.WorkspaceId, "invitation.accepted", "invitation", row.Id.ToString(), new { role = row.Role }, cancellationToken: cancellationToken);
            if (ownConnection) await transaction.CommitAsync(cancellationToken);
            return row.WorkspaceId;
        }
        finally
        {
            if (ownConnection)
            {
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }

}
