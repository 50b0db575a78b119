using Chorus.Connectors.Abstractions;
using Chorus.Connectors.WordPress;

namespace Chorus.Connectors.Tests.WordPress;

public class WordPressConnectorFactoryTests
{
    private static readonly WordPressConnectorFactory Factory = new(new HttpClient(), new SsrfGuard(new SsrfGuardOptions()), new WordPressOptions(), TimeProvider.System);

    [Theory]
    [InlineData("https://blog.example", "{\"userName\":\"admin\"}", "'applicationPassword' is required")]
    [InlineData("https://blog.example", "{\"applicationPassword\":\"x\"}", "'userName' is required")]
    [InlineData("https://blog.example", "not json", "not valid JSON")]
    [InlineData(null, "{\"userName\":\"a\",\"applicationPassword\":\"b\"}", "BaseUrl:")]
    [InlineData("ftp://blog.example", "{\"userName\":\"a\",\"applicationPassword\":\"b\"}", "BaseUrl:")]
    public void Create_UnusableConnection_FailsNamingTheField(string? site, string credentials, string reason)
    {
        var connection = new ChannelConnection("c1", site is null ? null : new Uri(site), credentials);

        Should.Throw<ArgumentException>(() => Factory.Create(connection)).Message.ShouldContain(reason);
    }

    [Fact]
    public void Create_ValidConnection_DeclaresWordPressCapabilities()
    {
        var connector = Factory.Create(new ChannelConnection("c1", new Uri("https://blog.example/"), "{\"userName\":\"a\",\"applicationPassword\":\"b c d\"}"));

        connector.Network.ShouldBe("wordpress");
        connector.Capabilities.HasFlag(ConnectorCapabilities.SchedulePublish).ShouldBeTrue();
        connector.Capabilities.HasFlag(ConnectorCapabilities.ReadDirectMessages).ShouldBeFalse();
        connector.ShouldBeAssignableTo<IModerationActions>()!.Supports(ModerationAction.Spam).ShouldBeTrue();
    }
}
