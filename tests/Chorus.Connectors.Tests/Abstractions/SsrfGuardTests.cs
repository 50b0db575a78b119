using System.Net;
using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Chorus.Connectors.Tests.Abstractions;

public sealed class SsrfGuardTests
{
    private static readonly Dictionary<string, IPAddress[]> FakeDns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["public.example"] = [IPAddress.Parse("93.184.216.34")],
        ["internal.example"] = [IPAddress.Parse("10.1.2.3")],
        ["mixed.example"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Parse("192.168.1.10")],
        ["metadata.example"] = [IPAddress.Parse("169.254.169.254")],
        ["v6loop.example"] = [IPAddress.IPv6Loopback],
        ["nowhere.example"] = [],
    };

    private static SsrfGuard Guard(bool allowLoopback = false) =>
        new(new SsrfGuardOptions { AllowLoopback = allowLoopback }, (host, _) =>
            Task.FromResult(FakeDns.TryGetValue(host, out var addresses) ? addresses : throw new System.Net.Sockets.SocketException(11001)));

    [Theory]
    [InlineData("https://public.example/feed.xml")]
    [InlineData("http://public.example:8080/")]
    [InlineData("https://93.184.216.34/")]
    [InlineData("https://[2606:2800:220:1:248:1893:25c8:1946]/")]
    public async Task CheckUrlAsync_PublicAddress_ReturnsUri(string url) =>
        (await Guard().CheckUrlAsync("FeedUrl", url, CancellationToken.None)).ShouldBe(new Uri(url));

    [Theory]
    [InlineData("http://127.0.0.1/", "loopback")]
    [InlineData("http://127.1/", "loopback")]
    [InlineData("http://2130706433/", "loopback")]
    [InlineData("http://0x7f000001/", "loopback")]
    [InlineData("http://0177.0.0.1/", "loopback")]
    [InlineData("http://[::1]/", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]/", "loopback")]
    [InlineData("http://[::ffff:7f00:1]/", "loopback")]
    [InlineData("http://[::127.0.0.1]/", "loopback")]
    [InlineData("http://[64:ff9b::7f00:1]/", "loopback")]
    [InlineData("http://[2002:7f00:1::]/", "loopback")]
    [InlineData("http://0.0.0.0/", "unspecified")]
    [InlineData("http://[::]/", "unspecified")]
    [InlineData("http://10.0.0.1/", "private")]
    [InlineData("http://172.16.5.4/", "private")]
    [InlineData("http://192.168.0.1/", "private")]
    [InlineData("http://[::ffff:192.168.0.1]/", "private")]
    [InlineData("http://[fd00::1]/", "private")]
    [InlineData("http://100.64.0.1/", "carrier-grade NAT")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://[::ffff:a9fe:a9fe]/", "link-local")]
    [InlineData("http://[fe80::1]/", "link-local")]
    [InlineData("http://224.0.0.1/", "multicast")]
    [InlineData("http://[ff02::1]/", "multicast")]
    [InlineData("http://255.255.255.255/", "broadcast")]
    [InlineData("http://internal.example/", "private")]
    [InlineData("http://metadata.example/", "link-local")]
    [InlineData("http://v6loop.example/", "loopback")]
    public async Task CheckUrlAsync_NonPublicAddress_RejectsNamingFieldAndReason(string url, string reason)
    {
        var error = await Should.ThrowAsync<SsrfRejectedException>(() => Guard().CheckUrlAsync("InstanceUrl", url, CancellationToken.None));

        error.Message.ShouldStartWith("InstanceUrl:");
        error.Message.ShouldContain(reason);
    }

    [Fact]
    public async Task CheckUrlAsync_OneOfSeveralAddressesPrivate_Rejects() =>
        (await Should.ThrowAsync<SsrfRejectedException>(() => Guard().CheckUrlAsync("SiteUrl", "https://mixed.example/", CancellationToken.None)))
            .Message.ShouldContain("192.168.1.10");

    [Theory]
    [InlineData("ftp://public.example/file", "only http and https")]
    [InlineData("file:///etc/passwd", "only http and https")]
    [InlineData("gopher://public.example/", "only http and https")]
    [InlineData("https://user:secret@public.example/", "user name or password")]
    [InlineData("public.example/feed", "not an absolute URL")]
    [InlineData("", "required")]
    [InlineData("https://nowhere.example/", "does not resolve")]
    [InlineData("https://unknown.example/", "could not be resolved")]
    public async Task CheckUrlAsync_BadUrl_RejectsWithReason(string url, string reason)
    {
        var error = await Should.ThrowAsync<SsrfRejectedException>(() => Guard().CheckUrlAsync("FeedUrl", url, CancellationToken.None));

        error.Message.ShouldStartWith("FeedUrl:");
        error.Message.ShouldContain(reason);
    }

    [Fact]
    public async Task CheckUrlAsync_LoopbackAllowed_AcceptsLoopbackButNotPrivate()
    {
        var guard = Guard(allowLoopback: true);

        (await guard.CheckUrlAsync("InstanceUrl", "http://127.0.0.1:3000/", CancellationToken.None)).Port.ShouldBe(3000);
        (await guard.CheckUrlAsync("InstanceUrl", "http://[::1]/", CancellationToken.None)).ShouldNotBeNull();
        await Should.ThrowAsync<SsrfRejectedException>(() => guard.CheckUrlAsync("InstanceUrl", "http://10.0.0.1/", CancellationToken.None));
    }

    [Fact]
    public async Task ConnectCallback_HostnameRebindsToLoopback_RefusesTheConnection()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => context.Response.WriteAsync("secret"));
        // The name passed the check once (public address) but now resolves to loopback: the connect-time check stops it.
        var answers = new Queue<IPAddress[]>([[IPAddress.Parse("93.184.216.34")], [IPAddress.Loopback]]);
        var guard = new SsrfGuard(new SsrfGuardOptions(), (_, _) => Task.FromResult(answers.Dequeue()));
        await guard.CheckUrlAsync("FeedUrl", "http://rebind.example/", CancellationToken.None);
        using var client = new HttpClient(guard.CreateHandler());

        var error = await Should.ThrowAsync<HttpRequestException>(() =>
            client.GetStringAsync(new Uri($"http://rebind.example:{server.BaseUrl.Port}/")));

        error.InnerException.ShouldBeOfType<SsrfRejectedException>().Message.ShouldContain("loopback");
        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ConnectCallback_LoopbackAllowed_Connects()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => context.Response.WriteAsync("hello"));
        using var client = new HttpClient(Guard(allowLoopback: true).CreateHandler());

        (await client.GetStringAsync(server.BaseUrl)).ShouldBe("hello");
    }
}
