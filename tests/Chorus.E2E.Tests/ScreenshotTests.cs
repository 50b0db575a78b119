using Chorus.Tests.Channels;
using Microsoft.Playwright;

namespace Chorus.E2E.Tests;

/// <summary>Runs only when CHORUS_SCREENSHOTS names the folder to write to (tools/screenshots.sh).</summary>
public sealed class ScreenshotFactAttribute : FactAttribute
{
    public ScreenshotFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CHORUS_SCREENSHOTS"))) Skip = "Set CHORUS_SCREENSHOTS (tools/screenshots.sh) to take the README's screenshots.";
    }
}

/// <summary>The README's screenshots: the main pages in English and French, on a desktop and on a phone.</summary>
public sealed class ScreenshotTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [ScreenshotFact]
    public async Task MainPages_EnglishAndFrench_DesktopAndPhone()
    {
        var folder = Environment.GetEnvironmentVariable("CHORUS_SCREENSHOTS")!;
        Directory.CreateDirectory(folder);
        await using var feeds = await NetworkStubs.FeedServerAsync();
        var setup = await app.NewPageAsync();
        await Walk.SetUpAsync(setup, "Café Flore", "camille@agence.test");
        var workspace = Walk.WorkspacePath(setup);
        await setup.GotoAsync(workspace + "/channels/connect/feed");
        await setup.Locator("#url").FillAsync(new Uri(feeds.BaseUrl, "feed.xml").AbsoluteUri);
        await setup.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(setup.Locator(".toast")).ToBeVisibleAsync();
        var session = (await setup.Context.CookiesAsync()).Where(cookie => cookie.Name == "chorus.session")
            .Select(cookie => new Cookie { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path }).ToList();

        var written = new List<string>();
        foreach (var (language, locale) in new[] { ("en", "en-GB"), ("fr", "fr-FR") })
        {
            foreach (var (device, width, height) in new[] { ("desktop", 1280, 800), ("phone", 390, 844) })
            {
                var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
                {
                    BaseURL = app.BaseUrl, Locale = locale, ViewportSize = new ViewportSize { Width = width, Height = height }, DeviceScaleFactor = 1,
                });
                await context.AddCookiesAsync(session);
                var page = await context.NewPageAsync();
                foreach (var (name, path) in new[] { ("overview", workspace), ("channels", workspace + "/channels"), ("tokens", workspace + "/tokens") })
                {
                    await page.GotoAsync(path);
                    var file = Path.Combine(folder, $"{name}-{language}-{device}.png");
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = device == "desktop" });
                    written.Add(file);
                }
                await context.CloseAsync();
            }
        }
        written.ShouldAllBe(file => new FileInfo(file).Length > 1000);
    }
}
