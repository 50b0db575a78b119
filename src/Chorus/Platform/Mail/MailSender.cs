using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Chorus.Platform.Mail;

/// <summary>What became of one message: delivered to the SMTP server, or refused for now (try again later) or for good.</summary>
public sealed record MailDelivery(bool Delivered, string? Reason, bool Permanent)
{
    public static MailDelivery Sent { get; } = new(true, null, false);
    public static MailDelivery Transient(string reason) => new(false, reason, false);
    public static MailDelivery Refused(string reason) => new(false, reason, true);
}

/// <summary>
/// Hands messages to the configured SMTP server with MailKit, one connection per message (e-mail here is rare:
/// notifications and reset links). Never throws for the server's sake: a server that is down, slow or answers 4xx
/// is a transient failure the job queue retries; 5xx for a recipient or the message is permanent.
/// </summary>
public sealed partial class MailSender(IOptions<SmtpOptions> options, ILogger<MailSender> logger)
{
    public bool IsConfigured => options.Value.IsConfigured;

    public MailboxAddress Sender => MailboxAddress.Parse(options.Value.From!);

    public async Task<MailDelivery> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (!smtp.IsConfigured) return MailDelivery.Refused("No SMTP server is configured (Smtp:Host).");
        if (message.From.Count == 0) message.From.Add(Sender);
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, SocketOptions(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return MailDelivery.Sent;
        }
        catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500 && refused.ErrorCode != SmtpErrorCode.UnexpectedStatusCode)
        {
            // The server refused this recipient or this message for good: sending it again gives the same answer.
            LogRefused(logger, smtp.Host!, (int)refused.StatusCode, refused.Message);
            return MailDelivery.Refused($"The SMTP server refused the message ({(int)refused.StatusCode}): {refused.Message}");
        }
        catch (Exception failure) when (failure is SmtpCommandException or SmtpProtocolException or AuthenticationException or SocketException
            or IOException or TimeoutException or ServiceNotConnectedException or ServiceNotAuthenticatedException or SslHandshakeException
            || failure is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Down, unreachable, slow, 4xx "try later", or sign-in refused (fixed in the configuration, then the retry works).
            LogTransient(logger, smtp.Host!, smtp.Port, failure.Message);
            return MailDelivery.Transient($"Could not hand the message to {smtp.Host}:{smtp.Port}: {failure.Message}");
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP server {Host} refused a message with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string host, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send through SMTP server {Host}:{Port}; the job retries later: {Reason}")]
    private static partial void LogTransient(ILogger logger, string host, int port, string reason);
}
