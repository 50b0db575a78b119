using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chorus.Connectors.Tests.Bluesky;
using Chorus.Connectors.Tests.Support;
using Chorus.Connectors.Tests.WordPress;
using Microsoft.Playwright;

namespace Chorus.E2E.Tests;

/// <summary>The real peers of tests/peers, started once for the tests that publish on them from the browser.</summary>
[CollectionDefinition(Name)]
public sealed class PublishingPeersCollection : ICollectionFixture<BlueskyNetworkFixture>, ICollectionFixture<WordPressPeer>
{
    public const string Name = "Publishing peers (browser)";
}

/// <summary>
/// The issue's "done when" in Chromium, against the real Bluesky servers and the real WordPress site: a community manager
/// asks for a client's approval in the workspace, connects both channels, writes one post with an image (uploaded in the
/// composer, with its alternative text) and a Bluesky thread part, sees the counters and previews as she types, plans it,
/// submits it, sends a review link; the client approves it in another browser with no session; the manager drags the
/// post on the calendar to today, and the publishing workers put it on both networks at that time, once each, as read
/// back from the networks' own APIs.
/// </summary>
[Collection(PublishingPeersCollection.Name)]
public sealed class PublishOnThePeersTests(BrowserApp app, BlueskyNetworkFixture bluesky, WordPressPeer wordpress) : IClassFixture<BrowserApp>
{
    private const string AltText = "La carte d’hiver écrite à la craie sur une ardoise";

    [Fact]
    public async Task PlanApproveByLinkDragAndPublish_OnBlueskyAndWordPress_OnceEachWithTheImageAndThread()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await Walk.SetUpAsync(page, "Café Flore", "manager@agence.test");
        var workspace = Walk.WorkspacePath(page);

        // The workspace asks a client's approval before anything goes out.
        await page.GotoAsync(workspace + "/posts");
        await page.GetByLabel("Step 1").SelectOptionAsync("ClientApprover");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the approval steps" }).ClickAsync();
        await Assertions.Expect(page.Locator(".toast")).ToHaveTextAsync("The approval policy is saved.");
        await Assertions.Expect(page.GetByText("A submitted post waits for these approvals, in order: Client approver")).ToBeVisibleAsync();

        // Both channels connected through their forms, with the peers' accounts.
        await page.GotoAsync(workspace + "/channels/connect/bluesky");
        await page.Locator("#handle").FillAsync(bluesky.Carol.Handle);
        await page.Locator("#appPassword").FillAsync(bluesky.Carol.AppPassword);
        await page.Locator("#url").FillAsync(bluesky.PdsUrl.AbsoluteUri);
        await page.Locator("main form button[type=submit]").ClickAsync();
        // Connecting signs in on the peer, which is slow the first time after it started.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/channels$"), new() { Timeout = 60_000 });
        await page.GotoAsync(workspace + "/channels/connect/wordpress");
        await page.Locator("#url").FillAsync(wordpress.SiteUrl.AbsoluteUri);
        await page.Locator("#username").FillAsync(wordpress.UserName);
        await page.Locator("#password").FillAsync(wordpress.ApplicationPassword);
        await page.Locator("main form button[type=submit]").ClickAsync();
        // Connecting signs in on the peer, which is slow the first time after it started.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/channels$"), new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator(".badge.healthy")).ToHaveCountAsync(2);

