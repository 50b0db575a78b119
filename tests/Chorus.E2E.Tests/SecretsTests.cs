using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Chorus.E2E.Tests;

/// <summary>A secret shown once (an API token, an invitation link) must not outlive the session in the browser.</summary>
public sealed class SecretsTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task ApiToken_AfterSignOut_BackShowsItNowhere()
    {
        var page = await app.NewPageAsync();
        await Walk.SetUpAsync(page, "Café Flore", "camille@agence.test");
        var workspace = Walk.WorkspacePath(page);

        var tokensPage = await page.RunAndWaitForResponseAsync(() => page.GotoAsync(workspace + "/tokens"), response => response.Url.EndsWith("/tokens", StringComparison.Ordinal));
        (await tokensPage.HeaderValueAsync("cache-control") ?? "").ShouldContain("no-store");
        await page.Locator("#name").FillAsync("Export script");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a token" }).ClickAsync();
        var secret = await page.Locator("#token-secret").InputValueAsync();
        secret.ShouldStartWith("chorus_");

        // Leave the page through the app's navigation (htmx would have kept a snapshot of it), then sign out.
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Members" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Members");
        (await Walk.StorageAsync(page)).ShouldNotContain(secret);
        var signOut = await page.RunAndWaitForResponseAsync(() => Walk.SignOutAsync(page), response => response.Url.EndsWith("/logout", StringComparison.Ordinal));
        (await signOut.HeaderValueAsync("clear-site-data")).ShouldBe("\"cache\", \"storage\"");

        // Back, and Back again to the page that showed the token: the sign-in page each time, the token nowhere.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await page.GoBackAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
            (await page.ContentAsync()).ShouldNotContain(secret);
            (await Walk.StorageAsync(page)).ShouldNotContain(secret);
        }
    }
}
