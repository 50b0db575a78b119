using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Chorus.Platform.Mail;

/// <summary>How the connection to the SMTP server is protected (MailKit's SecureSocketOptions, by a name people can write).</summary>
public enum SmtpSecurity
{
    /// <summary>TLS on connect for port 465, STARTTLS when the server offers it otherwise.</summary>
    Auto,
    /// <summary>No TLS: a relay on the same machine or network only.</summary>
    None,
    /// <summary>STARTTLS, required: the connection fails rather than send in clear.</summary>
    StartTls,
    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}

/// <summary>
/// The "Smtp" configuration section. Chorus sends e-mail (notifications, password reset links) only when
/// <see cref="Host"/> is set; without it, notifications stay in the app and a forgotten password is reset by an
/// administrator with `chorus user reset-password`.
/// </summary>
public sealed class SmtpOptions : IValidatableObject
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>Sign in with this name and <see cref="Password"/> when set.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, as an address or "Name &lt;address&gt;".</summary>
    public string? From { get; set; }

    /// <summary>How long one SMTP conversation may take before it counts as a transient failure.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>Checked at start-up (ValidateOnStart), so a typo stops the app with its reason instead of losing every
    /// e-mail later.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured) yield break;
        if (string.IsNullOrWhiteSpace(From))
            yield return new ValidationResult("Smtp:From is required when Smtp:Host is set (the sender's address, such as chorus@example.org).", [nameof(From)]);
        else if (!MailboxAddress.TryParse(From, out var sender) || !sender.Address.Contains('@', StringComparison.Ordinal))
            yield return new ValidationResult($"Smtp:From '{From}' is not an e-mail address.", [nameof(From)]);
        if (string.IsNullOrEmpty(User) != string.IsNullOrEmpty(Password))
            yield return new ValidationResult("Smtp:User and Smtp:Password go together: set both or neither.", [nameof(User)]);
    }
}
