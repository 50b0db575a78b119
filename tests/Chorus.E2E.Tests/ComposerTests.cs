using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Chorus.E2E.Tests;

/// <summary>
/// Writing a post for Bluesky and WordPress in Chromium: the counters and problems as each network counts while typing,
/// the charter's warning naming the term and its place, a thread part and an uploaded image in the previews, the drafts
/// saved by themselves and kept across a reload (by the server, and by the browser when the server has not saved yet),
/// then submitted.
/// </summary>
public sealed class ComposerTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Compose_BlueskyAndWordPress_LiveChecksPreviewsAutosaveAndSubmit()
    {
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await Walk.SetUpAsync(page, "Café Flore", "composer@agence.test");
        var workspace = Walk.WorkspacePath(page);
        var workspaceId = Guid.Parse(workspace.Split('/')[^1]);

        // No channel yet: the composer says to connect one.
        await page.GotoAsync(workspace + "/posts/new");
        await Assertions.Expect(page.GetByText("No channel can publish yet.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Connect a channel" })).ToHaveAttributeAsync("href", workspace + "/channels");

        await PublishingChannels.BlueskyAsync(app.Services, workspaceId, "Flore sur Bluesky");
        await PublishingChannels.WordPressAsync(app.Services, workspaceId, "Blog de Flore");
        // A warning term in the charter.
        await page.GotoAsync(workspace + "/charter");
        await page.Locator("#WarningTerms").FillAsync("arnaque");
        await page.Locator("main button.primary").ClickAsync();
        await Assertions.Expect(page.Locator(".toast")).ToBeVisibleAsync();

        // The posts page's "Write a post" opens the composer's first step.
        await page.GotoAsync(workspace + "/posts");
        await page.GetByRole(AriaRole.Link, new() { Name = "Write a post" }).ClickAsync();
        await page.GetByLabel("Flore sur Bluesky").CheckAsync();
        await page.GetByLabel("Blog de Flore").CheckAsync();
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Notre carte d’hiver arrive.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to the variants" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/posts/[0-9a-f-]+/edit$"));

        var sky = page.Locator("section.variant").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Flore sur Bluesky" }) });
        var blog = page.Locator("section.variant").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Blog de Flore" }) });
        await Assertions.Expect(sky.Locator(".counter").First).ToHaveTextAsync(new Regex(@"^27 / 300"));
        await Assertions.Expect(blog.GetByText("A title is required on this network.")).ToBeVisibleAsync();

        // Typing: Bluesky counts graphemes, and says where it goes over.
        var skyText = sky.GetByLabel("Text", new() { Exact = true });
        await skyText.FillAsync(new string('é', 301));
        await Assertions.Expect(sky.Locator(".counter.over").First).ToHaveTextAsync(new Regex(@"^301 / 300"));
        await Assertions.Expect(sky.GetByText("301 characters; this network allows 300.")).ToBeVisibleAsync();
        await Assertions.Expect(skyText).ToHaveAttributeAsync("aria-invalid", "true");
        await skyText.FillAsync("Pas d’arnaque :\nla carte d’hiver est là.");
        await Assertions.Expect(sky.GetByText("Banned term: “arnaque” at character 7.")).ToBeVisibleAsync();
        await Assertions.Expect(sky.Locator(".preview .preview-text").First).ToHaveTextAsync("Pas d’arnaque :\nla carte d’hiver est là.");
        await sky.GetByLabel("Next part of the thread (optional)").FillAsync("Et le chocolat chaud revient.");
        await Assertions.Expect(sky.Locator(".preview .preview-post.reply")).ToContainTextAsync("Et le chocolat chaud revient.");
        await blog.GetByLabel("Title (required)").FillAsync("La carte d’hiver");
        await Assertions.Expect(blog.GetByText("A title is required on this network.")).ToBeHiddenAsync();
        await Assertions.Expect(blog.Locator(".preview-title")).ToHaveTextAsync("La carte d’hiver");

        // Saved by itself a few seconds later: a reload shows what was typed, from the server.
        await Assertions.Expect(page.Locator("#autosave-status")).ToContainTextAsync("Saved at", new() { Timeout = 15_000 });
        await page.ReloadAsync();
        await Assertions.Expect(skyText).ToHaveValueAsync("Pas d’arnaque :\nla carte d’hiver est là.");
        await Assertions.Expect(blog.GetByLabel("Title (required)")).ToHaveValueAsync("La carte d’hiver");
        await Assertions.Expect(sky.GetByRole(AriaRole.Textbox, new() { Name = "Thread part 2" })).ToHaveValueAsync("Et le chocolat chaud revient.");

        // Typed and reloaded before the server saved it: the browser's copy comes back, and says so.
        await blog.GetByLabel("Text", new() { Exact = true }).FillAsync("Un article sur la carte d’hiver, plat par plat.");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#autosave-status")).ToHaveTextAsync("Your unsaved changes from this browser are restored.");
        await Assertions.Expect(blog.GetByLabel("Text", new() { Exact = true })).ToHaveValueAsync("Un article sur la carte d’hiver, plat par plat.");

        // An image uploaded on the Bluesky variant, with its alternative text: in the preview.
        var image = Path.Combine(Path.GetTempPath(), $"chorus-e2e-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(image, Chorus.Tests.Media.TestImages.Png(800, 450));
        await sky.GetByLabel("Upload an image").SetInputFilesAsync(image);
        await sky.GetByLabel("Its alternative text").FillAsync("La carte d’hiver sur une ardoise");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as draft" }).ClickAsync();
        await Assertions.Expect(page.Locator(".toast")).ToBeVisibleAsync();
        File.Delete(image);
        await Assertions.Expect(sky.Locator(".preview img[alt='La carte d’hiver sur une ardoise']")).ToBeVisibleAsync();
        await Assertions.Expect(blog.GetByLabel("Text", new() { Exact = true })).ToHaveValueAsync("Un article sur la carte d’hiver, plat par plat.");

        // Submitted: the warning does not stop it (the workspace needs no approval, so it is scheduled).
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/posts$"));
        await Assertions.Expect(page.Locator(".toast")).ToHaveTextAsync("The post is submitted.");
        errors.ShouldBeEmpty();
    }
}

