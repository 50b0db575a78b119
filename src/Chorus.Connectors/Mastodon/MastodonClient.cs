using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Mastodon;

/// <summary>A Mastodon answer: the JSON body, the status code (200 or 202 for media) and the paging links.</summary>
public sealed record MastodonAnswer(JsonElement Body, HttpStatusCode Status, MastodonPageLinks Links);

/// <summary>The Link header's paging ids: <see cref="MaxId"/> for the next (older) page, <see cref="MinId"/> for newer items.</summary>
public sealed partial record MastodonPageLinks(string? MaxId, string? MinId)
{
    public static readonly MastodonPageLinks None = new(null, null);

    public static MastodonPageLinks Parse(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return None;
        }

        string? maxId = null, minId = null;
        foreach (Match link in LinkPattern().Matches(string.Join(',', values)))
        {
            if (!Uri.TryCreate(link.Groups["url"].Value, UriKind.Absolute, out var url))
            {
                continue;
            }

            var query = System.Web.HttpUtility.ParseQueryString(url.Query);
            switch (link.Groups["rel"].Value)
            {
                case "next":
                    maxId = query["max_id"] ?? maxId;
                    break;
                case "prev":
                    minId = query["min_id"] ?? query["since_id"] ?? minId;
                    break;
            }
        }

        return new MastodonPageLinks(maxId, minId);
    }

    [GeneratedRegex("""<(?<url>[^>]+)>\s*;\s*rel="?(?<rel>[a-z]+)"?""")]
    private static partial Regex LinkPattern();
}

/// <summary>The Mastodon REST API for one account on one instance.</summary>
public sealed class MastodonClient : ConnectorHttp
{
    private readonly Uri _instance;
    private readonly string _accessToken;

    public MastodonClient(HttpClient http, TimeProvider time, TimeSpan requestTimeout, Uri instance, string accessToken)
        : base(http, time, requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(instance);
        _instance = new Uri(instance.GetLeftPart(UriPartial.Authority) + "/");
        _accessToken = accessToken;
    }

    /// <summary>The <see cref="ConnectorResult.NetworkErrorCode"/> given to a 404 (Mastodon's errors carry only a sentence).</summary>
    public const string NotFoundCode = "not_found";

    public Uri Instance => _instance;

    protected override string NetworkName => _instance.Host;

    public Task<ConnectorResult<MastodonAnswer>> GetAsync(string path, IEnumerable<KeyValuePair<string, string?>>? query, CancellationToken cancellationToken) =>
        SendAsync(() => Authorized(HttpMethod.Get, WithQuery(path, query)), ReadAsync, cancellationToken);

    public Task<ConnectorResult<MastodonAnswer>> PostFormAsync(
        string path, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken, string? idempotencyKey = null) =>
        SendAsync(
            () =>
            {
                var request = Authorized(HttpMethod.Post, path);
                request.Content = new FormUrlEncodedContent(form);
                if (idempotencyKey is not null)
                {
                    request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
                }

                return request;
            },
            ReadAsync,
            cancellationToken);

    public Task<ConnectorResult<MastodonAnswer>> PostMultipartAsync(string path, Func<MultipartFormDataContent> content, CancellationToken cancellationToken) =>
        SendAsync(
            () =>
            {
                var request = Authorized(HttpMethod.Post, path);
                request.Content = content();
                return request;
            },
            ReadAsync,
            cancellationToken);

    public Task<ConnectorResult<MastodonAnswer>> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(() => Authorized(HttpMethod.Delete, path), ReadAsync, cancellationToken);

    protected override ConnectorResult ClassifyFailure(HttpResponseMessage response, string body)
    {
        var result = base.ClassifyFailure(response, body);
        return response.StatusCode == HttpStatusCode.NotFound
            ? ConnectorResult.Permanent(result.Reason ?? "not found", networkErrorCode: NotFoundCode)
            : result;
    }

    private HttpRequestMessage Authorized(HttpMethod method, string pathAndQuery)
    {
        var request = new HttpRequestMessage(method, new Uri(_instance, pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _accessToken);
        return request;
    }

    internal static string WithQuery(string path, IEnumerable<KeyValuePair<string, string?>>? query)
    {
        var pairs = (query ?? []).Where(p => p.Value is not null).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value!)}").ToList();
        return pairs.Count == 0 ? path : $"{path}?{string.Join('&', pairs)}";
    }

    internal static async Task<MastodonAnswer> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
        return new MastodonAnswer(document.RootElement.Clone(), response.StatusCode, MastodonPageLinks.Parse(response));
    }
}
