using System.Net.Mail;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Chorus.Platform.Accounts;

public sealed record UserAccount(Guid Id, string Email, string DisplayName, string? Culture);

public abstract record SignInOutcome
{
    public sealed record Success(UserAccount User) : SignInOutcome;
    public sealed record Invalid : SignInOutcome;
    public sealed record LockedOut(DateTimeOffset Until) : SignInOutcome;
}

/// <summary>People's accounts: creation, password check with lockout, preferences.</summary>
public sealed class UserAccounts(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const int MaxFailedLogins = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 256;
    public const int DisplayNameMaxLength = 200;
    /// <summary>The longest address SMTP carries (RFC 5321 path limit less its brackets).</summary>
    public const int EmailMaxLength = 254;

    /// <summary>
    /// The one answer to a sign-in that did not succeed, whether the address has no account, the password is wrong or
    /// the account is locked: a different answer would tell a stranger which addresses have accounts.
    /// </summary>
    public const string SignInFailedMessage = "The e-mail address or the password is not right, or the account is locked for 15 minutes after 5 failed attempts.";
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    public async Task<Guid> CreateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? email, string? displayName, string? password,
        string? culture = null, CancellationToken cancellationToken = default)
    {
        var errors = new InputErrors();
        var (normalisedEmail, name) = CheckNewAccount(errors, email, displayName, password, culture);
        errors.ThrowIfAny();
        if (await ExistsAsync(connection, transaction, normalisedEmail, cancellationToken))
            throw new InputException("email", "An account with this e-mail address already exists.");
        var id = Guid.CreateVersion7();
        var hash = Hasher.HashPassword(null!, password!);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into users (id, email, display_name, password_hash, culture, created_at)
            values (@id, @email, @name, @hash, @culture, @now)
            """, new { id, email = normalisedEmail, name, hash, culture, now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>
    /// Checks the fields of a new account (its name, e-mail address, password and language) into <paramref name="errors"/>,
    /// each wrong field named; returns the address and the name trimmed (meaningful only when no error was added).
    /// Whether the address is taken is not checked here.
    /// </summary>
    public static (string Email, string DisplayName) CheckNewAccount(InputErrors errors, string? email, string? displayName, string? password, string? culture)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var name = errors.Check(() => Input.Required("displayName", displayName, DisplayNameMaxLength));
        var normalisedEmail = errors.Check(() => ValidateEmail(email));
        errors.Check(() => ValidatePassword("password", password));
        if (culture is not null and not ("en" or "fr")) errors.Add("culture", "The language must be 'en' or 'fr'.");
        return (normalisedEmail ?? "", name ?? "");
    }

    public static Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string email, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists(select 1 from users where lower(email) = lower(@email))",
            new { email = email.Trim() }, transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Checks a password, counting failures towards the lockout. An unknown address, a locked account and a wrong
    /// password cost the same work, so the response time does not tell which addresses have accounts.
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(string? email, string? password, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var outcome = await SignInAsync(connection, transaction, email, password, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    /// <summary>The password check inside the caller's transaction (an invitation accepted by an existing account).</summary>
    public async Task<SignInOutcome> SignInAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? email, string? password,
        CancellationToken cancellationToken = default)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Email, string DisplayName, string? Culture, string PasswordHash, int FailedLogins, DateTimeOffset? LockedUntil)>(
            new CommandDefinition("select id, email, display_name, culture, password_hash, failed_logins, locked_until from users where lower(email) = lower(@email) for update",
                new { email = email?.Trim() ?? "" }, transaction, cancellationToken: cancellationToken));
        var now = clock.GetUtcNow();
        if (row.Id == Guid.Empty)
        {
            Hasher.VerifyHashedPassword(null!, DummyHash, password ?? "");
            return new SignInOutcome.Invalid();
        }

        var user = new UserAccount(row.Id, row.Email, row.DisplayName, row.Culture);
        var verdict = Hasher.VerifyHashedPassword(user, row.PasswordHash, password ?? "");
        if (row.LockedUntil is { } until && until > now) return new SignInOutcome.LockedOut(until);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var failures = row.FailedLogins + 1;
            DateTimeOffset? lockedUntil = failures >= MaxFailedLogins ? now + LockoutDuration : null;
            await connection.ExecuteAsync(new CommandDefinition("update users set failed_logins = @failures, locked_until = @lockedUntil where id = @id",
                new { failures = lockedUntil is null ? failures : 0, lockedUntil, id = row.Id }, transaction, cancellationToken: cancellationToken));
            return lockedUntil is { } l ? new SignInOutcome.LockedOut(l) : new SignInOutcome.Invalid();
        }
        var newHash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user, password!) : row.PasswordHash;
        await connection.ExecuteAsync(new CommandDefinition("update users set failed_logins = 0, locked_until = null, password_hash = @newHash where id = @id",
            new { id = row.Id, newHash }, transaction, cancellationToken: cancellationToken));
        return new SignInOutcome.Success(user);
    }

    public async Task<UserAccount?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(
            "select id, email, display_name, culture from users where id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task SetCultureAsync(Guid userId, string? culture, CancellationToken cancellationToken = default)
    {
        if (culture is not ("en" or "fr")) throw new InputException("culture", "The language must be 'en' or 'fr'.");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("update users set culture = @culture where id = @userId", new { culture, userId }, cancellationToken: cancellationToken));
    }

    /// <summary>Changes the password and ends every session of the person (the caller signs the current browser in again).</summary>
    public async Task ChangePasswordAsync(Guid userId, string? currentPassword, string? newPassword, CancellationToken cancellationToken = default)
    {
        var errors = new InputErrors();
        errors.Check(() => ValidatePassword("newPassword", newPassword));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var hash = await connection.ExecuteScalarAsync<string>(new CommandDefinition("select password_hash from users where id = @userId for update",
                new { userId }, transaction, cancellationToken: cancellationToken))
            ?? throw new InputException("currentPassword", "This account no longer exists.");
        if (Hasher.VerifyHashedPassword(null!, hash, currentPassword ?? "") == PasswordVerificationResult.Failed)
            errors.Add("currentPassword", "The current password is not right.");
        errors.ThrowIfAny();
        await connection.ExecuteAsync(new CommandDefinition("update users set password_hash = @hash where id = @userId",
            new { hash = Hasher.HashPassword(null!, newPassword!), userId }, transaction, cancellationToken: cancellationToken));
        await SignInSessions.EndAllAsync(connection, transaction, userId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Sets a new password for someone who forgot theirs (an administrator at the server's command line): every
    /// session of theirs ends and a lockout from failed attempts is lifted. False when no account has this address.
    /// </summary>
    public async Task<bool> ResetPasswordAsync(string? email, string? newPassword, CancellationToken cancellationToken = default)
    {
        var errors = new InputErrors();
        var normalisedEmail = errors.Check(() => ValidateEmail(email));
        errors.Check(() => ValidatePassword("password", newPassword));
        errors.ThrowIfAny();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var userId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition("select id from users where lower(email) = lower(@email) for update",
            new { email = normalisedEmail }, transaction, cancellationToken: cancellationToken));
        if (userId is null) return false;
        await SetForgottenPasswordAsync(connection, transaction, userId.Value, newPassword!, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// The new password of someone who forgot theirs (checked by the caller), in the caller's transaction: the lockout
    /// from failed attempts is lifted, every session ends, and reset links not used yet stop working.
    /// </summary>
    internal static async Task SetForgottenPasswordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid userId, string newPassword,
        CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            update users set password_hash = @hash, failed_logins = 0, locked_until = null where id = @userId;
            delete from password_resets where user_id = @userId and used_at is null;
            """, new { hash = Hasher.HashPassword(null!, newPassword), userId }, transaction, cancellationToken: cancellationToken));
        await SignInSessions.EndAllAsync(connection, transaction, userId, cancellationToken);
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists(select 1 from users)", cancellationToken: cancellationToken));
    }

    internal static string ValidateEmail(string? email)
    {
        var trimmed = email?.Trim() ?? "";
        if (trimmed.Length == 0) throw new InputException("email", "The e-mail address is required.");
        if (trimmed.Length > EmailMaxLength || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed)
            throw new InputException("email", "This is not a valid e-mail address.");
        return trimmed;
    }

    internal static void ValidatePassword(string field, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
            throw new InputException(field, $"The password must have at least {MinPasswordLength} characters.");
        if (password.Length > MaxPasswordLength) throw new InputException(field, $"The password must have at most {MaxPasswordLength} characters.");
    }

    private static readonly string DummyHash = Hasher.HashPassword(null!, Guid.NewGuid().ToString());
}
