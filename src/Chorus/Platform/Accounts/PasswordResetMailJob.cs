using System.Security.Cryptography;
using Chorus.Data.Jobs;
using Chorus.Platform.Mail;
using Chorus.Platform.Shell;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Localization;
using MimeKit;
using Npgsql;

namespace Chorus.Platform.Accounts;

/// <summary>
/// The "accounts.password-reset-email" job: mails one reset link, in its reader's language, once (the link's row is
/// locked while the SMTP server takes the message and marked mailed in the same transaction). A link already used or
/// expired is not mailed.
/// </summary>
public sealed class PasswordResetMailJob(NpgsqlDataSource dataSource, MailSender mail, PublicAddress publicAddress, IDataProtectionProvider protection,
    IStringLocalizer<SharedResource> localizer, TimeProvider clock) : IJobHandler
{
    /// <summary>The e-mail's sentences (the test of translations reads them here).</summary>
    public static readonly string[] Strings =
    [
        "Choose a new Chorus password",
        "Someone, probably you, asked to reset the password of the Chorus account {0}. Choose a new password here (the link works once, within an hour):",
        "If you did not ask, ignore this e-mail: your password stays as it is.",
    ];

    public async Task<JobOutcome> HandleAsync(Job job, CancellationToken cancellationToken)
    {
        var payload = job.PayloadAs<PasswordResets.MailPayload>();
        var hash = Convert.FromHexString(payload.TokenHash);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Email, string DisplayName, string? Culture, DateTimeOffset? MailedAt, DateTimeOffset? UsedAt, DateTimeOffset ExpiresAt)>(
            new CommandDefinition("""
                select u.email, u.display_name, u.culture, r.mailed_at, r.used_at, r.expires_at
                from password_resets r join users u on u.id = r.user_id
                where r.token_hash = @hash
                for update of r
                """, new { hash }, transaction, cancellationToken: cancellationToken));
        if (row.Email is null || row.MailedAt is not null || row.UsedAt is not null || row.ExpiresAt <= clock.GetUtcNow() || !mail.IsConfigured)
            return JobOutcome.Succeeded;

        string token;
        try
        {
            token = protection.CreateProtector(PasswordResets.ProtectorPurpose).Unprotect(payload.SealedToken);
        }
        catch (CryptographicException lost)
        {
            return JobOutcome.Dead($"The reset link cannot be read back (the Data Protection keys changed): {lost.Message}");
        }
        var delivery = await mail.SendAsync(Compose(token, new MailboxAddress(row.DisplayName, row.Email), row.Culture ?? payload.Language), cancellationToken);
        if (!delivery.Delivered) return delivery.Permanent ? JobOutcome.Dead(delivery.Reason!) : JobOutcome.Failed(delivery.Reason!);
        await connection.ExecuteAsync(new CommandDefinition("update password_resets set mailed_at = @now where token_hash = @hash",
            new { hash, now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return JobOutcome.Succeeded;
    }

    private MimeMessage Compose(string token, MailboxAddress to, string? culture)
    {
        using var language = new UiCulture(culture ?? "en");
        var link = publicAddress.To($"{PasswordResets.PagePath}?token={Uri.EscapeDataString(token)}").AbsoluteUri;
        var message = new MimeMessage
        {
            Subject = localizer["Choose a new Chorus password"],
            Body = new TextPart("plain")
            {
                Text = localizer["Someone, probably you, asked to reset the password of the Chorus account {0}. Choose a new password here (the link works once, within an hour):", to.Address]
                    + "\n\n" + link + "\n\n" + localizer["If you did not ask, ignore this e-mail: your password stays as it is."] + "\n",
            },
        };
        message.To.Add(to);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }
}
