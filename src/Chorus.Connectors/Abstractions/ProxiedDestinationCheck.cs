namespace Chorus.Connectors.Abstractions;

/// <summary>
/// In front of a handler that goes through a proxy: checks each request's destination with the <see cref="SsrfGuard"/>
/// before the proxy sees it, and follows redirects itself so that every hop is checked the same way.
/// </summary>
internal sealed class ProxiedDestinationCheck(SsrfGuard guard, HttpMessageHandler proxied) : DelegatingHandler(proxied)
{
    private const int MaxRedirects = 10;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            await CheckAsync(request.RequestUri!, cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            if (hop == MaxRedirects || RedirectOf(request, response) is not { } next) return response;
            response.Dispose();
            request = next;
        }
    }

    private async Task CheckAsync(Uri destination, CancellationToken cancellationToken)
    {
        try
        {
            await guard.EnsureDestinationAllowedAsync(destination, cancellationToken);
        }
        catch (SsrfRejectedException rejected)
        {
            // The shape a refused connection has without a proxy, so connectors report both the same way.
            throw new HttpRequestException(rejected.Message, rejected);
        }
    }

    /// <summary>The request a redirect asks for, or null when the response is not one to follow here.</summary>
    private static HttpRequestMessage? RedirectOf(HttpRequestMessage request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location) return null;
        var target = location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location);
        if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps) return null;
        // 307 and 308 repeat the method and its body; a body cannot be sent twice, so those are left to the caller.
        var keepsMethod = status is 307 or 308;
        if (keepsMethod && request.Content is not null) return null;
        var method = keepsMethod || request.Method == HttpMethod.Head ? request.Method : HttpMethod.Get;
        var next = new HttpRequestMessage(method, target) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        var sameOrigin = Uri.Compare(target, request.RequestUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
        foreach (var header in request.Headers)
        {
            // Credentials are for the site they were meant for, as HttpClient's own redirect handling does.
            if (!sameOrigin && (header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase))) continue;
            next.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        next.Headers.Host = null;
        return next;
    }
}
