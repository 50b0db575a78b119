using System.Text.RegularExpressions;
using Chorus.Tests.Channels;
using Microsoft.Playwright;

namespace Chorus.E2E.Tests;

/// <summary>The first hour of a new French-speaking user, on a new install of their own.</summary>
public sealed class FrenchFirstHourTests(BrowserApp app) : FirstHour(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task FirstHour_InFrench_SetupConnectInviteSignOut_BackShowsNoSecret() => WalkAsync(new Words("fr-FR", "Pour commencer",
        "Connecter un canal", "Brand news est connecté.", "Fonctionne", "Invitez votre équipe", "Créer un lien d’invitation", "Copié", "2 sur 3 fait(s)."));
}

/// <summary>The first hour of a new English-speaking user, on a new install of their own.</summary>
public sealed class EnglishFirstHourTests(BrowserApp app) : FirstHour(app), IClassFixture<BrowserApp>
{
    [Fact]
    public Task FirstHour_InEnglish_SetupConnectInviteSignOut_BackShowsNoSecret() => WalkAsync(new Words("en-GB", "Getting started",
        "Connect a channel", "Brand news is connected.", "Healthy", "Invite your team", "Create an invitation link", "Copied", "2 of 3 done."));
}

/// <summary>
/// The first hour of a new user: set up, follow the getting-started steps (connect a channel, invite the team), sign
/// out, and find that Back shows none of the secrets of the session.
/// </summary>
public abstract class FirstHour(BrowserApp app)
{
    public sealed record Words(string Locale, string GettingStarted, string ConnectStep, string Connected, string Healthy, string InviteStep,
        string CreateLink, string Copied, string TwoOfThreeDone);

    protected async Task WalkAsync(Words words)
    {
        await using var feeds = await NetworkStubs.FeedServerAsync();
        var page = await app.NewPageAsync(words.Locale);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        var user = $"camille.{words.Locale}@agence.test";

        await Walk.SetUpAsync(page, $"Café Flore {words.Locale}", user);
        var workspace = Walk.WorkspacePath(page);

        // The overview is a getting-started list: nothing done yet, the first step first (connect, invite, then
        // the modules' own steps such as writing a first post).
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = words.GettingStarted })).ToBeVisibleAsync();
        var steps = page.Locator("ol.steps > li");
        await Assertions.Expect(steps).ToHaveCountAsync(3);
        await Assertions.Expect(steps.Nth(0)).ToContainTextAsync(words.ConnectStep);
        await Assertions.Expect(page.Locator("ol.steps > li.done")).ToHaveCountAsync(0);

        // Step 1: connect a feed; the channels page says so in a toast and lists it as working.
        await steps.Nth(0).GetByRole(AriaRole.Link).ClickAsync();
        await page.Locator($"a[href='{workspace}/channels/connect/feed']").ClickAsync();
        await page.Locator("#url").FillAsync(new Uri(feeds.BaseUrl, "missing.xml").AbsoluteUri);
        await page.Locator("main form button[type=submit]").ClickAsync();
        // A 404 is one short sentence in the page's language, beside the field, with the address kept.
        await Assertions.Expect(page.Locator("#url-error")).ToBeVisibleAsync();
        (await page.Locator("#url-error").InnerTextAsync()).Length.ShouldBeLessThan(200);
        await Assertions.Expect(page.Locator("#url")).ToHaveValueAsync(new Uri(feeds.BaseUrl, "missing.xml").AbsoluteUri);
        await page.Locator("#url").FillAsync(new Uri(feeds.BaseUrl, "feed.xml").AbsoluteUri);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/channels$"));
        await Assertions.Expect(page.Locator(".toast")).ToHaveTextAsync(words.Connected);
        await Assertions.Expect(page.Locator(".badge.healthy")).ToHaveTextAsync(words.Healthy);

        // Step 2: invite the team; the link is copied with one click.
        await page.Locator($"nav ul[aria-labelledby] a[href='{workspace}']").ClickAsync();
        await Assertions.Expect(page.Locator("ol.steps > li.done")).ToHaveCountAsync(1);
        await steps.Nth(1).GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = words.CreateLink }).ClickAsync();
        var link = await page.Locator("#invitation-link").InputValueAsync();
        link.ShouldContain("/invite/");
        await page.Locator("button[data-copy='#invitation-link']").ClickAsync();
        await Assertions.Expect(page.Locator("button[data-copy='#invitation-link']")).ToContainTextAsync(words.Copied);
        (await page.EvaluateAsync<string>("() => navigator.clipboard.readText()")).ShouldBe(link);
        await page.Locator($"nav ul[aria-labelledby] a[href='{workspace}']").ClickAsync();
        await Assertions.Expect(page.GetByText(words.TwoOfThreeDone)).ToBeVisibleAsync();

        // Sign out; Back never shows the invitation link again, and the browser kept none of it.
        await Walk.SignOutAsync(page);
        for (var back = 0; back < 3; back++)
        {
            try
            {
                await page.GoBackAsync();
            }
            catch (PlaywrightException refused) when (refused.Message.Contains("ERR_CACHE_MISS", StringComparison.Ordinal))
            {
                // A form's answer kept by no cache: the browser refuses to show it again, which is what we want. It
                // shows its own error page instead, which has no storage of the site to read.
            }
            (await page.ContentAsync()).ShouldNotContain(link);
        }
        (await Walk.SiteStorageAsync(page.Context)).ShouldNotContain(link);
        errors.ShouldBeEmpty();
    }
}
