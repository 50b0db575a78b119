using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Bluesky;

/// <summary>XRPC over HTTP for one account: app-password sessions, refresh on an expired token (then one retry of the
/// call, which the server rejected before doing anything), and persistence of the new tokens.</summary>
public sealed class BlueskyClient : ConnectorHttp
{
    private static readonly HashSet<string> TokenErrors = new(StringComparer.Ordinal) { "ExpiredToken", "InvalidToken" };
    private static readonly HashSet<string> AccountErrors = new(StringComparer.Ordinal)
    {
        "AccountTakedown", "AccountDeactivated", "AccountNotFound", "AuthFactorTokenRequired",
    };

    private readonly Uri _service;
    private readonly Func<string, CancellationToken, Task>? _persistCredentials;
    private readonly SemaphoreSlim _sessionLock = new(1, 1);
    private BlueskyCredentials _credentials;

    public BlueskyClient(
        HttpClient http,
        TimeProvider time,
        TimeSpan requestTimeout,
        Uri service,
        BlueskyCredentials credentials,
        Func<string, CancellationToken, Task>? persistCredentials)
        : base(http, time, requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(credentials);
        _service = service.AbsoluteUri.EndsWith('/') ? service : new Uri(service.AbsoluteUri + "/");
        _credentials = credentials;
        _persistCredentials = persistCredentials;
    }

    /// <summary>The account's DID once a session exists.</summary>
    public string? Did => _credentials.Did;

    /// <summary>The current credentials, including refreshed tokens.</summary>
    public BlueskyCredentials Credentials => _credentials;

    protected override string NetworkName => "Bluesky";

    /// <summary>Opens a new session with the app password (com.atproto.server.createSession).</summary>
    public async Task<ConnectorResult<string>> CreateSessionAsync(CancellationToken cancellationToken)
    {
        var input = new JsonObject { ["identifier"] = _credentials.Identifier, ["password"] = _credentials.AppPassword };
        var result = await SendAsync(() => Post("com.atproto.server.createSession", input, token: null), ReadJsonAsync, cancellationToken);
        return await StoreSessionAsync(result, cancellationToken);
    }

    /// <summary>An authenticated query (GET).</summary>
    public Task<ConnectorResult<JsonElement>> QueryAsync(
        string nsid, IEnumerable<KeyValuePair<string, string?>> parameters, CancellationToken cancellationToken)
    {
        var query = string.Join('&', parameters
            .Where(p => p.Value is not null)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value!)}"));
        var uri = new Uri(_service, $"xrpc/{nsid}{(query.Length > 0 ? "?" + query : "")}");
        return AuthorizedAsync(token => WithToken(new HttpRequestMessage(HttpMethod.Get, uri), token), cancellationToken);
    }

    /// <summary>An authenticated procedure (POST with a JSON body).</summary>
    public Task<ConnectorResult<JsonElement>> ProcedureAsync(string nsid, JsonNode input, CancellationToken cancellationToken) =>
        AuthorizedAsync(token => Post(nsid, input, token), cancellationToken);

    /// <summary>Uploads an image (com.atproto.repo.uploadBlob) and returns the blob reference to embed.</summary>
    public Task<ConnectorResult<JsonElement>> UploadBlobAsync(ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
        AuthorizedAsync(
            token =>
            {
                var body = new ReadOnlyMemoryContent(content);
                body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
                return WithToken(new HttpRequestMessage(HttpMethod.Post, new Uri(_service, "xrpc/com.atproto.repo.uploadBlob")) { Content = body }, token);
            },
            cancellationToken);

    protected override ConnectorResult ClassifyFailure(HttpResponseMessage response, string body)
    {
        var code = ReadErrorCode(body);
        if (code is not null && (TokenErrors.Contains(code) || AccountErrors.Contains(code)))
        {
            var text = DescribeError(body);
            return ConnectorResult.Permanent(
                $"Bluesky refused the session ({(int)response.StatusCode}): {text}", isAuthFailure: true, networkErrorCode: code);
        }

        return base.ClassifyFailure(response, body);
    }

    private async Task<ConnectorResult<JsonElement>> AuthorizedAsync(Func<string, HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        var token = _credentials.AccessJwt;
        if (token is null)
        {
            var session = await RenewSessionAsync(staleToken: null, cancellationToken);
            if (!session.Succeeded)
            {
                return session.As<JsonElement>();
            }

            token = session.Value!;
        }

        var result = await SendAsync(() => createRequest(token), ReadJsonAsync, cancellationToken);
        if (result.NetworkErrorCode is not { } code || !TokenErrors.Contains(code))
        {
            return result;
        }

        // The server refused the token before acting, so sending the same call again cannot duplicate anything.
        var renewed = await RenewSessionAsync(token, cancellationToken);
        return renewed.Succeeded
            ? await SendAsync(() => createRequest(renewed.Value!), ReadJsonAsync, cancellationToken)
            : renewed.As<JsonElement>();
    }

    /// <summary>Refreshes the session (or opens a new one with the app password when the refresh token is no longer
    /// accepted). Calls racing on the same stale token refresh once.</summary>
    private async Task<ConnectorResult<string>> RenewSessionAsync(string? staleToken, CancellationToken cancellationToken)
    {
        await _sessionLock.WaitAsync(cancellationToken);
        try
        {
            if (_credentials.AccessJwt is { } current && current != staleToken)
            {
                return ConnectorResult.Ok(current);
            }

            if (_credentials.RefreshJwt is { } refreshToken)
            {
                var refreshed = await SendAsync(() => Post("com.atproto.server.refreshSession", input: null, refreshToken), ReadJsonAsync, cancellationToken);
                if (refreshed.Succeeded || !refreshed.IsAuthFailure)
                {
                    return await StoreSessionAsync(refreshed, cancellationToken);
                }
            }

            return await CreateSessionAsync(cancellationToken);
        }
        finally
        {
            _sessionLock.Release();
        }
    }

    private async Task<ConnectorResult<string>> StoreSessionAsync(ConnectorResult<JsonElement> answer, CancellationToken cancellationToken)
    {
        if (!answer.Succeeded)
        {
            return answer.As<string>();
        }

        var session = answer.Value;
        var access = ReadString(session, "accessJwt");
        var refresh = ReadString(session, "refreshJwt");
        var did = ReadString(session, "did");
        if (access is null || refresh is null || did is null)
        {
            return ConnectorResult.Transient("Bluesky answered the session request without accessJwt, refreshJwt or did.").As<string>();
        }

        _credentials = _credentials with { AccessJwt = access, RefreshJwt = refresh, Did = did };
        if (_persistCredentials is not null)
        {
            await _persistCredentials(_credentials.ToJson(), cancellationToken);
        }

        return ConnectorResult.Ok(access);
    }

    private HttpRequestMessage Post(string nsid, JsonNode? input, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_service, $"xrpc/{nsid}"));
        if (input is not null)
        {
            request.Content = new StringContent(input.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return token is null ? request : WithToken(request, token);
    }

    private static HttpRequestMessage WithToken(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
        return document.RootElement.Clone();
    }
}