/// <summary>The composer with the keyboard only and at phone width (a fresh app: setting up is once per instance).</summary>
public sealed class ComposerPhoneTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Compose_PhoneWidthAndKeyboard_FieldsReachableAndNothingWiderThanTheScreen()
    {
        var page = await app.NewPageAsync();
        await Walk.SetUpAsync(page, "Marque Mobile", "mobile@agence.test");
        var workspace = Walk.WorkspacePath(page);
        var workspaceId = Guid.Parse(workspace.Split('/')[^1]);
        await PublishingChannels.BlueskyAsync(app.Services, workspaceId, "Mobile sur Bluesky");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(workspace + "/posts/new");

        // Keyboard: Tab reaches the channel, Space ticks it, Tab reaches the text.
        await page.Locator("input[name=SelectedChannels]").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#text")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Écrit au clavier");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/edit$"));
        await page.Locator("#v0-text").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#v0-link")).ToBeFocusedAsync();

        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth")).ShouldBeLessThanOrEqualTo(0);
    }
}

/// <summary>
/// Templates and hashtag groups written on their page, then inserted into a variant from the composer's menus with the
/// keyboard: the text and its network's counter follow; "shorten links" puts a short link in place of the address.
/// </summary>
public sealed class ComposerInsertTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Insert_TemplateAndHashtagGroupWithTheKeyboard_TextAndCounterFollow_LinksShortened()
    {
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await Walk.SetUpAsync(page, "Maison Lune", "inserts@agence.test");
        var workspace = Walk.WorkspacePath(page);
        await PublishingChannels.BlueskyAsync(app.Services, Guid.Parse(workspace.Split('/')[^1]), "Lune sur Bluesky");

        // The page: a template and a hashtag group.
        await page.GotoAsync(workspace + "/templates");
        await Assertions.Expect(page.GetByText("No template yet.")).ToBeVisibleAsync();
        await page.Locator("#template-name").FillAsync("Annonce");
        await page.Locator("#template-body").FillAsync("Nouveau à la Maison Lune :");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the template" }).ClickAsync();
        await Assertions.Expect(page.Locator(".toast")).ToHaveTextAsync("The template is added.");
        await page.Locator("#hashtags-name").FillAsync("Hiver");
        await page.Locator("#hashtags-hashtags").FillAsync("soldes, #hiver");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the hashtag group" }).ClickAsync();
        await Assertions.Expect(page.Locator(".toast")).ToHaveTextAsync("The hashtag group is added.");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "#soldes #hiver" })).ToBeVisibleAsync();

        await page.GotoAsync(workspace + "/posts/new");
        await page.GetByLabel("Lune sur Bluesky").CheckAsync();
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Bonjour");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to the variants" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/posts/[0-9a-f-]+/edit$"));
        var text = page.Locator("#v0-text");
        var counter = page.Locator("#v0-count-text");
        await Assertions.Expect(counter).ToHaveTextAsync(new Regex(@"^7 / 300"));

        // The template, with the keyboard: the caret at the end of the text, then the menu opened and its item chosen.
        await text.FocusAsync();
        await page.Keyboard.PressAsync("End");
        var templateMenu = page.Locator("section.variant .insert-menu summary").Filter(new() { HasText = "Template" });
        await templateMenu.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var templateItem = page.GetByRole(AriaRole.Button, new() { Name = "Annonce" });
        await Assertions.Expect(templateItem).ToBeVisibleAsync();
        await templateItem.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(text).ToHaveValueAsync("Bonjour Nouveau à la Maison Lune :");
        await Assertions.Expect(text).ToBeFocusedAsync();
        await Assertions.Expect(counter).ToHaveTextAsync(new Regex(@"^34 / 300"));

        var hashtagMenu = page.Locator("section.variant .insert-menu summary").Filter(new() { HasText = "Hashtags" });
        await hashtagMenu.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var hashtagItem = page.GetByRole(AriaRole.Button, new() { Name = "Hiver #soldes #hiver" });
        await hashtagItem.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(text).ToHaveValueAsync("Bonjour Nouveau à la Maison Lune : #soldes #hiver");
        await Assertions.Expect(counter).ToHaveTextAsync(new Regex(@"^49 / 300"));

        // An address, then "shorten links": the short link takes its place (and the counter counts it).
        await text.FillAsync("La carte : https://maison-lune.example/carte-d-hiver-2027?utm_source=bluesky");
        await Assertions.Expect(counter).ToHaveTextAsync(new Regex(@"^76 / 300"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Shorten links" }).ClickAsync();
        await Assertions.Expect(text).ToHaveValueAsync(new Regex(@"^La carte : http://127\.0\.0\.1:\d+/l/[A-Za-z0-9]{10}$"));
        await Assertions.Expect(page.Locator(".insert-status")).ToHaveTextAsync("Links shortened: 1.");
        var shortened = await text.InputValueAsync();
        await Assertions.Expect(counter).ToHaveTextAsync(new Regex($"^{shortened.Length} / 300"));

        // The short link answers with the address, as the network's readers will follow it.
        var response = await page.APIRequest.GetAsync(shortened[11..], new() { MaxRedirects = 0 });
        response.Status.ShouldBe(302);
        response.Headers["location"].ShouldBe("https://maison-lune.example/carte-d-hiver-2027?utm_source=bluesky");
        errors.ShouldBeEmpty();
    }
}
