using System.Globalization;

namespace Chorus.Connectors.Abstractions;

/// <summary>How a person connects an account of a network.</summary>
public enum ConnectMethod
{
    /// <summary>An account name and a password made for applications (Bluesky app password, WordPress application password).</summary>
    AppPassword,

    /// <summary>The person is sent to the network to authorise Chorus and comes back with a code (OAuth 2).</summary>
    OAuthRedirect,

    /// <summary>A public address and nothing else (a feed).</summary>
    UrlOnly,
}

/// <summary>What a connect-form field holds, which decides its input type and how it is checked.</summary>
public enum FieldInput
{
    Text,

    /// <summary>An http(s) address, checked by the <see cref="SsrfGuard"/> before anything is fetched from it.</summary>
    Url,

    /// <summary>A secret: never shown again, never echoed back into a form.</summary>
    Password,
}

/// <summary>One field of a network's connect form, shared by the web form, the API body and the command line.</summary>
/// <param name="Name">The name in the form, in the API's JSON body, and (kebab-cased) the command-line option.</param>
/// <param name="LabelKey">The label shown to people; the key of its translation.</param>
/// <param name="Autocomplete">The HTML autocomplete token (username, off...).</param>
/// <param name="MaxLength">The longest value taken (addresses: <see cref="MaxUrlLength"/>).</param>
/// <param name="HelpKey">An optional hint under the field; the key of its translation.</param>
public sealed record ConnectField(
    string Name,
    string LabelKey,
    FieldInput Input = FieldInput.Text,
    string? Autocomplete = null,
    bool Required = true,
    int MaxLength = 200,
    string? HelpKey = null)
{
    /// <summary>The longest address a <see cref="FieldInput.Url"/> field takes (the channel's account column holds 2000).</summary>
    public const int MaxUrlLength = 2000;

    public bool IsSecret => Input == FieldInput.Password;

    public int EffectiveMaxLength => Input == FieldInput.Url ? MaxUrlLength : MaxLength;

    /// <summary>The HTML input type.</summary>
    public string HtmlType => Input switch
    {
        FieldInput.Url => "url",
        FieldInput.Password => "password",
        _ => "text",
    };

    /// <summary>The command-line option: appPassword is --app-password.</summary>
    public string CommandLineOption => "--" + string.Concat(Name.Select((c, i) =>
        char.IsUpper(c) ? (i == 0 ? "" : "-") + char.ToLower(c, CultureInfo.InvariantCulture) : c.ToString()));
}

/// <summary>Where a connection is and what it logs in with, as the network's connector factory reads them.</summary>
/// <param name="CredentialsJson">The credentials record to keep (encrypted) for the channel; null when the network needs none.</param>
public sealed record NetworkConnection(Uri? BaseUrl, string? CredentialsJson);

/// <summary>Connect-form values that cannot be used: each names its field and says why in a sentence for people.</summary>
public sealed class ConnectFieldException : Exception
{
    public ConnectFieldException(string field, string reason) : this([(field, reason)])
    {
    }

    /// <param name="errors">At least one; the first is the exception's <see cref="Field"/> and message.</param>
    public ConnectFieldException(IReadOnlyList<(string Field, string Reason)> errors)
        : base(errors is [var first, ..] ? first.Reason : throw new ArgumentException("No error given.", nameof(errors))) => Errors = errors;

    /// <summary>Every wrong field, in the form's order.</summary>
    public IReadOnlyList<(string Field, string Reason)> Errors { get; }

    /// <summary>The first wrong field.</summary>
    public string Field => Errors[0].Field;
}

/// <summary>
/// What Chorus knows about one network: how it is named and drawn, how an account is connected (the form's fields and
/// how their values become a connection), what its connector can do and the limits of what it publishes. Pages, the
/// API, the command line and the database read this; nothing outside the network's folder tests which network it is.
/// </summary>
public abstract class NetworkDescriptor
{
    private const ConnectorCapabilities PublishMedia = ConnectorCapabilities.PublishImages | ConnectorCapabilities.PublishVideo;

    private const ConnectorCapabilities ReadConversations = ConnectorCapabilities.ReadComments | ConnectorCapabilities.ReadReplies
        | ConnectorCapabilities.ReadMentions | ConnectorCapabilities.ReadDirectMessages;

    private const ConnectorCapabilities ModerationActions = ConnectorCapabilities.Hide | ConnectorCapabilities.Approve | ConnectorCapabilities.MarkSpam
        | ConnectorCapabilities.DeleteComment | ConnectorCapabilities.Block | ConnectorCapabilities.Mute | ConnectorCapabilities.Report;

    /// <summary>Stable id, stored with every channel: lowercase letters, digits and dashes.</summary>
    public abstract string Id { get; }

    /// <summary>The network's name as people know it (also the key of its translation).</summary>
    public abstract string DisplayName { get; }

    /// <summary>What one channel of this network is, as the "connect" link says it ("Bluesky account"); a translation key.</summary>
    public abstract string ConnectLabel { get; }

    public abstract ConnectMethod ConnectMethod { get; }

