using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Chorus.E2E.Tests.KeyboardWalk;

namespace Chorus.E2E.Tests;

/// <summary>The main flow with the keyboard only (Tab, Enter, Space, Escape), the focus visible at every stop.</summary>
public sealed class KeyboardTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task KeyboardOnly_SkipLinkSetupNavigationFormConfirmationAndSwitcher()
    {
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };

        // The first Tab reaches the skip link, shown when focused; Enter moves the focus to the page's content.
        await page.GotoAsync("/setup");
        await page.Keyboard.PressAsync("Tab");
        (await FocusedAsync(page, "a.skip-link")).ShouldBeTrue("the first Tab stop is not the skip link");
        await ShouldShowFocusAsync(page);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main#main")).ToBeFocusedAsync();

        // A form: typed field by field, sent with Enter.
        await TypeIntoAsync(page, "#organizationName", "Agence Clavier");
        await TypeIntoAsync(page, "#workspaceName", "Marque Une");
        await TypeIntoAsync(page, "#displayName", "Camille Martin");
        await TypeIntoAsync(page, "#email", "clavier@agence.test");
        await TypeIntoAsync(page, "#password", Walk.Password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Marque Une");
        var first = Walk.WorkspacePath(page);

        // The side navigation: Tab to "API tokens", Enter.
        await TabToAsync(page, $"nav.sidebar a[href='{first}/tokens']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/tokens$"));

        // The token form, then its revocation behind the confirmation dialog: Escape keeps the token, Enter on Confirm revokes it.
        await TypeIntoAsync(page, "#name", "Export");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#token-secret")).ToBeVisibleAsync();
        await TabToAsync(page, "button[data-confirm]");
        await page.Keyboard.PressAsync("Space");
        var dialog = page.Locator("#confirm-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#confirm-dialog-confirm")).ToBeFocusedAsync();
        await ShouldShowFocusAsync(page);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("button[data-confirm]")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("button[data-confirm]")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#confirm-dialog-confirm")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".toast")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("button[data-confirm]")).ToHaveCountAsync(0);

        // A second workspace, made from the workspace list with the keyboard.
        await TabToAsync(page, "nav.sidebar details.switcher summary");
        await page.Keyboard.PressAsync("Enter");
        await TabToAsync(page, "nav.sidebar details.switcher a[href='/']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/$"));
        await TypeIntoAsync(page, "#name", "Marque Deux");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Marque Deux");

        // The workspace switcher: Enter opens it, Escape closes it and gives the focus back, Enter on a workspace goes there.
        var switcher = page.Locator("nav.sidebar details.switcher");
        await TabToAsync(page, "nav.sidebar details.switcher summary");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(switcher).ToHaveAttributeAsync("open", "");
        await TabToAsync(page, $"nav.sidebar details.switcher a[href='{first}']");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(switcher).Not.ToHaveAttributeAsync("open", "");
        await Assertions.Expect(page.Locator("nav.sidebar details.switcher summary")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await TabToAsync(page, $"nav.sidebar details.switcher a[href='{first}']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Marque Une");
        errors.ShouldBeEmpty();
    }
}

/// <summary>On a phone (390 × 844) the side navigation folds behind a menu button that works, and no page is wider than the screen.</summary>
public sealed class PhoneTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Phone_NavigationFoldsIntoAMenuButton_AndNoPageIsWiderThanTheScreen()
    {
        var desktop = await app.NewPageAsync();
        await Walk.SetUpAsync(desktop, "Marque Téléphone", "telephone@agence.test");
        var workspace = Walk.WorkspacePath(desktop);
        var cookies = await desktop.Context.CookiesAsync();
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl, Locale = "fr-FR", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, HasTouch = true, IsMobile = true,
        });
        context.SetDefaultTimeout(15_000);
        await context.AddCookiesAsync(cookies.Where(cookie => cookie.Name == "chorus.session").Select(cookie => new Cookie
        {
            Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path, HttpOnly = cookie.HttpOnly, SameSite = cookie.SameSite,
        }));
        var page = await context.NewPageAsync();

        await page.GotoAsync(workspace);
        var menu = page.Locator(".menu-button");
        var members = page.Locator($"nav.sidebar a[href='{workspace}/members']");
        await Assertions.Expect(menu).ToBeVisibleAsync();
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(members).ToBeHiddenAsync();

        // By touch: the menu opens, and a link in it leads to its page, where the menu is folded again.
        await menu.TapAsync();
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(members).ToBeVisibleAsync();
        await members.TapAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/members$"));
        await Assertions.Expect(page.Locator(".menu-button")).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(page.Locator($"nav.sidebar a[href='{workspace}/members']")).ToBeHiddenAsync();

        // By keyboard: Enter opens it with the focus inside, Escape closes it and gives the focus back to the button.
        await TabToAsync(page, ".menu-button");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("nav.sidebar summary")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator(".menu-button")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("nav.sidebar")).ToBeHiddenAsync();

        string[] pages =
        [
            "/", workspace, workspace + "/channels", workspace + "/channels/connect/feed", workspace + "/members", workspace + "/invitations",
            workspace + "/tokens", workspace + "/audit", workspace + "/jobs", workspace + "/settings", "/account",
        ];
        var tooWide = new List<string>();
        foreach (var path in pages)
        {
            await page.GotoAsync(path);
            var overflow = await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth - window.innerWidth");
            if (overflow > 0) tooWide.Add($"{path}: {overflow} px wider than the screen");
        }
        tooWide.ShouldBeEmpty();
    }
}

/// <summary>Steps taken with the keyboard only.</summary>
internal static class KeyboardWalk
{
    /// <summary>Presses Tab until the focus is on <paramref name="selector"/>, checking at each stop that the focus is visible.</summary>
    public static async Task TabToAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            await ShouldShowFocusAsync(page);
            if (await FocusedAsync(page, selector)) return;
        }
        throw new ShouldAssertException($"Tab never reached {selector}.");
    }

    public static async Task TypeIntoAsync(IPage page, string selector, string text)
    {
        await TabToAsync(page, selector);
        await page.Keyboard.TypeAsync(text);
    }

    public static Task<bool> FocusedAsync(IPage page, string selector) =>
        page.EvaluateAsync<bool>("selector => document.activeElement !== null && document.activeElement.matches(selector)", selector);

    /// <summary>The focused element is on screen, and drawn with an outline (the stylesheet's :focus-visible ring) or a shadow.</summary>
    public static async Task ShouldShowFocusAsync(IPage page)
    {
        var focus = await page.EvaluateAsync<string>("""
            () => {
              const element = document.activeElement;
              if (!element || element === document.body) return 'nothing is focused';
              const box = element.getBoundingClientRect();
              const style = getComputedStyle(element);
              const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
              const name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + (element.className ? '.' + element.className : '');
              if (box.width === 0 || box.height === 0 || box.right < 0 || box.left > window.innerWidth) return name + ' is focused but not on screen';
              return ring ? '' : name + ' is focused without a visible ring';
            }
            """);
        focus.ShouldBeEmpty();
    }
}
