using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Chorus.Platform.Shell;

public sealed class PublicAddressOptions
{
    /// <summary>CHORUS_PUBLIC_URL: the address people reach Chorus at (behind a proxy, the proxy's).</summary>
    [ConfigurationKeyName("CHORUS_PUBLIC_URL")]
    public string? PublicUrl { get; set; }

    /// <summary>CHORUS_URLS: where Chorus listens; its first address is the public one when CHORUS_PUBLIC_URL is not set.</summary>
    [ConfigurationKeyName("CHORUS_URLS")]
    public string? Urls { get; set; }

    public static bool IsValid(string? url) =>
        url is null || Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo);
}

/// <summary>
/// Builds every link Chorus sends out (invitations, OAuth callbacks, e-mails) from configuration, never from the
/// request: a forged Host header must not turn an invitation into a link to another site.
/// </summary>
public sealed class PublicAddress(IOptions<PublicAddressOptions> options, IServiceProvider services)
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>CHORUS_PUBLIC_URL, else the first of CHORUS_URLS, else the first address the server listens on.</summary>
    public Uri Base
    {
        get
        {
            var configured = options.Value.PublicUrl
                ?? options.Value.Urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
                ?? services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? DefaultUrl;
            return new Uri(configured.EndsWith('/') ? configured : configured + "/");
        }
    }

    /// <summary>The absolute link to a path of Chorus ("/invite/…"), under the public address's own path if it has one.</summary>
    public Uri To(string path) => new(Base, path.TrimStart('/'));
}
