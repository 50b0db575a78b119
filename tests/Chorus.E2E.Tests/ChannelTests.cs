using System.Text.RegularExpressions;
using Chorus.Tests.Channels;
using Microsoft.Playwright;

namespace Chorus.E2E.Tests;

public sealed class ChannelTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task ConnectFeed_FromTheChannelsPage_ErrorBesideTheFieldThenListedAsHealthy()
    {
        await using var feeds = await NetworkStubs.FeedServerAsync();
        var page = await app.NewPageAsync();
        await page.GotoAsync("/setup");
        await page.GetByLabel("Organization (your agency or company)").FillAsync("Agence Lumière");
        await page.GetByLabel("First workspace (a brand or a client)").FillAsync("Café Flore");
        await page.GetByLabel("Your name").FillAsync("Camille Martin");
        await page.GetByLabel("E-mail address").FillAsync("camille@agence.test");
        await page.GetByLabel("Password (at least 10 characters)").FillAsync("une phrase secrète");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Café Flore");

        await page.GetByRole(AriaRole.Link, new() { Name = "Channels" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No channel is connected yet.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Feed (RSS, Atom, JSON Feed)" }).ClickAsync();

        // A web page is not a feed: the field says so and nothing is connected.
        await page.GetByLabel("Feed address (RSS, Atom or JSON Feed)").FillAsync(new Uri(feeds.BaseUrl, "page.html").AbsoluteUri);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#url-error")).ToBeVisibleAsync();

        await page.GetByLabel("Feed address (RSS, Atom or JSON Feed)").FillAsync(new Uri(feeds.BaseUrl, "feed.xml").AbsoluteUri);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/channels$"));
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Feed" });
        await Assertions.Expect(row.Locator(".badge.healthy")).ToHaveTextAsync("Healthy");
        await Assertions.Expect(page.GetByLabel(new Regex("^Name of "))).ToHaveValueAsync("Brand news");

        await page.GetByRole(AriaRole.Button, new() { Name = "Test" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Brand news answered: it works.");
    }
}
