using Microsoft.Playwright;

namespace Chorus.E2E.Tests;

/// <summary>Steps of the tests written by field ids, so one walk serves every language.</summary>
internal static class Walk
{
    public const string Password = "une phrase secrète";

    /// <summary>The setup form of a new install; lands on the first workspace's overview.</summary>
    public static async Task SetUpAsync(IPage page, string workspace, string email)
    {
        await page.GotoAsync("/setup");
        await page.Locator("#organizationName").FillAsync("Agence Lumière");
        await page.Locator("#workspaceName").FillAsync(workspace);
        await page.Locator("#displayName").FillAsync("Camille Martin");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("main button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(workspace);
    }

    /// <summary>The workspace's id, from the address of one of its pages.</summary>
    public static string WorkspacePath(IPage page) => new Uri(page.Url).AbsolutePath.Split('/').Take(3) is var parts ? string.Join('/', parts) : "";

    public static async Task SignOutAsync(IPage page)
    {
        await page.Locator("form[action='/logout'] button").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
    }

    /// <summary>Everything the browser keeps for the site in script-readable storage, read from a page of the site
    /// opened beside the others (the page under test may be showing one of the browser's own error pages).</summary>
    public static async Task<string> SiteStorageAsync(IBrowserContext context)
    {
        var probe = await context.NewPageAsync();
        await probe.GotoAsync("/login");
        var storage = await StorageAsync(probe);
        await probe.CloseAsync();
        return storage;
    }

    /// <summary>Everything the browser keeps for the site in script-readable storage.</summary>
    public static Task<string> StorageAsync(IPage page) =>
        page.EvaluateAsync<string>("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
}
