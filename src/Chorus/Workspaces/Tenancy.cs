using Chorus.Platform.Accounts;
using Chorus.Platform.Audit;
using Dapper;
using Npgsql;

namespace Chorus.Workspaces;

public sealed record WorkspaceSummary(Guid Id, Guid OrganizationId, string OrganizationName, string Name, WorkspaceRole Role);

public sealed record OrganizationSummary(Guid Id, string Name, bool IsOwner);

/// <summary>Organizations and their workspaces: first-run setup, creation, renaming, deletion, who sees what.</summary>
public sealed class Tenancy(NpgsqlDataSource dataSource, UserAccounts accounts, AuditLog audit, TimeProvider clock)
{
    private const long SetupLockKey = 0x43686f72757353; // "ChorusS"

    /// <summary>The longest name of an organization or a workspace (the database checks it too).</summary>
    public const int NameMaxLength = 200;

    public sealed record SetupResult(Guid OrganizationId, Guid WorkspaceId, Guid UserId);

    /// <summary>Creates the first organization, its owner and first workspace. Refused once anyone has an account.</summary>
    public async Task<SetupResult> SetUpAsync(string? organizationName, string? workspaceName, string? displayName, string? email, string? password, string? culture = null, CancellationToken cancellationToken = default)
    {
        var errors = new InputErrors();
        var orgName = errors.Check(() => Input.Required("organizationName", organizationName, NameMaxLength))!;
        var wsName = errors.Check(() => Input.Required("workspaceName", workspaceName, NameMaxLength))!;
        UserAccounts.CheckNewAccount(errors, email, displayName, password, culture);
        errors.ThrowIfAny();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(@key)",
            new { key = SetupLockKey }, transaction, cancellationToken: cancellationToken));
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists(select 1 from users)",
            null, transaction, cancellationToken: cancellationToken)))
            throw new ConflictException("Chorus is already set up; sign in instead.");
        var userId = await accounts.CreateAsync(connection, transaction, email, displayName, password, culture, cancellationToken: cancellationToken);
        var orgId = await CreateOrganizationAsync(connection, transaction, orgName, userId, cancellationToken: cancellationToken);
        var workspaceId = await InsertWorkspaceAsync(connection, transaction, orgId, wsName, userId, cancellationToken: cancellationToken);
        var actor = new Actor(userId, null);
        await audit.WriteAsync(connection, transaction, actor, orgId, null, "organization.created", "organization", orgId.ToString(), new { name = orgName }, cancellationToken: cancellationToken);
        await audit.WriteAsync(connection, transaction, actor, orgId, workspaceId, "workspace.created", "workspace", workspaceId.ToString(), new { name = wsName }, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SetupResult(orgId, workspaceId, userId);
    }

    public async Task<Guid> CreateOrganizationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, Guid ownerId, CancellationToken cancellationToken = default)
    {
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition("insert into organizations (id, name, created_at) values (@id, @name, @now)",
            new { id, name, now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("insert into organization_members (organization_id, user_id, is_owner) values (@id, @ownerId, true)",
            new { id, ownerId }, transaction, cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>An organization owner creates a workspace and becomes its Owner.</summary>
    public async Task<Guid> CreateWorkspaceAsync(Actor actor, Guid organizationId, string? name, CancellationToken cancellationToken = default)
    {
        var wsName = Input.Required("name", name, NameMaxLength);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var isOwner = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists(select 1 from organization_members where organization_id = @organizationId and user_id = @userId and is_owner)", new { organizationId, userId = actor.UserId }, transaction, cancellationToken: cancellationToken));
        if (!isOwner) throw new InputException("organizationId", "Only an owner of the organization can create workspaces in it.");
        var id = await InsertWorkspaceAsync(connection, transaction, organizationId, wsName, actor.UserId, cancellationToken: cancellationToken);
        await audit.WriteAsync(connection, transaction, actor, organizationId, id, "workspace.created", "workspace", id.ToString(), new { name = wsName }, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task RenameWorkspaceAsync(WorkspaceContext context, string? name, CancellationToken cancellationToken = default)
    {
        var wsName = Input.Required("name", name, NameMaxLength);
        // The same name again changes nothing, and the audit log records changes only.
        if (wsName == context.WorkspaceName) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await EnsureUniqueNameAsync(connection, transaction, context.OrganizationId, wsName, context.WorkspaceId, cancellationToken: cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("update workspaces set name = @wsName where id = @id",
            new { wsName, id = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "workspace.renamed", "workspace",
            context.WorkspaceId.ToString(), new { from = context.WorkspaceName, to = wsName }, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task DeleteWorkspaceAsync(WorkspaceContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The audit entry outlives the workspace (its workspace_id is set null on delete) and keeps the organization.
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, null, "workspace.deleted", "workspace",
            context.WorkspaceId.ToString(), new { name = context.WorkspaceName }, cancellationToken: cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("delete from workspaces where id = @id",
            new { id = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkspaceSummary>> WorkspacesOfAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, Guid OrganizationId, string OrganizationName, string Name, string Role)>(new CommandDefinition("""
            select w.id, w.organization_id, o.name as organization_name, w.name, m.role
            from workspace_members m join workspaces w on w.id = m.workspace_id join organizations o on o.id = w.organization_id
            where m.user_id = @userId order by o.name, w.name
            """, new { userId }, cancellationToken: cancellationToken));
        return rows.Select(r => new WorkspaceSummary(r.Id, r.OrganizationId, r.OrganizationName, r.Name, Enum.Parse<WorkspaceRole>(r.Role))).ToList();
    }

    public async Task<IReadOnlyList<OrganizationSummary>> OrganizationsOfAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<OrganizationSummary>(new CommandDefinition("""
            select o.id, o.name, om.is_owner from organization_members om join organizations o on o.id = om.organization_id
            where om.user_id = @userId order by o.name
            """, new { userId }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    private async Task<Guid> InsertWorkspaceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid organizationId, string name, Guid ownerId, CancellationToken cancellationToken = default)
    {
        await EnsureUniqueNameAsync(connection, transaction, organizationId, name, null, cancellationToken: cancellationToken);
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition("insert into workspaces (id, organization_id, name, created_at) values (@id, @organizationId, @name, @now)",
            new { id, organizationId, name, now }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("insert into workspace_members (workspace_id, user_id, role, joined_at) values (@id, @ownerId, 'Owner', @now)",
            new { id, ownerId, now }, transaction, cancellationToken: cancellationToken));
        return id;
    }

    private static async Task EnsureUniqueNameAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid organizationId, string name, Guid? except, CancellationToken cancellationToken = default)
    {
        var taken = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists(select 1 from workspaces where organization_id = @organizationId and lower(name) = lower(@name) and id is distinct from @except)", new { organizationId, name, except }, transaction, cancellationToken: cancellationToken));
        if (taken) throw new InputException("name", "Another workspace of this organization already has this name.");
    }
}
