using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Chorus.Data.Jobs;
using Chorus.Platform.Mail;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Chorus.Platform.Accounts;

/// <summary>
/// "Forgot your password?": a link by e-mail (when SMTP is configured) that works once, for <see cref="Lifetime"/>.
/// Only the token's hash is stored; the e-mail job carries the token sealed with Data Protection. Asking answers the
/// same whether or not the address has an account, and sends at most <see cref="MaxLinksPerHour"/> links an hour.
/// </summary>
public sealed class PasswordResets(NpgsqlDataSource dataSource, JobQueue queue, MailSender mail, IDataProtectionProvider protection, TimeProvider clock)
{
    public const string MailJobKind = "accounts.password-reset-email";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>More requests for one account within an hour send nothing: a stranger cannot fill someone's mailbox.</summary>
    public const int MaxLinksPerHour = 3;

    /// <summary>The path of the page a link opens (the token follows as ?token=).</summary>
    public const string PagePath = "/reset-password";

    internal const string ProtectorPurpose = "Chorus.PasswordReset.Mail";

    /// <param name="TokenHash">Finds the row; <paramref name="SealedToken"/> is the token itself, readable only with the app's keys.</param>
    /// <param name="Language">The language the link was asked for in: the e-mail's, unless the account has one.</param>
    public sealed record MailPayload(string TokenHash, string SealedToken, string? Language = null);

    /// <summary>Whether a forgotten password can be reset by e-mail here (else: `chorus user reset-password`).</summary>
    public bool ByEmail => mail.IsConfigured;

    /// <summary>
    /// Sends a reset link to the address if it has an account and e-mail is configured; otherwise does nothing. The
    /// caller says the same thing in every case. Only a malformed address is bad input.
    /// </summary>
    public async Task RequestAsync(string? email, CancellationToken cancellationToken = default)
    {
        var address = UserAccounts.ValidateEmail(email);
        if (!mail.IsConfigured) return;
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Locking the person's row makes concurrent requests count one after the other.
        var account = await connection.QuerySingleOrDefaultAsync<(Guid Id, int Recent)>(new CommandDefinition("""
            select u.id, (select count(*)::int from password_resets r where r.user_id = u.id and r.created_at > @hourAgo) as recent
            from users u where lower(u.email) = lower(@address) for update of u
            """, new { address, hourAgo = now - TimeSpan.FromHours(1) }, transaction, cancellationToken: cancellationToken));
        if (account.Id == Guid.Empty || account.Recent >= MaxLinksPerHour) return;

        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var hash = SecretHash.Of(token);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into password_resets (token_hash, user_id, created_at, expires_at) values (@hash, @userId, @now, @expires)
            """, new { hash, userId = account.Id, now, expires = now + Lifetime }, transaction, cancellationToken: cancellationToken));
        var hashHex = Convert.ToHexStringLower(hash);
        await queue.EnqueueAsync(connection, transaction, MailJobKind,
            new MailPayload(hashHex, protection.CreateProtector(ProtectorPurpose).Protect(token), CultureInfo.CurrentUICulture.TwoLetterISOLanguageName),
            idempotencyKey: hashHex, maxAttempts: 12, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Whether a link's token still works (not used, not expired), for the page it opens.</summary>
    public async Task<bool> IsUsableAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return false;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from password_resets where token_hash = @hash and used_at is null and expires_at > @now)",
            new { hash = SecretHash.Of(token), now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Sets the new password through a link: the link is used up, every session of the person ends (a stranger who
    /// was signed in is out) and a lockout is lifted. False when the link is unknown, used or expired.
    /// </summary>
    public async Task<bool> ResetAsync(string? token, string? newPassword, CancellationToken cancellationToken = default)
    {
        UserAccounts.ValidatePassword("newPassword", newPassword);
        if (string.IsNullOrEmpty(token) || token.Length > 100) return false;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var userId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
            update password_resets set used_at = @now
            where token_hash = @hash and used_at is null and expires_at > @now
            returning user_id
            """, new { hash = SecretHash.Of(token), now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        if (userId is null) return false;
        await UserAccounts.SetForgottenPasswordAsync(connection, transaction, userId.Value, newPassword!, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
