using Chorus.Connectors.Abstractions;
using Chorus.Tests.Support;

namespace Chorus.Tests.Channels;

public sealed class NetworkCatalogTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    [Fact]
    public void SameNetworkTwice_RefusedNamingIt()
    {
        var pigeon = new PigeonNetwork(new PigeonNetwork.ConnectorFactory());

        var refused = Should.Throw<InvalidOperationException>(() => new NetworkCatalog([pigeon, pigeon]));

        refused.Message.ShouldContain("'pigeon' is registered twice");
    }

    [Theory]
    [InlineData("pigeon", true)]
    [InlineData(" Pigeon ", true)]
    [InlineData("raven", false)]
    [InlineData(null, false)]
    public void Find_IgnoresCaseAndSurroundingSpaces(string? id, bool found)
    {
        var catalog = new NetworkCatalog([new PigeonNetwork(new PigeonNetwork.ConnectorFactory())]);

        (catalog.Find(id) is not null).ShouldBe(found);
    }

    [Fact]
    public void AppsNetworks_InRegistrationOrderEachWithItsOwnConnectors()
    {
        var networks = app.Get<NetworkCatalog>().All;

        networks.Select(n => n.Id).ShouldBe(["bluesky", "mastodon", "wordpress", "feed"]);
        networks.ShouldAllBe(n => n.Connectors.Network == n.Id);
        networks.Single(n => n.Id == "mastodon").OAuth.ShouldNotBeNull();
        networks.Where(n => n.Id != "mastodon").ShouldAllBe(n => n.OAuth == null);
    }

    [Fact]
    public void AppsNetworks_NoFieldCollidesWithTheOptionsOfChannelAdd()
    {
        string[] commandOptions = ["--workspace", "--as", "--network", "--name", "--password-stdin"];

        var collisions = app.Get<NetworkCatalog>().All
            .SelectMany(n => n.Fields.Select(f => (Network: n.Id, Option: f.CommandLineOption)))
            .Where(f => commandOptions.Contains(f.Option)).ToList();

        collisions.ShouldBeEmpty();
        app.Get<NetworkCatalog>().Find("bluesky")!.Fields.Select(f => f.CommandLineOption).ShouldBe(["--handle", "--app-password", "--url"]);
    }
}