    /// <summary>The connect form, in the order it is shown and checked.</summary>
    public abstract IReadOnlyList<ConnectField> Fields { get; }

    /// <summary>The factory that builds this network's connectors.</summary>
    public abstract IConnectorFactory Connectors { get; }

    public abstract NetworkLimits Limits { get; }

    /// <summary>The network's icon: its slug in the Simple Icons set (simpleicons.org), which the UI maps to a drawing.</summary>
    public abstract string Icon { get; }

    /// <summary>What its connectors can do, as they declare it.</summary>
    public ConnectorCapabilities Capabilities => Connectors.Capabilities;

    public bool CanPublish => Capabilities.HasFlag(ConnectorCapabilities.PublishText) || (Capabilities & PublishMedia) != 0;

    public bool ReadsConversations => (Capabilities & ReadConversations) != 0;

    /// <summary>The moderation actions it offers (hide, approve, spam, delete, block, mute, report); None when it has none.</summary>
    public ConnectorCapabilities Moderation => Capabilities & ModerationActions;

    public bool CanSearch => Capabilities.HasFlag(ConnectorCapabilities.Search);

    public bool HasMetrics => Capabilities.HasFlag(ConnectorCapabilities.Metrics);

    /// <summary>Set when the network connects by <see cref="ConnectMethod.OAuthRedirect"/>: the authorisation's steps.</summary>
    public virtual IOAuthNetwork? OAuth => null;

    /// <summary>
    /// Checks the submitted values against <see cref="Fields"/> (required, length, addresses through the SSRF guard),
    /// in the form's order, and returns them trimmed. Throws <see cref="ConnectFieldException"/> naming every wrong field.
    /// </summary>
    public async Task<ConnectForm> ReadFormAsync(IReadOnlyDictionary<string, string?> values, SsrfGuard guard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(guard);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var urls = new Dictionary<string, Uri>(StringComparer.Ordinal);
        var errors = new List<(string Field, string Reason)>();
        foreach (var field in Fields)
        {
            var value = values.GetValueOrDefault(field.Name)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                if (field.Required) errors.Add((field.Name, "This field is required."));
                continue;
            }

            if (value.Length > field.EffectiveMaxLength)
            {
                errors.Add((field.Name, $"At most {field.EffectiveMaxLength} characters."));
                continue;
            }
            if (field.Input == FieldInput.Url)
            {
                try
                {
                    urls[field.Name] = await guard.CheckUrlAsync(field.Name, value, cancellationToken);
                }
                catch (SsrfRejectedException refused)
                {
                    var prefix = field.Name + ": ";
                    errors.Add((field.Name, refused.Message.StartsWith(prefix, StringComparison.Ordinal) ? refused.Message[prefix.Length..] : refused.Message));
                    continue;
                }
            }
            texts[field.Name] = value;
        }
        if (errors.Count > 0) throw new ConnectFieldException(errors);
        return new ConnectForm(texts, urls);
    }

    /// <summary>Turns a checked form into the connection its connector factory takes (not used by OAuth networks,
    /// whose credentials come from the authorisation).</summary>
    public virtual NetworkConnection Connection(ConnectForm form) =>
        throw new NotSupportedException($"{DisplayName} accounts are connected through {nameof(OAuth)}.");

    /// <summary>What people recognise the channel by (a handle, a site or feed address), once the network said who it is.</summary>
    public virtual string AccountOf(ConnectedAccount who, ConnectForm form, NetworkConnection connection)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(connection);
        return connection.BaseUrl?.AbsoluteUri ?? who.Handle ?? who.RemoteId;
    }

    /// <summary>The form field a failed connection test is about (refused credentials point at the password).</summary>
    public virtual string FieldOf(ConnectorResult failure) =>
        Fields.FirstOrDefault(f => f.Input == FieldInput.Url)?.Name ?? Fields[0].Name;

    /// <summary>Gives up the network's grant when a channel is disconnected; null when the network has nothing to revoke.</summary>
    public virtual Task<ConnectorResult?> RevokeAsync(Uri? baseUrl, string credentialsJson, CancellationToken cancellationToken) =>
        Task.FromResult<ConnectorResult?>(null);
}

/// <summary>The values of a connect form after <see cref="NetworkDescriptor.ReadFormAsync"/> checked them.</summary>
public sealed class ConnectForm
{
    private readonly Dictionary<string, string> _texts;
    private readonly Dictionary<string, Uri> _urls;

    internal ConnectForm(Dictionary<string, string> texts, Dictionary<string, Uri> urls) => (_texts, _urls) = (texts, urls);

    /// <summary>The value of a field, or null when an optional field was left empty.</summary>
    public string? Text(string field) => _texts.GetValueOrDefault(field);

    /// <summary>The checked address of a <see cref="FieldInput.Url"/> field, or null when an optional one was left empty.</summary>
    public Uri? Url(string field) => _urls.GetValueOrDefault(field);

    /// <summary>The value of a required field.</summary>
    public string Required(string field) =>
        Text(field) ?? throw new InvalidOperationException($"'{field}' is not a required field of this form.");
}
