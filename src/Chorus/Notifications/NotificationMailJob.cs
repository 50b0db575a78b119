using System.Globalization;
using System.Text.Json;
using Chorus.Data.Jobs;
using Chorus.Platform.Mail;
using Chorus.Platform.Shell;
using Dapper;
using Microsoft.Extensions.Localization;
using MimeKit;
using Npgsql;

namespace Chorus.Notifications;

/// <summary>
/// The "notifications.email" job: mails one notification to its reader, in their language. The notification's row is
/// locked while the SMTP server takes the message and marked mailed in the same transaction, so a job that runs again
/// (a retry, a lease taken back) sends nothing more; only a crash between the server's "250 OK" and the commit can
/// send it twice, with the same Message-ID for the reader's mail program to fold.
/// </summary>
public sealed class NotificationMailJob(NpgsqlDataSource dataSource, NotificationKinds kinds, MailSender mail, PublicAddress publicAddress,
    IStringLocalizer<SharedResource> localizer, TimeProvider clock) : IJobHandler
{
    /// <summary>The e-mail's own sentences (the test of translations reads them here).</summary>
    public static readonly string[] Strings =
    [
        "Open it in Chorus: {0}",
        "You receive this e-mail as a member of the workspace {0}. Choose which notifications are e-mailed to you: {1}",
    ];

    public async Task<JobOutcome> HandleAsync(Job job, CancellationToken cancellationToken)
    {
        var notificationId = job.PayloadAs<NotificationService.MailPayload>().NotificationId;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, string Kind, string Parameters, string? Link, DateTimeOffset? EmailedAt, string Email,
            string DisplayName, string? Culture, string WorkspaceName, bool OptedOut, bool Member)>(new CommandDefinition("""
            select n.id, n.kind, n.parameters::text as parameters, n.link, n.emailed_at, u.email, u.display_name, u.culture, w.name as workspace_name,
                   exists (select 1 from notification_email_opt_outs o where o.user_id = n.user_id and o.kind = n.kind) as opted_out,
                   exists (select 1 from workspace_members m where m.workspace_id = n.workspace_id and m.user_id = n.user_id) as member
            from notifications n join users u on u.id = n.user_id join workspaces w on w.id = n.workspace_id
            where n.id = @notificationId
            for update of n
            """, new { notificationId }, transaction, cancellationToken: cancellationToken));
        // Gone (its workspace deleted), already mailed, turned off since, or its reader left: nothing to send.
        if (row.Id == 0 || row.EmailedAt is not null || row.OptedOut || !row.Member || !mail.IsConfigured) return JobOutcome.Succeeded;

        var message = Compose(row.Id, row.Kind, JsonSerializer.Deserialize<Dictionary<string, string>>(row.Parameters) ?? [], row.Link,
            new MailboxAddress(row.DisplayName, row.Email), row.Culture, row.WorkspaceName);
        var delivery = await mail.SendAsync(message, cancellationToken);
        if (!delivery.Delivered) return delivery.Permanent ? JobOutcome.Dead(delivery.Reason!) : JobOutcome.Failed(delivery.Reason!);
        await connection.ExecuteAsync(new CommandDefinition("update notifications set emailed_at = @now where id = @notificationId",
            new { notificationId, now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return JobOutcome.Succeeded;
    }

    private MimeMessage Compose(long id, string kind, IReadOnlyDictionary<string, string> parameters, string? link, MailboxAddress to, string? culture,
        string workspaceName)
    {
        using var language = new UiCulture(culture ?? "en");
        var sentence = kinds.Render(localizer, kind, parameters);
        var body = sentence + "\n\n"
            + (link is null ? "" : localizer["Open it in Chorus: {0}", publicAddress.To(link).AbsoluteUri] + "\n\n")
            + "-- \n" + localizer["You receive this e-mail as a member of the workspace {0}. Choose which notifications are e-mailed to you: {1}",
                workspaceName, publicAddress.To("/notifications").AbsoluteUri] + "\n";
        var message = new MimeMessage
        {
            Subject = sentence.Length <= 150 ? sentence : sentence[..149] + "…",
            MessageId = $"notification-{id.ToString(CultureInfo.InvariantCulture)}@{publicAddress.Base.Host}",
            Body = new TextPart("plain") { Text = body },
        };
        message.To.Add(to);
        // RFC 3834: an automatic message; vacation responders do not answer it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }
}
