using Chorus.Platform.Accounts;
using Chorus.Platform.Audit;
using Dapper;
using Npgsql;

namespace Chorus.Workspaces;

public sealed record Member(Guid UserId, string DisplayName, string Email, WorkspaceRole Role, DateTimeOffset JoinedAt);

/// <summary>A workspace's members: listing, role changes and removal, never leaving a workspace without an owner.</summary>
public sealed class Members(NpgsqlDataSource dataSource, AuditLog audit)
{
    public async Task<Page<Member>> ListAsync(WorkspaceContext context, string? cursor, int? limit, CancellationToken cancellationToken = default)
    {
        var take = Cursor.Limit(limit);
        var after = Cursor.Decode(cursor) ?? "";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(Guid UserId, string DisplayName, string Email, string Role, DateTimeOffset JoinedAt, string SortKey)>(new CommandDefinition("""
            select u.id as user_id, u.display_name, u.email, m.role, m.joined_at, lower(u.email) || '|' || u.id as sort_key
            from workspace_members m join users u on u.id = m.user_id
            where m.workspace_id = @workspaceId and lower(u.email) || '|' || u.id > @after
            order by sort_key limit @take
            """, new { workspaceId = context.WorkspaceId, after, take = take + 1 }, cancellationToken: cancellationToken))).ToList();
        var page = Cursor.PageOf(rows, take, r => r.SortKey);
        return new Page<Member>(page.Items.Select(r => new Member(r.UserId, r.DisplayName, r.Email, Enum.Parse<WorkspaceRole>(r.Role), r.JoinedAt)).ToList(), page.Next);
    }

    public async Task<Member?> FindAsync(WorkspaceContext context, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid UserId, string DisplayName, string Email, string Role, DateTimeOffset JoinedAt)>(new CommandDefinition("""
            select u.id as user_id, u.display_name, u.email, m.role, m.joined_at
            from workspace_members m join users u on u.id = m.user_id where m.workspace_id = @workspaceId and m.user_id = @userId
            """, new { workspaceId = context.WorkspaceId, userId }, cancellationToken: cancellationToken));
        return row.UserId == Guid.Empty ? null : new Member(row.UserId, row.DisplayName, row.Email, Enum.Parse<WorkspaceRole>(row.Role), row.JoinedAt);
    }

    /// <summary>False when no such member: the caller answers 404.</summary>
    public async Task<bool> ChangeRoleAsync(WorkspaceContext context, Guid userId, WorkspaceRole role, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockMemberAsync(connection, transaction, context.WorkspaceId, userId, cancellationToken: cancellationToken);
        if (current is null) return false;
        if (!PermissionMatrix.CanGrant(context.Role, role) || !PermissionMatrix.CanGrant(context.Role, current.Value))
            throw new InputException("role", $"A {context.Role} cannot give or take away the {(PermissionMatrix.CanGrant(context.Role, role) ? current : role)} role.");
        // The same role again changes nothing, and the audit log records changes only.
        if (current == role) return true;
        if (current == WorkspaceRole.Owner && role != WorkspaceRole.Owner) await EnsureAnotherOwnerAsync(connection, transaction, context.WorkspaceId, userId, cancellationToken: cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("update workspace_members set role = @role where workspace_id = @workspaceId and user_id = @userId",
            new { role = role.ToString(), workspaceId = context.WorkspaceId, userId }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "member.role_changed", "user", userId.ToString(),
            new { from = current.ToString(), to = role.ToString() }, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> RemoveAsync(WorkspaceContext context, Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockMemberAsync(connection, transaction, context.WorkspaceId, userId, cancellationToken: cancellationToken);
        if (current is null) return false;
        if (!PermissionMatrix.CanGrant(context.Role, current.Value))
            throw new InputException("userId", $"A {context.Role} cannot remove a member whose role is {current}.");
        if (current == WorkspaceRole.Owner) await EnsureAnotherOwnerAsync(connection, transaction, context.WorkspaceId, userId, cancellationToken: cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("delete from workspace_members where workspace_id = @workspaceId and user_id = @userId",
            new { workspaceId = context.WorkspaceId, userId }, transaction, cancellationToken: cancellationToken));
        // A removed member's tokens for this workspace stop working at once.
        await connection.ExecuteAsync(new CommandDefinition("update api_tokens set revoked_at = now() where workspace_id = @workspaceId and user_id = @userId and revoked_at is null",
            new { workspaceId = context.WorkspaceId, userId }, transaction, cancellationToken: cancellationToken));
        // Someone who no longer belongs to the organization (no workspace of it left, not an owner) is signed out everywhere.
        var staysInOrganization = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            select exists(select 1 from workspace_members m join workspaces w on w.id = m.workspace_id where w.organization_id = @organizationId and m.user_id = @userId)
                or exists(select 1 from organization_members where organization_id = @organizationId and user_id = @userId)
            """, new { organizationId = context.OrganizationId, userId }, transaction, cancellationToken: cancellationToken));
        if (!staysInOrganization) await SignInSessions.EndAllAsync(connection, transaction, userId, cancellationToken);
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "member.removed", "user", userId.ToString(),
            new { role = current.ToString() }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<WorkspaceRole?> LockMemberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid workspaceId, Guid userId, CancellationToken cancellationToken = default)
    {
        // Owners are locked together so two owners demoting each other at once cannot leave none.
        var roles = await connection.QueryAsync<(Guid UserId, string Role)>(new CommandDefinition(
            "select user_id, role from workspace_members where workspace_id = @workspaceId and (user_id = @userId or role = 'Owner') for update", new { workspaceId, userId }, transaction, cancellationToken: cancellationToken));
        var role = roles.FirstOrDefault(r => r.UserId == userId).Role;
        return role is null ? null : Enum.Parse<WorkspaceRole>(role);
    }

    private static async Task EnsureAnotherOwnerAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid workspaceId, Guid userId, CancellationToken cancellationToken = default)
    {
        var others = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*) from workspace_members where workspace_id = @workspaceId and role = 'Owner' and user_id <> @userId", new { workspaceId, userId }, transaction, cancellationToken: cancellationToken));
        if (others == 0) throw new ConflictException("A workspace must keep at least one Owner: make someone else Owner first.");
    }
}
