using System.Net.Mail;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Chorus.Platform.Accounts;

public sealed record UserAccount(Guid Id, string Email, string DisplayName, string? Culture, Guid SecurityStamp);

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
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    public async Task<Guid> CreateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? email, string? displayName, string? password, string? culture = null)
    {
        var normalisedEmail = ValidateEmail(email);
        var name = Input.Required("displayName", displayName, 200);
        ValidatePassword("password", password);
        if (culture is not null and not ("en" or "fr")) throw new InputException("culture", "The language must be 'en' or 'fr'.");
        var exists = await connection.ExecuteScalarAsync<bool>("select exists(select 1 from users where lower(email) = lower(@email))", new { email = normalisedEmail }, transaction);
        if (exists) throw new InputException("email", "An account with this e-mail address already exists.");
        var id = Guid.CreateVersion7();
        var hash = Hasher.HashPassword(null!, password!);
        await connection.ExecuteAsync("""
            insert into users (id, email, display_name, password_hash, culture, security_stamp, created_at)
            values (@id, @email, @name, @hash, @culture, @stamp, @now)
            """, new { id, email = normalisedEmail, name, hash, culture, stamp = Guid.NewGuid(), now = clock.GetUtcNow() }, transaction);
        return id;
    }

    public async Task<SignInOutcome> SignInAsync(string? email, string? password)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Email, string DisplayName, string? Culture, Guid SecurityStamp, string PasswordHash, int FailedLogins, DateTimeOffset? LockedUntil)>(
            "select id, email, display_name, culture, security_stamp, password_hash, failed_logins, locked_until from users where lower(email) = lower(@email) for update",
            new { email = email?.Trim() ?? "" }, transaction);
        var now = clock.GetUtcNow();
        if (row.Id == Guid.Empty)
        {
            // Same work as a real check, so response time does not tell which e-mail addresses have accounts.
            Hasher.VerifyHashedPassword(null!, DummyHash, password ?? "");
            return new SignInOutcome.Invalid();
        }
        if (row.LockedUntil is { } until && until > now) return new SignInOutcome.LockedOut(until);

        var user = new UserAccount(row.Id, row.Email, row.DisplayName, row.Culture, row.SecurityStamp);
        var verdict = Hasher.VerifyHashedPassword(user, row.PasswordHash, password ?? "");
        if (verdict == PasswordVerificationResult.Failed)
        {
            var failures = row.FailedLogins + 1;
            DateTimeOffset? lockedUntil = failures >= MaxFailedLogins ? now + LockoutDuration : null;
            await connection.ExecuteAsync("update users set failed_logins = @failures, locked_until = @lockedUntil where id = @id",
                new { failures = lockedUntil is null ? failures : 0, lockedUntil, id = row.Id }, transaction);
            await transaction.CommitAsync();
            return lockedUntil is { } l ? new SignInOutcome.LockedOut(l) : new SignInOutcome.Invalid();
        }
        var newHash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user, password!) : row.PasswordHash;
        await connection.ExecuteAsync("update users set failed_logins = 0, locked_until = null, password_hash = @newHash where id = @id", new { id = row.Id, newHash }, transaction);
        await transaction.CommitAsync();
        return new SignInOutcome.Success(user);
    }

    public async Task<UserAccount?> FindAsync(Guid id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<UserAccount>(
            "select id, email, display_name, culture, security_stamp from users where id = @id", new { id });
    }

    public async Task SetCultureAsync(Guid userId, string? culture)
    {
        if (culture is not ("en" or "fr")) throw new InputException("culture", "The language must be 'en' or 'fr'.");
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("update users set culture = @culture where id = @userId", new { culture, userId });
    }

    public async Task ChangePasswordAsync(Guid userId, string? currentPassword, string? newPassword)
    {
        ValidatePassword("newPassword", newPassword);
        await using var connection = await dataSource.OpenConnectionAsync();
        var hash = await connection.ExecuteScalarAsync<string>("select password_hash from users where id = @userId", new { userId })
            ?? throw new InputException("currentPassword", "This account no longer exists.");
        if (Hasher.VerifyHashedPassword(null!, hash, currentPassword ?? "") == PasswordVerificationResult.Failed)
            throw new InputException("currentPassword", "The current password is not right.");
        await connection.ExecuteAsync("update users set password_hash = @hash, security_stamp = @stamp where id = @userId",
            new { hash = Hasher.HashPassword(null!, newPassword!), stamp = Guid.NewGuid(), userId });
    }

    /// <summary>
    /// Sets a new password for someone who forgot theirs (an administrator at the server's command line): their
    /// sessions end (new stamp) and a lockout from failed attempts is lifted. False when no account has this address.
    /// </summary>
    public async Task<bool> ResetPasswordAsync(string? email, string? newPassword)
    {
        var normalisedEmail = ValidateEmail(email);
        ValidatePassword("password", newPassword);
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteAsync("""
            update users set password_hash = @hash, security_stamp = @stamp, failed_logins = 0, locked_until = null
            where lower(email) = lower(@email)
            """, new { hash = Hasher.HashPassword(null!, newPassword!), stamp = Guid.NewGuid(), email = normalisedEmail }) > 0;
    }

    public async Task<bool> AnyAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>("select exists(select 1 from users)");
    }

    internal static string ValidateEmail(string? email)
    {
        var trimmed = email?.Trim() ?? "";
        if (trimmed.Length == 0) throw new InputException("email", "The e-mail address is required.");
        if (trimmed.Length > 254 || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed)
            throw new InputException("email", "This is not a valid e-mail address.");
        return trimmed;
    }

    private static void ValidatePassword(string field, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
            throw new InputException(field, $"The password must have at least {MinPasswordLength} characters.");
        if (password.Length > 256) throw new InputException(field, "The password must have at most 256 characters.");
    }

    private static readonly string DummyHash = Hasher.HashPassword(null!, Guid.NewGuid().ToString());
}