        // One post for both.
        await page.GotoAsync(workspace + "/posts");
        await page.GetByRole(AriaRole.Link, new() { Name = "Write a post" }).ClickAsync();
        await Assertions.Expect(page.Locator("input[name=SelectedChannels]")).ToHaveCountAsync(2);
        await page.Locator("input[name=SelectedChannels]").First.CheckAsync();
        await page.Locator("input[name=SelectedChannels]").Last.CheckAsync();
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync($"La carte d’hiver arrive {marker}.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to the variants" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/posts/[0-9a-f-]+/edit$"));
        var sky = page.Locator("section.variant").Filter(new() { Has = page.Locator(".network-bluesky") });
        var blog = page.Locator("section.variant").Filter(new() { Has = page.Locator(".network-wordpress") });

        // The checks as Bluesky counts, live: over the limit, then back under it.
        var skyText = sky.GetByLabel("Text", new() { Exact = true });
        await skyText.FillAsync(new string('é', 301));
        await Assertions.Expect(sky.Locator(".counter.over").First).ToHaveTextAsync(new Regex(@"^301 / 300"));
        await Assertions.Expect(sky.GetByText("301 characters; this network allows 300.")).ToBeVisibleAsync();
        await skyText.FillAsync($"La carte d’hiver arrive {marker} : soupe, gratin, tarte.");
        await Assertions.Expect(sky.Locator(".counter.over")).ToHaveCountAsync(0);
        await Assertions.Expect(sky.GetByText("301 characters; this network allows 300.")).ToBeHiddenAsync();
        await Assertions.Expect(sky.Locator(".preview .preview-text").First).ToHaveTextAsync($"La carte d’hiver arrive {marker} : soupe, gratin, tarte.");
        await sky.GetByLabel("Next part of the thread (optional)").FillAsync($"Et le chocolat chaud revient {marker}.");
        await Assertions.Expect(sky.Locator(".preview .preview-post.reply")).ToContainTextAsync($"Et le chocolat chaud revient {marker}.");
        // WordPress needs a title: said, then gone once typed.
        await Assertions.Expect(blog.GetByText("A title is required on this network.")).ToBeVisibleAsync();
        await blog.GetByLabel("Title (required)").FillAsync($"La carte d’hiver {marker}");
        await Assertions.Expect(blog.GetByText("A title is required on this network.")).ToBeHiddenAsync();
        await Assertions.Expect(blog.Locator(".preview-title")).ToHaveTextAsync($"La carte d’hiver {marker}");

        // The image, uploaded on the Bluesky variant with its alternative text, then taken from the library for WordPress.
        var image = Path.Combine(Path.GetTempPath(), $"chorus-e2e-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(image, Chorus.Tests.Media.TestImages.Png(800, 450));
        await sky.GetByLabel("Upload an image").SetInputFilesAsync(image);
        await sky.GetByLabel("Its alternative text").FillAsync(AltText);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as draft" }).ClickAsync();
        await Assertions.Expect(page.Locator(".toast")).ToHaveTextAsync("The draft is saved.");
        File.Delete(image);
        await Assertions.Expect(sky.Locator($".preview img[alt='{AltText}']")).ToBeVisibleAsync();
        await blog.GetByText("Add images from the library").ClickAsync();
        await blog.Locator("details.library-picker input[type=checkbox]").CheckAsync();

        // Planned for tomorrow at a time a minute or two from now: the calendar will bring it to today.
        (await page.Locator("#publishAt-help").InnerTextAsync()).ShouldContain("(UTC)");
        var now = DateTimeOffset.UtcNow;
        var at = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(now.Second < 15 ? 1 : 2);
        var planned = at.AddDays(1);
        // Whole minutes: the field shows seconds only when there are some.
        await page.Locator("#publishAt").FillAsync(planned.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as draft" }).ClickAsync();
        await Assertions.Expect(page.Locator(".toast")).ToHaveTextAsync("The draft is saved.");
        await Assertions.Expect(page.Locator("#publishAt")).ToHaveValueAsync(new Regex("^" + Regex.Escape(planned.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)) + "(:00)?$"));
        await Assertions.Expect(blog.Locator($".preview img[alt='{AltText}']")).ToBeVisibleAsync();

        // Submitted: it waits for the client.
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Assertions.Expect(page.Locator(".toast")).ToHaveTextAsync("The post is submitted.");
        await page.GetByRole(AriaRole.Link, new() { Name = $"La carte d’hiver arrive {marker}" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("In review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a review link" }).ClickAsync();
        var link = await page.Locator("#issued-link").InputValueAsync();
        link.ShouldContain("/review/");
        var postPage = page.Url;

        // The client, in a browser of their own with no session: the previews, then the approval.
        await using (var clientContext = await app.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB" }))
        {
            var client = await clientContext.NewPageAsync();
            await client.GotoAsync(link);
            await Assertions.Expect(client.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Review a post");
            var skyPreview = client.Locator("article.review-preview").Filter(new() { HasText = "Bluesky" });
            var blogPreview = client.Locator("article.review-preview").Filter(new() { HasText = "WordPress" });
            await Assertions.Expect(skyPreview.Locator(".preview-text").First).ToHaveTextAsync($"La carte d’hiver arrive {marker} : soupe, gratin, tarte.");
            await Assertions.Expect(skyPreview.Locator("ol li")).ToHaveTextAsync($"Et le chocolat chaud revient {marker}.");
            await Assertions.Expect(blogPreview.GetByRole(AriaRole.Heading, new() { Name = $"La carte d’hiver {marker}" })).ToBeVisibleAsync();
            await client.GetByLabel("Your name (optional)").FillAsync("Léa, Café Flore");
            await client.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await Assertions.Expect(client.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thank you");
            (await clientContext.CookiesAsync()).Where(c => c.Name == "chorus.session").ShouldBeEmpty();
        }

        // Approved and scheduled for tomorrow; nothing published yet.
        await page.GotoAsync(postPage);
        await Assertions.Expect(page.Locator("article.review-preview .badge")).ToHaveTextAsync(["Scheduled", "Scheduled"]);
        await Assertions.Expect(page.GetByText("Léa, Café Flore")).ToBeVisibleAsync();

        // On the calendar's month, dragged from tomorrow to today: same time of day, so in a minute or two.
        await page.GotoAsync(workspace + "/calendar");
        var item = page.Locator($"td.fc-daygrid-day[data-date='{planned:yyyy-MM-dd}'] a.calendar-post");
        var today = page.Locator($"td.fc-daygrid-day[data-date='{at:yyyy-MM-dd}']");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        var from = (await item.BoundingBoxAsync())!;
        var to = (await today.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X + from.Width / 2 + 12, from.Y + from.Height / 2, new() { Steps = 4 });
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new() { Steps = 15 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("#calendar-message")).ToHaveTextAsync("The post is moved.");
        await Assertions.Expect(page.Locator($"td.fc-daygrid-day[data-date='{at:yyyy-MM-dd}'] a.calendar-post")).ToHaveCountAsync(1);

        // Published by the workers at its new time: the post's page says so for both channels (polled, not slept).
        var published = page.Locator("article.review-preview .badge.healthy");
        var deadline = DateTimeOffset.UtcNow.AddMinutes(4);
        await page.GotoAsync(postPage);
        while (await published.CountAsync() < 2)
        {
            (await page.Locator("article.review-preview .badge.broken").CountAsync()).ShouldBe(0, await page.Locator("main").InnerTextAsync());
            (DateTimeOffset.UtcNow < deadline).ShouldBeTrue($"Not published by {deadline:T} (due {at:T}): {await page.Locator("main").InnerTextAsync()}");
            await Task.Delay(2000);
            await page.ReloadAsync();
        }
        DateTimeOffset.UtcNow.ShouldBeGreaterThanOrEqualTo(at);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "See it" })).ToHaveCountAsync(2);

        await BlueskyHasItOnceAsync(marker, at);
        await WordPressHasItOnceAsync(marker);
        errors.ShouldBeEmpty();
    }

    /// <summary>The PDS's records of the account: the post once, with the image and its alternative text, and its thread
    /// reply once; the AppView shows them as one thread.</summary>
    private async Task BlueskyHasItOnceAsync(string marker, DateTimeOffset at)
    {
        using var http = new HttpClient();
        using var records = JsonDocument.Parse(await http.GetStringAsync(new Uri(bluesky.PdsUrl,
            $"xrpc/com.atproto.repo.listRecords?repo={Uri.EscapeDataString(bluesky.Carol.Did)}&collection=app.bsky.feed.post&limit=100")));
        var ours = records.RootElement.GetProperty("records").EnumerateArray()
            .Where(r => r.GetProperty("value").GetProperty("text").GetString()!.Contains(marker, StringComparison.Ordinal)).ToList();
        ours.Count.ShouldBe(2, "the post and its thread part, once each");
        var post = ours.Single(r => r.GetProperty("value").GetProperty("text").GetString()!.StartsWith("La carte", StringComparison.Ordinal));
        var reply = ours.Single(r => r.GetProperty("value").GetProperty("text").GetString()!.StartsWith("Et le chocolat", StringComparison.Ordinal));
        var postUri = post.GetProperty("uri").GetString()!;
        reply.GetProperty("value").GetProperty("reply").GetProperty("parent").GetProperty("uri").GetString().ShouldBe(postUri);
        DateTimeOffset.Parse(post.GetProperty("value").GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(at.AddSeconds(-1));
        var embed = post.GetProperty("value").GetProperty("embed");
        embed.GetProperty("$type").GetString().ShouldBe("app.bsky.embed.images");
        var embedded = embed.GetProperty("images").EnumerateArray().Single();
        embedded.GetProperty("alt").GetString().ShouldBe(AltText);
        var cid = embedded.GetProperty("image").GetProperty("ref").GetProperty("$link").GetString()!;
        var blob = await http.GetByteArrayAsync(new Uri(bluesky.PdsUrl, $"xrpc/com.atproto.sync.getBlob?did={Uri.EscapeDataString(bluesky.Carol.Did)}&cid={cid}"));
        IsImage(blob).ShouldBeTrue("the blob the post embeds is the image");

        // The AppView indexes a moment later: the thread as people see it.
        var thread = await Eventually.GetAsync(async () =>
        {
            using var answer = await http.GetAsync(new Uri(bluesky.AppViewUrl, $"xrpc/app.bsky.feed.getPostThread?uri={Uri.EscapeDataString(postUri)}"));
            return answer.IsSuccessStatusCode ? await answer.Content.ReadAsStringAsync() : "";
        }, body => body.Contains("\"replies\":[{", StringComparison.Ordinal), "the AppView's thread with its reply", 30);
        using var shown = JsonDocument.Parse(thread);
        var root = shown.RootElement.GetProperty("thread");
        root.GetProperty("post").GetProperty("embed").GetProperty("images").EnumerateArray().Single().GetProperty("alt").GetString().ShouldBe(AltText);
        var replies = root.GetProperty("replies").EnumerateArray().ToList();
        replies.Count.ShouldBe(1);
        replies[0].GetProperty("post").GetProperty("record").GetProperty("text").GetString().ShouldBe($"Et le chocolat chaud revient {marker}.");
    }

    /// <summary>The site's REST API: one post (in any status) with the title, its featured image carrying the alternative text.</summary>
    private async Task WordPressHasItOnceAsync(string marker)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{wordpress.UserName}:{wordpress.ApplicationPassword}")));
        using var found = JsonDocument.Parse(await http.GetStringAsync(new Uri(wordpress.SiteUrl,
            $"wp-json/wp/v2/posts?search={marker}&status=any&_fields=id,title,status,featured_media")));
        var posts = found.RootElement.EnumerateArray().ToList();
        posts.Count.ShouldBe(1, "the post, once");
        posts[0].GetProperty("status").GetString().ShouldBe("publish");
        posts[0].GetProperty("title").GetProperty("rendered").GetString()!.ShouldContain(marker);
        var mediaId = posts[0].GetProperty("featured_media").GetInt64();
        mediaId.ShouldBeGreaterThan(0, "the post has its featured image");
        using var media = JsonDocument.Parse(await http.GetStringAsync(new Uri(wordpress.SiteUrl, $"wp-json/wp/v2/media/{mediaId}?_fields=alt_text,mime_type,source_url,post")));
        media.RootElement.GetProperty("alt_text").GetString().ShouldBe(AltText);
        media.RootElement.GetProperty("mime_type").GetString()!.ShouldStartWith("image/");
        IsImage(await http.GetByteArrayAsync(media.RootElement.GetProperty("source_url").GetString())).ShouldBeTrue("the featured image's file is the image");
    }

    /// <summary>A PNG or JPEG by its signature (the library may keep the upload as it came or re-encode it).</summary>
    private static bool IsImage(byte[] bytes) =>
        bytes.AsSpan().StartsWith(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }) || bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF });
}
