using System.Buffers.Text;
using System.Security.Cryptography;
using Chorus.Platform.Audit;
using Dapper;
using Npgsql;

namespace Chorus.Workspaces;

public sealed record ApiToken(Guid Id, string Name, WorkspaceRole Role, string Prefix, Guid UserId, string OwnerName,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// Personal API tokens for the REST API: scoped to one workspace and a role no stronger than their owner's; only a
/// SHA-256 of the secret is kept, so a token is shown once at creation.
/// </summary>
public sealed class ApiTokens(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock)
{
    public const string SecretPrefix = "chorus_";
    public const int NameMaxLength = 100;
    public const int MaxLifetimeDays = 3650;

    public sealed record Created(Guid Id, string Secret, ApiToken Token);

    public async Task<Created> CreateAsync(WorkspaceContext context, string? name, WorkspaceRole role, int? expiresInDays, CancellationToken cancellationToken = default)
    {
        // Tokens are not made with tokens: a stolen token must not be able to mint others.
        if (context.Actor.TokenId is not null) throw new InputException("token", "API tokens can only be created by a signed-in person, not with another token.");
        var errors = new InputErrors();
        var tokenName = CheckNew(errors, context, name, role, expiresInDays)!;
        errors.ThrowIfAny();
        var secret = SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        DateTimeOffset? expires = expiresInDays is { } d ? now.AddDays(d) : null;
        var id = Guid.CreateVersion7();
        var prefix = secret[..(SecretPrefix.Length + 6)];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into api_tokens (id, workspace_id, user_id, name, role, prefix, secret_hash, created_at, expires_at)
            values (@id, @workspaceId, @userId, @tokenName, @role, @prefix, @hash, @now, @expires)
            """, new { id, workspaceId = context.WorkspaceId, userId = context.Actor.UserId, tokenName, role = role.ToString(), prefix, hash = SecretHash.Of(secret), now, expires }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "token.created", "token", id.ToString(),
            new { name = tokenName, role = role.ToString() }, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Created(id, secret, new ApiToken(id, tokenName, role, prefix, context.Actor.UserId, "", now, expires, null, null));
    }

    /// <summary>
    /// Checks a new token's fields into <paramref name="errors"/> (a form adds its own, such as a role that did not
    /// parse, given here as null); returns the name trimmed. A token lasts one day to <see cref="MaxLifetimeDays"/>, or
    /// for ever (null).
    /// </summary>
    public static string? CheckNew(InputErrors errors, WorkspaceContext context, string? name, WorkspaceRole? role, int? expiresInDays)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(context);
        var tokenName = errors.Check(() => Input.Required("name", name, NameMaxLength));
        if (role is { } wanted && !PermissionMatrix.CanGrant(context.Role, wanted)) errors.Add("role", $"A {context.Role} cannot create a token with the {wanted} role.");
        if (expiresInDays is < 1 or > MaxLifetimeDays)
            errors.Add("expiresInDays", $"A token lasts between 1 and {MaxLifetimeDays} days (or leave it empty for no expiry).");
        return tokenName;
    }

    /// <summary>A member sees their own tokens; whoever manages members sees everyone's (to revoke a leaked one).</summary>
    public async Task<IReadOnlyList<ApiToken>> ListAsync(WorkspaceContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, string Name, string Role, string Prefix, Guid UserId, string OwnerName, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)>(new CommandDefinition("""
            select t.id, t.name, t.role, t.prefix, t.user_id, u.display_name as owner_name, t.created_at, t.expires_at, t.last_used_at, t.revoked_at
            from api_tokens t join users u on u.id = t.user_id
            where t.workspace_id = @workspaceId and (@all or t.user_id = @userId)
            order by t.created_at desc
            """, new { workspaceId = context.WorkspaceId, userId = context.Actor.UserId, all = context.Can(Permission.ManageMembers) }, cancellationToken: cancellationToken));
        return rows.Select(r => new ApiToken(r.Id, r.Name, Enum.Parse<WorkspaceRole>(r.Role), r.Prefix, r.UserId, r.OwnerName, r.CreatedAt, r.ExpiresAt, r.LastUsedAt, r.RevokedAt)).ToList();
    }

    public async Task<bool> RevokeAsync(WorkspaceContext context, Guid tokenId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            update api_tokens set revoked_at = @now
            where id = @tokenId and workspace_id = @workspaceId and revoked_at is null and (@all or user_id = @userId)
            """, new { tokenId, workspaceId = context.WorkspaceId, userId = context.Actor.UserId, all = context.Can(Permission.ManageMembers), now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        if (changed == 0) return false;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "token.revoked", "token", tokenId.ToString(), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The live token a secret belongs to, or null (unknown, revoked, expired).</summary>
    public async Task<(Guid TokenId, Guid UserId, Guid WorkspaceId)?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 100) return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        // last_used_at is written at most once a minute per token, so a busy client does not turn reads into writes.
        var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid UserId, Guid WorkspaceId)>(new CommandDefinition("""
            with hit as (
                select id, user_id, workspace_id, last_used_at from api_tokens
                where secret_hash = @hash and revoked_at is null and (expires_at is null or expires_at > @now))
            , touch as (
                update api_tokens t set last_used_at = @now from hit
                where t.id = hit.id and (hit.last_used_at is null or hit.last_used_at < @now - interval '1 minute'))
            select id, user_id, workspace_id from hit
            """, new { hash = SecretHash.Of(secret), now }, cancellationToken: cancellationToken));
        return row.Id == Guid.Empty ? null : (row.Id, row.UserId, row.WorkspaceId);
    }

}
