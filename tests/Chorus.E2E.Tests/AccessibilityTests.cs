using System.Text.Json;
using Chorus.Notifications;
using Chorus.Tests.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Chorus.E2E.Tests;

/// <summary>
/// Every page, in English and French, light and dark: axe-core (npm, injected by Playwright) finds no serious or
/// critical violation, and at phone width (390 px) nothing is wider than the screen.
/// </summary>
public sealed class AccessibilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly Lazy<string> Axe = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Chorus.slnx"))) directory = directory.Parent;
        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Chorus.slnx not found."), "src", "Chorus", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path) ? File.ReadAllText(path) : throw new FileNotFoundException("Run scripts/prerequisites.sh require_frontend (npm ci) first.", path);
    });

    [Fact]
    public async Task EveryPage_InBothLanguages_HasNoSeriousViolation_AndFitsAPhone()
    {
        await using var feeds = await NetworkStubs.FeedServerAsync();
        var setupPage = await app.NewPageAsync();
        var failures = new List<string>();
        // Before any account exists: the setup page.
        await CheckAsync(setupPage, "/setup", "en", failures);
        await Walk.SetUpAsync(setupPage, "Café Flore", "camille@agence.test");
        var workspace = Walk.WorkspacePath(setupPage);
        // Something in each list: a channel, a token, an invitation.
        await setupPage.GotoAsync(workspace + "/channels/connect/feed");
        await setupPage.Locator("#url").FillAsync(new Uri(feeds.BaseUrl, "feed.xml").AbsoluteUri);
        await setupPage.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(setupPage.Locator(".toast")).ToBeVisibleAsync();
        await setupPage.GotoAsync(workspace + "/invitations");
        await setupPage.Locator("main form.row button[type=submit]").ClickAsync();
        var invitation = new Uri(await setupPage.Locator("#invitation-link").InputValueAsync()).AbsolutePath;
        await CheckCurrentAsync(setupPage, "invitations (link shown)", failures);
        await setupPage.GotoAsync(workspace + "/tokens");
        await setupPage.Locator("#name").FillAsync("Export");
        await setupPage.Locator("main form.row button[type=submit]").ClickAsync();
        await CheckCurrentAsync(setupPage, "tokens (secret shown)", failures);
        // A charter with a banned term and a required mention, then a text tried against it: the findings shown.
        await setupPage.GotoAsync(workspace + "/charter");
        await setupPage.Locator("#BlockingTerms").FillAsync("arnaque | Dites « offre »");
        await setupPage.Locator("#Mentions_0__Text").FillAsync("#partenariat");
        await setupPage.Locator("main button.primary").ClickAsync();
        await Assertions.Expect(setupPage.Locator(".toast")).ToBeVisibleAsync();
        await setupPage.Locator("#SampleText").FillAsync("C’est de l’arnaque !");
        await setupPage.Locator("form[action*='handler=Check'] button[type=submit]").ClickAsync();
        await Assertions.Expect(setupPage.Locator("mark")).ToHaveTextAsync("arnaque");
        await CheckCurrentAsync(setupPage, "charter (findings shown)", failures);
        // A notification, so the bell shows a count and the notifications page a list.
        await app.Services.GetRequiredService<NotificationService>().NotifyAsync(Guid.Parse(workspace.Split('/')[^1]),
            NotificationRecipients.WithRoles(Chorus.Platform.Access.WorkspaceRole.Owner), NotificationKindIds.PublishFailed,
            new Dictionary<string, string> { ["post"] = "Soldes d’été", ["channel"] = "Bluesky", ["error"] = "Text too long." }, workspace + "/channels");
        // The media library, empty, then with an image uploaded through its form (sent in the background with progress).
        await setupPage.GotoAsync(workspace + "/media");
        await CheckCurrentAsync(setupPage, "media (empty)", failures);
        var image = Path.Combine(Path.GetTempPath(), $"chorus-e2e-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(image, Chorus.Tests.Media.TestImages.Png(640, 360));
        await setupPage.Locator("#file").SetInputFilesAsync(image);
        await setupPage.Locator("#altText").FillAsync("La terrasse du café au soleil");
        await setupPage.Locator("form.media-upload button[type=submit]").ClickAsync();
        await Assertions.Expect(setupPage.Locator(".toast")).ToBeVisibleAsync();
        await Assertions.Expect(setupPage.Locator(".media-grid img[alt='La terrasse du café au soleil']")).ToBeVisibleAsync();
        File.Delete(image);
        // The composer: its empty state first, then a post for Bluesky and WordPress with the WordPress title missing (a
        // problem shown beside its field) and the library's image on the Bluesky variant.
        await setupPage.GotoAsync(workspace + "/posts/new");
        await CheckCurrentAsync(setupPage, "composer (no channel)", failures);
        var workspaceId = Guid.Parse(workspace.Split('/')[^1]);
        await PublishingChannels.BlueskyAsync(app.Services, workspaceId, "Flore sur Bluesky");
        await PublishingChannels.WordPressAsync(app.Services, workspaceId, "Blog de Flore");
        await setupPage.GotoAsync(workspace + "/posts/new");
        await setupPage.Locator("input[name=SelectedChannels]").First.CheckAsync();
        await setupPage.Locator("input[name=SelectedChannels]").Last.CheckAsync();
        await setupPage.Locator("#text").FillAsync("C’est de l’arnaque !\nhttps://cafe.example/carte");
        await setupPage.Locator("main form button.primary").ClickAsync();
        await setupPage.WaitForURLAsync("**/edit");
        var editor = new Uri(setupPage.Url).AbsolutePath;
        var skyVariant = setupPage.Locator("section.variant").Filter(new() { HasText = "Flore sur Bluesky" });
        await skyVariant.Locator("details.library-picker summary").ClickAsync();
        await skyVariant.Locator("details.library-picker input[type=checkbox]").First.CheckAsync();
        await setupPage.Locator("#composer .composer-actions button").First.ClickAsync();
        await Assertions.Expect(setupPage.Locator(".toast")).ToBeVisibleAsync();
        await Assertions.Expect(skyVariant.Locator(".preview img")).ToBeVisibleAsync();
        await CheckCurrentAsync(setupPage, "composer (a post for two networks)", failures);
        // Templates, signatures and hashtag groups: empty, then one of each (the composer's insert menus show them).
        await setupPage.GotoAsync(workspace + "/templates");
        await CheckCurrentAsync(setupPage, "templates (empty)", failures);
        await setupPage.Locator("#template-name").FillAsync("Annonce");
        await setupPage.Locator("#template-body").FillAsync("Nouveau au Café Flore :");
        await setupPage.Locator("form[action*='handler=Template'] button[type=submit]").ClickAsync();
        await Assertions.Expect(setupPage.Locator(".toast")).ToBeVisibleAsync();
        await setupPage.Locator("#signature-name").FillAsync("Équipe");
        await setupPage.Locator("#signature-text").FillAsync("— L’équipe du Café Flore");
        await setupPage.Locator("#signature-defaultChannel").SelectOptionAsync(new SelectOptionValue { Label = "Flore sur Bluesky" });
        await setupPage.Locator("form[action*='handler=Signature'] button[type=submit]").ClickAsync();
        await Assertions.Expect(setupPage.Locator(".toast")).ToBeVisibleAsync();
        await setupPage.Locator("#hashtags-name").FillAsync("Hiver");
        await setupPage.Locator("#hashtags-hashtags").FillAsync("#soldes #hiver");
        await setupPage.Locator("form[action*='handler=HashtagGroup'] button[type=submit]").ClickAsync();
        await Assertions.Expect(setupPage.Locator(".toast")).ToBeVisibleAsync();
        await CheckCurrentAsync(setupPage, "templates (one of each)", failures);
        await setupPage.GotoAsync(editor);
        await setupPage.Locator("section.variant .insert-menu summary").First.ClickAsync();
        await CheckCurrentAsync(setupPage, "composer (insert menu open)", failures);
        // A post waiting for a client: the approval steps set on the posts page, a clean post for Bluesky submitted, its
        // page with a review link just made, and the review page the client opens.
        await setupPage.GotoAsync(workspace + "/posts");
        await setupPage.Locator("#steps-0").SelectOptionAsync("ClientApprover");
        await setupPage.Locator("form.approval-policy button[type=submit]").ClickAsync();
        await Assertions.Expect(setupPage.Locator(".toast")).ToBeVisibleAsync();
        await setupPage.GotoAsync(workspace + "/posts/new");
        await setupPage.Locator("input[name=SelectedChannels]").First.CheckAsync();
        await setupPage.Locator("#text").FillAsync("La carte d’hiver arrive.");
        await setupPage.Locator("main form button.primary").ClickAsync();
        await setupPage.WaitForURLAsync("**/edit");
        await setupPage.Locator("#composer .composer-actions button.primary").ClickAsync();
        await Assertions.Expect(setupPage.Locator(".toast")).ToBeVisibleAsync();
        await setupPage.Locator("table a[href*='/posts/']").Filter(new() { HasText = "La carte d’hiver arrive." }).ClickAsync();
        var postDetail = new Uri(setupPage.Url).AbsolutePath;
        await setupPage.Locator("form[action*='handler=ReviewLink'] button[type=submit]").ClickAsync();
        var review = new Uri(await setupPage.Locator("#issued-link").InputValueAsync()).AbsolutePath;
        await CheckCurrentAsync(setupPage, "post detail (review link shown)", failures);
        // A refused posts file: the table of its wrong rows.
        await setupPage.GotoAsync(workspace + "/posts/csv");
        await setupPage.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "posts.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("channel,at,text\nNowhere,demain,Bonjour\n"),
        });
        await setupPage.Locator("form[enctype] button[type=submit]").ClickAsync();
        await Assertions.Expect(setupPage.Locator("#import-errors")).ToBeVisibleAsync();
        await CheckCurrentAsync(setupPage, "posts CSV import with wrong rows", failures);
        var cookies = await setupPage.Context.CookiesAsync();

        string[] pages =
        [
            "/", workspace, workspace + "/members", workspace + "/invitations", workspace + "/tokens", workspace + "/channels",
            workspace + "/channels/connect/feed", workspace + "/channels/connect/bluesky", workspace + "/channels/connect/wordpress",
            workspace + "/posts", workspace + "/posts/new", workspace + "/posts/csv", editor, postDetail, workspace + "/calendar", workspace + "/audit", workspace + "/jobs", workspace + "/settings", workspace + "/charter", workspace + "/media", workspace + "/templates", workspace + "/queues", editor.Replace("/edit", "/queue", StringComparison.Ordinal), "/account", "/notifications", "/no-such-page",
        ];
        foreach (var (language, scheme) in new[] { ("en", ColorScheme.Light), ("fr", ColorScheme.Light), ("en", ColorScheme.Dark), ("fr", ColorScheme.Dark) })
        {
            var page = await NewContextPageAsync(language, scheme, null);
            await page.Context.AddCookiesAsync(cookies.Where(cookie => cookie.Name == "chorus.session").Select(Copy));
            foreach (var path in pages) await CheckAsync(page, path, language, failures);
            var anonymous = await NewContextPageAsync(language, scheme, null);
            await CheckAsync(anonymous, "/login", language, failures);
            await CheckAsync(anonymous, "/forgot-password", language, failures);
            await CheckAsync(anonymous, "/reset-password?token=not-a-token", language, failures);
            await CheckAsync(anonymous, invitation, language, failures);
            await CheckAsync(anonymous, review, language, failures);
        }
        failures.ShouldBeEmpty();
    }

    private async Task<IPage> NewContextPageAsync(string language, ColorScheme scheme, ViewportSize? viewport)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl, Locale = language == "fr" ? "fr-FR" : "en-GB", ColorScheme = scheme,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    private async Task CheckAsync(IPage page, string path, string language, List<string> failures)
    {
        await page.GotoAsync(path);
        // The calendar draws itself once its scripts have loaded: check what people see, not the empty frame.
        if (path.EndsWith("/calendar", StringComparison.Ordinal)) await page.Locator(".fc-toolbar-title").WaitForAsync();
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe(language, $"{path} is not in {language}");
        await CheckCurrentAsync(page, $"{path} ({language})", failures);
        // The same page on a phone.
        await page.SetViewportSizeAsync(390, 844);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        if (overflow > 0) failures.Add($"{path} ({language}, 390 px): {overflow} px wider than the screen");
        await page.SetViewportSizeAsync(1280, 900);
    }

    private static async Task CheckCurrentAsync(IPage page, string what, List<string> failures)
    {
        // Evaluated by the DevTools protocol, which the page's Content-Security-Policy does not restrict.
        await page.EvaluateAsync(Axe.Value);
        var found = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))
            """);
        foreach (var violation in found.EnumerateArray()) failures.Add($"{what} [{page.Url}]: {violation.GetString()}");
    }

    private static Cookie Copy(BrowserContextCookiesResult cookie) => new()
    {
        Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path, HttpOnly = cookie.HttpOnly, Secure = cookie.Secure,
        SameSite = cookie.SameSite, Expires = cookie.Expires,
    };
}
