using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Mastodon;

/// <summary>Connecting a Mastodon account: register Chorus on the instance, send the person to the instance's
/// authorisation page (OAuth 2 authorisation code with state and PKCE), exchange the code, and revoke on disconnect.</summary>
public sealed class MastodonAuthorization : ConnectorHttp
{
    private readonly SsrfGuard _guard;
    private readonly MastodonOptions _options;

    public MastodonAuthorization(HttpClient http, TimeProvider time, SsrfGuard guard, MastodonOptions options)
        : base(http, time, options?.RequestTimeout ?? TimeSpan.FromSeconds(30))
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(options);
        _guard = guard;
        _options = options;
    }

    protected override string NetworkName => "the Mastodon instance";

    /// <summary>Registers Chorus on the instance (POST /api/v1/apps). The instance URL is checked by the SSRF guard;
    /// a refused URL gives a Permanent result naming the field.</summary>
    public async Task<ConnectorResult<MastodonApp>> RegisterAppAsync(string instanceUrl, Uri redirectUri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        Uri instance;
        try
        {
            instance = await _guard.CheckUrlAsync("InstanceUrl", instanceUrl, cancellationToken);
        }
        catch (SsrfRejectedException ex)
        {
            return ConnectorResult.Permanent(ex.Message).As<MastodonApp>();
        }

        var body = new JsonObject
        {
            ["client_name"] = _options.ClientName,
            ["redirect_uris"] = new JsonArray(redirectUri.AbsoluteUri),
            ["scopes"] = _options.Scopes,
        };
        if (_options.Website is { } website)
        {
            body["website"] = website.AbsoluteUri;
        }

        return await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(Root(instance), "api/v1/apps"))
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            },
            async (response, ct) =>
            {
                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                var clientId = ReadString(json.RootElement, "client_id");
                var clientSecret = ReadString(json.RootElement, "client_secret");
                return clientId is null || clientSecret is null
                    ? throw new FormatException("the instance registered the app without client_id or client_secret")
                    : new MastodonApp(clientId, clientSecret);
            },
            cancellationToken);
    }

    /// <summary>Builds the authorisation page address with a fresh random state and PKCE verifier.</summary>
    public MastodonAuthorizationRequest StartAuthorization(Uri instance, MastodonApp app, Uri redirectUri, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(redirectUri);
        var state = Base64Url(RandomNumberGenerator.GetBytes(24));
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = MastodonClient.WithQuery("oauth/authorize", [
            new("response_type", "code"),
            new("client_id", app.ClientId),
            new("redirect_uri", redirectUri.AbsoluteUri),
            new("scope", _options.Scopes),
            new("state", state),
            new("code_challenge", challenge),
            new("code_challenge_method", "S256"),
            new("lang", language),
        ]);
        return new MastodonAuthorizationRequest(Root(instance), app, redirectUri, state, verifier, new Uri(Root(instance), query));
    }

    /// <summary>Checks the state the instance sent back and exchanges the code for an access token
    /// (POST /oauth/token). Returns the credentials to store for the channel.</summary>
    public async Task<ConnectorResult<MastodonCredentials>> CompleteAuthorizationAsync(
        MastodonAuthorizationRequest request, string? returnedState, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (returnedState is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(returnedState), Encoding.UTF8.GetBytes(request.State)))
        {
            return ConnectorResult.Permanent("state: the answer from the instance does not match this authorisation request.").As<MastodonCredentials>();
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            return ConnectorResult.Permanent("code: the instance sent no authorisation code (was access denied?).").As<MastodonCredentials>();
        }

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["client_id"] = request.App.ClientId,
            ["client_secret"] = request.App.ClientSecret,
            ["redirect_uri"] = request.RedirectUri.AbsoluteUri,
            ["scope"] = _options.Scopes,
            ["code_verifier"] = request.CodeVerifier,
        };
        return await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(request.Instance, "oauth/token")) { Content = new FormUrlEncodedContent(form) },
            async (response, ct) =>
            {
                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                var token = ReadString(json.RootElement, "access_token") ?? throw new FormatException("the token answer has no access_token");
                return new MastodonCredentials(request.App.ClientId, request.App.ClientSecret, token);
            },
            cancellationToken);
    }

    /// <summary>Revokes the channel's token (POST /oauth/revoke); revoking twice succeeds.</summary>
    public async Task<ConnectorResult> RevokeAsync(Uri instance, MastodonCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(credentials);
        var form = new Dictionary<string, string>
        {
            ["client_id"] = credentials.ClientId,
            ["client_secret"] = credentials.ClientSecret,
            ["token"] = credentials.AccessToken,
        };
        var result = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(Root(instance), "oauth/revoke")) { Content = new FormUrlEncodedContent(form) },
            (_, _) => Task.FromResult(true),
            cancellationToken);
        return result.Succeeded ? ConnectorResult.Ok() : result;
    }

    private static Uri Root(Uri instance) => new(instance.GetLeftPart(UriPartial.Authority) + "/");

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
