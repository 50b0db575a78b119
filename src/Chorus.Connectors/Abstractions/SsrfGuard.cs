using System.Net;
using System.Net.Sockets;

namespace Chorus.Connectors.Abstractions;

public sealed class SsrfGuardOptions
{
    /// <summary>Allows 127.0.0.0/8 and ::1 (tests and peers on loopback). Never set in production.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Allows private ranges (10/8, 172.16/12, 192.168/16, fc00::/7) for self-hosted sites on a LAN.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// The HTTP proxy connectors go through (Connectors:Proxy), or none: the process's HTTP_PROXY/HTTPS_PROXY are
    /// ignored, because through a proxy the proxy opens the connections and the connect-time check never sees them.
    /// </summary>
    public Uri? Proxy { get; set; }
}

/// <summary>A URL or address refused by <see cref="SsrfGuard"/>; the message names the field and the reason.</summary>
public sealed class SsrfRejectedException : Exception
{
    public SsrfRejectedException(string message)
        : base(message)
    {
    }

    public SsrfRejectedException()
    {
    }

    public SsrfRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Keeps user-supplied URLs (instance, site, feed) from reaching the server's own network: checked when
/// the URL is entered and again at connect time (<see cref="CreateHandler"/>) so DNS rebinding cannot slip past.</summary>
public sealed class SsrfGuard
{
    private readonly SsrfGuardOptions _options;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public SsrfGuard(SsrfGuardOptions options, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _resolve = resolve ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));
    }

    /// <summary>Validates a user-supplied URL: http(s) only, no credentials, every resolved address public.
    /// Throws <see cref="SsrfRejectedException"/> whose message starts with <paramref name="field"/>.</summary>
    public async Task<Uri> CheckUrlAsync(string field, string? url, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new SsrfRejectedException($"{field}: a URL is required.");
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            throw new SsrfRejectedException($"{field}: '{url}' is not an absolute URL.");
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new SsrfRejectedException($"{field}: only http and https URLs are allowed, not '{uri.Scheme}'.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new SsrfRejectedException($"{field}: the URL must not contain a user name or password.");
        }

        if (string.IsNullOrEmpty(uri.IdnHost))
        {
            throw new SsrfRejectedException($"{field}: the URL has no host.");
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
        }
        catch (SsrfRejectedException ex)
        {
            throw new SsrfRejectedException($"{field}: {ex.Message}", ex);
        }

        if (addresses.Length == 0)
        {
            throw new SsrfRejectedException($"{field}: the host '{uri.Host}' does not resolve to any address.");
        }

        foreach (var address in addresses)
        {
            if (!IsAllowed(address, out var reason))
            {
                throw new SsrfRejectedException($"{field}: the host '{uri.Host}' resolves to {address}, {reason}.");
            }
        }

        return uri;
    }

    /// <summary>
    /// A handler that only reaches allowed addresses. Directly (no proxy configured, whatever the environment says),
    /// every connection checks the addresses it is about to connect to. Through the configured proxy, each request's
    /// destination is checked before it is handed to the proxy, and redirects are followed here so that every hop is
    /// checked; the proxy resolves names itself, so there a name that changes its address between the check and the
    /// proxy's lookup is not caught: configure the proxy to refuse private destinations too.
    /// </summary>
    public HttpMessageHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (_options.Proxy is null)
        {
            Enforce(handler);
            return handler;
        }
        handler.UseProxy = true;
        handler.Proxy = new WebProxy(_options.Proxy);
        handler.AllowAutoRedirect = false;
        return new ProxiedDestinationCheck(this, handler);
    }

    /// <summary>Installs the connect-time check on an existing handler, which then connects directly, never through a proxy.</summary>
    public void Enforce(SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        handler.UseProxy = false;
        handler.ConnectCallback = ConnectAsync;
    }

    /// <summary>Throws <see cref="SsrfRejectedException"/> unless every address of the URL's host is allowed.</summary>
    public async Task EnsureDestinationAllowedAsync(Uri destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await AllowedAddressesAsync(destination.IdnHost, cancellationToken);
    }

    /// <summary>True when connecting to <paramref name="address"/> is allowed; otherwise why not.</summary>
    public bool IsAllowed(IPAddress address, out string reason)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsAllowed(address.MapToIPv4(), out reason);
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return IsAllowedIPv4(address.GetAddressBytes(), out reason);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            reason = "which is not an IP address";
            return false;
        }

        var bytes = address.GetAddressBytes();
        if (IPAddress.IPv6Loopback.Equals(address))
        {
            reason = "a loopback address";
            return _options.AllowLoopback;
        }

        if (IPAddress.IPv6Any.Equals(address))
        {
            reason = "the unspecified address";
            return false;
        }

        // Addresses that embed an IPv4 address are judged by it: IPv4-compatible (::a.b.c.d),
        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return IsAllowedIPv4(bytes.AsSpan(12, 4), out reason);
        }

        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return IsAllowedIPv4(bytes.AsSpan(12, 4), out reason);
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return IsAllowedIPv4(bytes.AsSpan(2, 4), out reason);
        }

        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
        {
            reason = "a link-local address";
            return false;
        }

        if (address.IsIPv6Multicast)
        {
            reason = "a multicast address";
            return false;
        }

        if ((bytes[0] & 0xfe) == 0xfc)
        {
            reason = "a private (unique local) address";
            return _options.AllowPrivateNetworks;
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8)
        {
            reason = "a documentation address";
            return false;
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x00 && bytes[3] == 0x00)
        {
            reason = "a Teredo tunnel address";
            return false;
        }

        reason = "";
        return true;
    }

    private bool IsAllowedIPv4(ReadOnlySpan<byte> b, out string reason)
    {
        (bool Blocked, bool Allowed, string Reason) verdict = (b[0], b[1]) switch
        {
            (0, _) => (true, false, "an unspecified ('this network') address"),
            (127, _) => (true, _options.AllowLoopback, "a loopback address"),
            (10, _) => (true, _options.AllowPrivateNetworks, "a private address"),
            (172, >= 16 and <= 31) => (true, _options.AllowPrivateNetworks, "a private address"),
            (192, 168) => (true, _options.AllowPrivateNetworks, "a private address"),
            (100, >= 64 and <= 127) => (true, _options.AllowPrivateNetworks, "a carrier-grade NAT address"),
            (169, 254) => (true, false, "a link-local address (cloud metadata lives there)"),
            (192, 0) when b[2] is 0 or 2 => (true, false, "a reserved address"),
            (198, 18 or 19) => (true, false, "a benchmarking address"),
            (198, 51) when b[2] == 100 => (true, false, "a documentation address"),
            (203, 0) when b[2] == 113 => (true, false, "a documentation address"),
            ( >= 224 and <= 239, _) => (true, false, "a multicast address"),
            ( >= 240, _) => (true, false, "a reserved or broadcast address"),
            _ => (false, true, ""),
        };
        reason = verdict.Reason;
        return !verdict.Blocked || verdict.Allowed;
    }

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out var literal))
        {
            return [literal];
        }

        try
        {
            return await _resolve(bare, cancellationToken);
        }
        catch (SocketException ex)
        {
            throw new SsrfRejectedException($"the host '{host}' could not be resolved ({ex.SocketErrorCode}).", ex);
        }
    }

    private async Task<IPAddress[]> AllowedAddressesAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SsrfRejectedException($"the host '{host}' does not resolve to any address.");
        }

        foreach (var address in addresses)
        {
            if (!IsAllowed(address, out var reason))
            {
                throw new SsrfRejectedException($"refused to connect to '{host}': it resolves to {address}, {reason}.");
            }
        }

        return addresses;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await AllowedAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
