using Chorus.Connectors.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chorus.Connectors.Mastodon;

/// <summary>Mastodon: an account on any instance, connected with OAuth (Chorus registers itself on the instance, the
/// person authorises it there and comes back with a code); its token is revoked when the channel is disconnected.</summary>
public sealed class MastodonNetwork(MastodonConnectorFactory factory, SsrfGuard guard) : NetworkDescriptor, INetworkSetup, IOAuthNetwork
{
    /// <summary>Mastodon's default limit; an instance may set its own.</summary>
    public const int MaxCharacters = 500;

    /// <summary>Every link counts as this many characters, whatever its length.</summary>
    public const int LinkLength = 23;

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddNetworkOptions<MastodonOptions>(MastodonOptions.SectionName);
        // Instance addresses are typed by people: every connection goes through the guard.
        services.AddGuardedHttpClient(MastodonOptions.HttpClientName);
        services.AddSingleton<MastodonConnectorFactory>();
    }

    public override string Id => MastodonConnector.NetworkId;

    public override string DisplayName => "Mastodon";

    public override string ConnectLabel => "Mastodon account";

    public override ConnectMethod ConnectMethod => ConnectMethod.OAuthRedirect;

    public override IReadOnlyList<ConnectField> Fields { get; } =
    [
        new("url", "Instance address (e.g. https://mastodon.social)", FieldInput.Url),
    ];

    public override IConnectorFactory Connectors => factory;

    /// <summary>Mastodon's defaults (an instance publishes its own in /api/v2/instance, configuration.statuses and
    /// media_attachments): 500 grapheme clusters counted over the content warning and the text together, every http(s)
    /// link as 23, a remote mention as its local part; 4 attachments, images up to 16 MB, videos up to 99 MB
    /// (MediaAttachment's IMAGE_LIMIT and VIDEO_LIMIT), descriptions up to 1,500 characters.</summary>
    public override NetworkLimits Limits { get; } = new(
        new TextLimit(MaxCharacters, TextCounting.Graphemes, LinkLength,
            "Mastodon's defaults; an instance may allow more.")
        {
            Mentions = MentionCounting.LocalPart,
            IncludesContentWarning = true,
        },
        TitleRequired: false,
        new MediaLimit(MastodonConnector.MaxMedia,
        [
            .. MediaLimit.Sized(MaxImageBytes, "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif", "image/avif"),
            .. MediaLimit.Sized(MaxVideoBytes, "video/mp4", "video/webm", "video/quicktime", "video/x-m4v"),
        ])
        {
            MaxAltTextLength = MaxDescriptionLength,
        })
    {
        ContentWarnings = true,
    };

    private const long MaxImageBytes = 16L * 1024 * 1024;

    private const long MaxVideoBytes = 99L * 1024 * 1024;

    private const int MaxDescriptionLength = 1500;

    public override string Icon => "mastodon";

    public override IOAuthNetwork OAuth => this;

    public string ServerField => "url";

    public Uri ServerOf(ConnectForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var instance = form.Url("url")!;
        return new Uri(instance.GetLeftPart(UriPartial.Authority) + "/");
    }

    public async Task<ConnectorResult<OAuthClient>> RegisterClientAsync(Uri server, Uri redirectUri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var registered = await Authorization.RegisterAppAsync(server.AbsoluteUri, redirectUri, cancellationToken);
        return registered.Succeeded ? ConnectorResult.Ok(new OAuthClient(registered.Value!.ClientId, registered.Value.ClientSecret)) : registered.As<OAuthClient>();
    }

    public OAuthStart Start(Uri server, OAuthClient client, Uri redirectUri)
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = Authorization.StartAuthorization(server, new MastodonApp(client.ClientId, client.ClientSecret), redirectUri);
        return new OAuthStart(request.Instance, client, request.RedirectUri, request.State, request.CodeVerifier, request.AuthorizeUrl);
    }

    public async Task<ConnectorResult<string>> ExchangeCodeAsync(OAuthStart started, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(started);
        var request = new MastodonAuthorizationRequest(started.Server, new MastodonApp(started.Client.ClientId, started.Client.ClientSecret),
            started.RedirectUri, started.State, started.CodeVerifier, started.AuthorizeUrl);
        var token = await Authorization.CompleteAuthorizationAsync(request, started.State, code, cancellationToken);
        return token.Succeeded ? ConnectorResult.Ok(token.Value!.ToJson()) : token.As<string>();
    }

    public (string Account, string CredentialsJson) Connected(ConnectedAccount who, Uri server, string credentialsJson)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(server);
        // The account id saves a verify_credentials call on every later request.
        var credentials = MastodonCredentials.FromJson(credentialsJson) with { AccountId = who.RemoteId };
        return (who.Handle ?? $"{who.RemoteId}@{server.Host}", credentials.ToJson());
    }

    public override async Task<ConnectorResult?> RevokeAsync(Uri? baseUrl, string credentialsJson, CancellationToken cancellationToken) =>
        baseUrl is null ? null : await Authorization.RevokeAsync(baseUrl, MastodonCredentials.FromJson(credentialsJson), cancellationToken);

    private MastodonAuthorization Authorization => factory.CreateAuthorization(guard);
}
