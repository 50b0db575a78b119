using Dapper;
using Npgsql;

namespace Chorus.Platform.Accounts;

/// <summary>
/// The server's record of each sign-in. The session cookie only names a row here, so ending a session (sign-out,
/// password change, leaving the organization) takes effect on the next request of every browser holding it.
/// </summary>
public sealed class SignInSessions(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>How long a session lives without being used (the cookie slides over the same span).</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromDays(14);

    /// <summary>A session's last use is written at most this often, so browsing does not turn reads into writes.</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(5);

    public async Task<Guid> StartAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            delete from sessions where user_id = @userId and last_seen_at < @expired;
            insert into sessions (id, user_id, created_at, last_seen_at) values (@id, @userId, @now, @now);
            """, new { id, userId, now, expired = now - IdleLifetime }, cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>The person a live session belongs to, or null (signed out, ended, expired, or someone else's).</summary>
    public async Task<UserAccount?> FindLiveAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition("""
            with live as (
                select s.id, s.last_seen_at from sessions s
                where s.id = @sessionId and s.user_id = @userId and s.last_seen_at > @expired)
            , touch as (
                update sessions s set last_seen_at = @now from live
                where s.id = live.id and live.last_seen_at < @touchBefore)
            select u.id, u.email, u.display_name, u.culture from users u join live on true where u.id = @userId
            """, new { sessionId, userId, now, expired = now - IdleLifetime, touchBefore = now - TouchInterval }, cancellationToken: cancellationToken));
    }

    public async Task EndAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("delete from sessions where id = @sessionId", new { sessionId }, cancellationToken: cancellationToken));
    }

    /// <summary>Ends every session of a person, inside the caller's transaction (the change that requires it).</summary>
    public static Task EndAllAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("delete from sessions where user_id = @userId", new { userId }, transaction, cancellationToken: cancellationToken));
}
