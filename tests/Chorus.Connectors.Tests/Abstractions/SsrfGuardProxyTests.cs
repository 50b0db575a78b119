using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Chorus.Connectors.Abstractions;

namespace Chorus.Connectors.Tests.Abstractions;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessProxyCollection
{
    /// <summary>These tests set the process-wide default proxy, so nothing else runs beside them.</summary>
    public const string Name = "process proxy";
}

[Collection(ProcessProxyCollection.Name)]
public sealed class SsrfGuardProxyTests
{
    private static readonly Dictionary<string, IPAddress[]> FakeDns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["public.example"] = [IPAddress.Parse("93.184.216.34")],
        ["metadata.example"] = [IPAddress.Parse("169.254.169.254")],
    };

    private static SsrfGuard Guard(Uri? proxy, bool allowLoopback = false) =>
        new(new SsrfGuardOptions { AllowLoopback = allowLoopback, Proxy = proxy }, (host, _) =>
            Task.FromResult(FakeDns.TryGetValue(host, out var addresses) ? addresses : throw new SocketException(11001)));

    [Fact]
    public async Task NoProxyConfigured_ProcessHasOne_ConnectsDirectlySoTheGuardStillDecides()
    {
        await using var proxy = RecordingProxy.Start(_ => "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nmetadata");
        var before = HttpClient.DefaultProxy;
        // What HTTP_PROXY in the environment amounts to; the proxy sits on loopback, which this guard lets it reach.
        HttpClient.DefaultProxy = new WebProxy(proxy.Url);
        try
        {
            using var client = new HttpClient(Guard(proxy: null, allowLoopback: true).CreateHandler());

            var error = await Should.ThrowAsync<HttpRequestException>(() => client.GetStringAsync(new Uri("http://169.254.169.254/latest/meta-data/")));

            error.InnerException.ShouldBeOfType<SsrfRejectedException>().Message.ShouldContain("link-local");
            proxy.Requests.ShouldBeEmpty();
        }
        finally
        {
            HttpClient.DefaultProxy = before;
        }
    }

    [Fact]
    public async Task ProxyConfigured_DestinationCheckedBeforeTheProxySeesIt()
    {
        await using var proxy = RecordingProxy.Start(_ => "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        using var client = new HttpClient(Guard(proxy.Url).CreateHandler());

        (await client.GetStringAsync(new Uri("http://public.example/feed.xml"))).ShouldBe("hello");
        var refused = await Should.ThrowAsync<HttpRequestException>(() => client.GetStringAsync(new Uri("http://metadata.example/latest/")));

        refused.InnerException.ShouldBeOfType<SsrfRejectedException>();
        proxy.Requests.ShouldBe(["GET http://public.example/feed.xml HTTP/1.1"]);
    }

    [Fact]
    public async Task ProxyConfigured_RedirectToAForbiddenAddress_RefusedBeforeTheSecondHop()
    {
        await using var proxy = RecordingProxy.Start(requestLine => requestLine.Contains("public.example", StringComparison.Ordinal)
            ? "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/\r\nContent-Length: 0\r\n\r\n"
            : "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nmetadata");
        using var client = new HttpClient(Guard(proxy.Url).CreateHandler());

        var refused = await Should.ThrowAsync<HttpRequestException>(() => client.GetStringAsync(new Uri("http://public.example/")));

        refused.InnerException.ShouldBeOfType<SsrfRejectedException>();
        proxy.Requests.ShouldBe(["GET http://public.example/ HTTP/1.1"]);
    }

    /// <summary>A forward proxy on loopback that records each request line and answers what it is told to.</summary>
    private sealed class RecordingProxy : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Func<string, string> _answer;
        private readonly Task _loop;

        private RecordingProxy(Func<string, string> answer)
        {
            _answer = answer;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _loop = Task.Run(AcceptAsync);
        }

        public ConcurrentQueue<string> Requests { get; } = new();

        public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public static RecordingProxy Start(Func<string, string> answer) => new(answer);

        private async Task AcceptAsync()
        {
            while (true)
            {
                TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is ObjectDisposedException or SocketException)
                {
                    return;
                }
                _ = Task.Run(() => ServeAsync(connection));
            }
        }

        private async Task ServeAsync(TcpClient connection)
        {
            using (connection)
            {
                var stream = connection.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII);
                while (await reader.ReadLineAsync() is { Length: > 0 } requestLine)
                {
                    while (await reader.ReadLineAsync() is { Length: > 0 })
                    {
                        // headers: none of them matter here
                    }
                    Requests.Enqueue(requestLine);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(_answer(requestLine)));
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _loop;
        }
    }
}
