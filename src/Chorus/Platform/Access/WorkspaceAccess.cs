using System.Collections.Frozen;
using Dapper;
using Npgsql;

namespace Chorus.Platform.Access;

/// <summary>
/// The workspace a request acts in, with what the actor may do there. An API token acts with the permissions that
/// both its role and its owner's current role allow, so lowering a member's role also lowers their tokens.
/// </summary>
public sealed partial record WorkspaceContext(Guid WorkspaceId, Guid OrganizationId, string WorkspaceName, WorkspaceRole Role,
    IReadOnlySet<Permission> Permissions, Actor Actor)
{
    public bool Can(Permission permission) => Permissions.Contains(permission);
}

public sealed class WorkspaceAccess(NpgsqlDataSource dataSource)
{
    /// <summary>Null when the actor is not a member (or their token is for another workspace): callers answer 404.</summary>
    public async Task<WorkspaceContext?> ResolveAsync(Actor actor, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid OrganizationId, string Name, string Role, string? TokenRole)>(new CommandDefinition("""
            select w.id, w.organization_id, w.name, m.role, t.role as token_role
            from workspaces w
            join workspace_members m on m.workspace_id = w.id and m.user_id = @userId
            left join api_tokens t on t.id = @tokenId and t.workspace_id = w.id
            where w.id = @workspaceId
            """, new { workspaceId, userId = actor.UserId, tokenId = actor.TokenId }, cancellationToken: cancellationToken));
        if (row.Id == Guid.Empty) return null;
        var role = Enum.Parse<WorkspaceRole>(row.Role);
        IReadOnlySet<Permission> permissions = PermissionMatrix.PermissionsOf(role);
        if (actor.TokenId is not null)
        {
            // The token authentication already checked it is live; the join found it only if it belongs to this workspace.
            if (row.TokenRole is null) return null;
            permissions = permissions.Intersect(PermissionMatrix.PermissionsOf(Enum.Parse<WorkspaceRole>(row.TokenRole))).ToFrozenSet();
        }
        return new WorkspaceContext(row.Id, row.OrganizationId, row.Name, role, permissions, actor);
    }
}

public sealed partial record WorkspaceContext
{
    /// <summary>Minimal-API binding: the context the access middleware resolved for this request.</summary>
    public static ValueTask<WorkspaceContext?> BindAsync(Microsoft.AspNetCore.Http.HttpContext http) =>
        ValueTask.FromResult<WorkspaceContext?>(Access.WorkspaceAccessMiddleware.Current(http));
}
