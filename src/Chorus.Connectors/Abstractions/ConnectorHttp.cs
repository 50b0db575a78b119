using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Chorus.Connectors.Abstractions;

/// <summary>The one place where HTTP outcomes become <see cref="ConnectorOutcome"/>s. Connectors send every request
/// through <see cref="SendAsync{T}"/>. It never retries: the app's job queue retries by outcome.</summary>
public abstract class ConnectorHttp
{
    private const int MaxErrorTextLength = 500;

    protected ConnectorHttp(HttpClient http, TimeProvider time, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(requestTimeout, TimeSpan.Zero);
        Http = http;
        Time = time;
        RequestTimeout = requestTimeout;
    }

    /// <summary>Name of the network as people know it, used in failure reasons ("Bluesky", "mastodon.social").</summary>
    protected abstract string NetworkName { get; }

    protected HttpClient Http { get; }

    protected TimeProvider Time { get; }

    protected TimeSpan RequestTimeout { get; }

    /// <summary>Sends one request and maps what happens. <paramref name="readSuccess"/> reads a 2xx answer; a
    /// <see cref="JsonException"/> or <see cref="FormatException"/> it throws means the answer was malformed (Transient).</summary>
    protected async Task<ConnectorResult<T>> SendAsync<T>(
        Func<HttpRequestMessage> createRequest,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readSuccess,
        CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        var result = await SendAndMapAsync(createRequest, readSuccess, cancellationToken);
        ConnectorTelemetry.Record(NetworkName, result, Time.GetElapsedTime(started), Time.GetUtcNow());
        return result;
    }

    private async Task<ConnectorResult<T>> SendAndMapAsync<T>(
        Func<HttpRequestMessage> createRequest,
        Func<HttpResponseMessage, CancellationToken, Task<T>> readSuccess,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createRequest);
        ArgumentNullException.ThrowIfNull(readSuccess);
        using var timeout = new CancellationTokenSource(RequestTimeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var what = "the request";
        try
        {
            using var request = createRequest();
            what = $"{request.Method} {request.RequestUri?.AbsolutePath}";
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (IsSuccess(response))
            {
                return ConnectorResult.Ok(await readSuccess(response, linked.Token));
            }

            var body = await ReadBodyForErrorAsync(response, linked.Token);
            return ClassifyFailure(response, body).As<T>();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ConnectorResult.Transient($"{NetworkName} did not answer {what} within {RequestTimeout.TotalSeconds:0.#} s.").As<T>();
        }
        catch (HttpRequestException ex) when (ex.InnerException is SsrfRejectedException rejected)
        {
            return ConnectorResult.Permanent($"{NetworkName}: {rejected.Message}").As<T>();
        }
        catch (HttpRequestException ex)
        {
            return ConnectorResult.Transient($"Could not reach {NetworkName} for {what}: {DescribeConnectionError(ex)}").As<T>();
        }
        catch (IOException ex)
        {
            return ConnectorResult.Transient($"The connection to {NetworkName} broke during {what}: {ex.Message}").As<T>();
        }
        catch (JsonException ex)
        {
            return ConnectorResult.Transient($"{NetworkName} sent an unreadable answer to {what}: {ex.Message}").As<T>();
        }
        catch (FormatException ex)
        {
            return ConnectorResult.Transient($"{NetworkName} sent an unexpected answer to {what}: {ex.Message}").As<T>();
        }
    }

    /// <summary>Whether <paramref name="response"/> is read as a success by <c>readSuccess</c>. 2xx by default; a feed
    /// reader also treats 304 Not Modified as a success (nothing new, not a failure).</summary>
    protected virtual bool IsSuccess(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Maps a non-2xx answer. Override to recognise network-specific cases (then fall back to this).</summary>
    protected virtual ConnectorResult ClassifyFailure(HttpResponseMessage response, string body)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var networkText = DescribeError(body);
        var code = ReadErrorCode(body);
        var said = $"{NetworkName} answered {status} {response.ReasonPhrase}{(networkText is null ? "" : $": {networkText}")}";
        var retryAt = RateLimitHeaders.ReadRetryAt(response.Headers, Time.GetUtcNow());

        return status switch
        {
            429 => ConnectorResult.RateLimited(retryAt, said, code),
            503 when retryAt is not null => ConnectorResult.RateLimited(retryAt, said, code),
            401 or 403 => ConnectorResult.Permanent(said, isAuthFailure: true, code),
            408 => ConnectorResult.Transient(said, retryAt, code),
            >= 500 => ConnectorResult.Transient(said, retryAt, code),
            _ => ConnectorResult.Permanent(said, networkErrorCode: code),
        };
    }

    /// <summary>Pulls the human-readable error out of an error body. The default understands the usual JSON
    /// shapes ({"message"}, {"error_description"}, {"error"}) and falls back to the text itself.</summary>
    protected virtual string? DescribeError(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                var code = ReadString(root, "error");
                var message = ReadString(root, "message") ?? ReadString(root, "error_description") ?? ReadString(root, "detail");
                var text = (code, message) switch
                {
                    (null, null) => null,
                    (not null, null) => code,
                    (null, not null) => message,
                    _ when string.Equals(code, message, StringComparison.Ordinal) => message,
                    _ => $"{code}: {message}",
                };
                if (text is not null)
                {
                    return Shorten(text);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the raw text is the best description we have.
        }

        return Shorten(body.Trim());
    }

    /// <summary>The machine-readable error code in an error body; the default reads a JSON "error" or "code" string
    /// that contains no spaces (a sentence in "error" is a message, as Mastodon sends).</summary>
    protected virtual string? ReadErrorCode(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var code = ReadString(document.RootElement, "error") ?? ReadString(document.RootElement, "code");
            return code is null || code.Contains(' ', StringComparison.Ordinal) ? null : code;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    protected static string? ReadString(JsonElement element, string property) => JsonValues.Text(element, property);

    private static async Task<string> ReadBodyForErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string DescribeConnectionError(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException socket when socket.SocketErrorCode == SocketError.ConnectionRefused => "connection refused",
        SocketException socket when socket.SocketErrorCode == SocketError.ConnectionReset => "connection reset",
        SocketException socket => socket.SocketErrorCode.ToString(),
        IOException io => io.Message,
        _ => ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : ex.HttpRequestError.ToString(),
    };

    private static string Shorten(string text) =>
        text.Length <= MaxErrorTextLength ? text : string.Concat(text.AsSpan(0, MaxErrorTextLength), "…");
}
