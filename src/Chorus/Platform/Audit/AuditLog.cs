using System.Text.Json;
using Dapper;
using Npgsql;

namespace Chorus.Platform.Audit;

/// <param name="TargetName">The target's current name (a person, channel, token or workspace), or the one recorded.</param>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Action, Guid? ActorUserId, string? ActorName, Guid? ActorTokenId,
    string? TargetType, string? TargetId, string Details, string? TargetName = null);

/// <summary>Who did what, when: written in the same transaction as the privileged change it records.</summary>
public sealed class AuditLog(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Actor? actor, Guid? organizationId,
        Guid? workspaceId, string action, string? targetType = null, string? targetId = null, object? details = null, CancellationToken cancellationToken = default)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into audit_log (organization_id, workspace_id, actor_user_id, actor_token_id, action, target_type, target_id, details, at)
            values (@organizationId, @workspaceId, @userId, @tokenId, @action, @targetType, @targetId, @details::jsonb, @at)
            """, new
            {
                organizationId, workspaceId, userId = actor?.UserId, tokenId = actor?.TokenId, action, targetType, targetId,
                details = JsonSerializer.Serialize(details ?? new { }), at = clock.GetUtcNow(),
            }, transaction, cancellationToken: cancellationToken));
    }

    public async Task<Page<AuditEntry>> ListAsync(Guid workspaceId, string? cursor, int? limit, CancellationToken cancellationToken = default)
    {
        var take = Cursor.Limit(limit);
        var after = Cursor.Decode(cursor) is { } key ? long.TryParse(key, out var id) ? id : throw Cursor.NotOurs() : long.MaxValue;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(long Id, DateTimeOffset At, string Action, Guid? ActorUserId, string? ActorName, Guid? ActorTokenId, string? TargetType, string? TargetId, string Details, string? TargetName)>(new CommandDefinition("""
            select a.id, a.at, a.action, a.actor_user_id, coalesce(u.display_name, a.details->>'actor') as actor_name, a.actor_token_id,
                   a.target_type, a.target_id, a.details::text as details,
                   coalesce(target_user.display_name, target_channel.name, target_token.name, target_workspace.name, a.details->>'name') as target_name
            from audit_log a left join users u on u.id = a.actor_user_id
            left join users target_user on a.target_type = 'user' and target_user.id::text = a.target_id
            left join channels target_channel on a.target_type = 'channel' and target_channel.id::text = a.target_id
            left join api_tokens target_token on a.target_type = 'token' and target_token.id::text = a.target_id
            left join workspaces target_workspace on a.target_type = 'workspace' and target_workspace.id::text = a.target_id
            where a.workspace_id = @workspaceId and a.id < @after
            order by a.id desc limit @take
            """, new { workspaceId, after, take = take + 1 }, cancellationToken: cancellationToken))).ToList();
        var page = Cursor.PageOf(rows, take, r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new Page<AuditEntry>(page.Items.Select(r => new AuditEntry(r.Id, r.At, r.Action, r.ActorUserId, r.ActorName, r.ActorTokenId, r.TargetType, r.TargetId, r.Details, r.TargetName)).ToList(), page.Next);
    }
}
