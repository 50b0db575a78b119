using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Links;
using Chorus.Tests.Publishing;
using Chorus.Tests.Support;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Chorus.Testing;
using Npgsql;

namespace Chorus.Tests.Links;

/// <summary>The link shortener on PostgreSQL: addresses checked by field, one code per address and workspace, the
/// public redirect counting clicks per UTC day, unknown codes, the API with roles and another workspace's links, the
/// text of a variant shortened, and `chorus link`.</summary>
public sealed class ShortLinksTests(PublishingFactory app) : IClassFixture<PublishingFactory>
{
    private HttpClient Anonymous() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("", "This field is required.")]
    [InlineData("example.org/page", "absolute http or https")]
    [InlineData("ftp://example.org/file", "absolute http or https")]
    [InlineData("javascript:alert(1)", "absolute http or https")]
    [InlineData("https://user:secret@example.org/", "user name or password")]
    public void CheckUrl_NotAnAbsoluteHttpAddress_RefusedNamingTheField(string url, string reason)
    {
        var refused = Should.Throw<InputException>(() => ShortLinks.CheckUrl("url", url));

        refused.Field.ShouldBe("url");
        refused.Message.ShouldContain(reason);
    }

    [Fact]
    public void CheckUrl_TooLong_Refused()
    {
        Should.Throw<InputException>(() => ShortLinks.CheckUrl("url", "https://example.org/" + new string('a', ShortLinks.UrlMaxLength))).Message
            .ShouldContain("At most 2048");
        ShortLinks.CheckUrl("url", "https://example.org/a?b=c#d").AbsoluteUri.ShouldBe("https://example.org/a?b=c#d");
    }

    [Fact]
    public async Task Shorten_SameAddressTwice_SameCode_OtherWorkspaceOtherCode_CodesRandomAndWellFormed()
    {
        var a = await app.CreateWorkspaceAsync();
        var b = await app.CreateWorkspaceAsync();
        var links = app.Get<ShortLinks>();
        var contextA = await app.ContextAsync(a.Owner.UserId, a.WorkspaceId);

        var (first, created) = await links.ShortenAsync(contextA, "https://cafe.example/carte?utm_source=bluesky");
        var (again, createdAgain) = await links.ShortenAsync(contextA, " https://cafe.example/carte?utm_source=bluesky ");
        var (inB, _) = await links.ShortenAsync(await app.ContextAsync(b.Owner.UserId, b.WorkspaceId), "https://cafe.example/carte?utm_source=bluesky");

        created.ShouldBeTrue();
        createdAgain.ShouldBeFalse();
        again.Id.ShouldBe(first.Id);
        inB.Code.ShouldNotBe(first.Code);
        first.Code.ShouldMatch("^[A-Za-z0-9]{10}$");
        first.ShortUrl.AbsolutePath.ShouldBe("/l/" + first.Code);
        var codes = new List<string>();
        for (var i = 0; i < 50; i++) codes.Add((await links.ShortenAsync(contextA, $"https://cafe.example/{i}")).Link.Code);
        codes.Distinct().Count().ShouldBe(50);
        (await app.CountAsync("select count(*) from audit_log where workspace_id = @id and action = 'link.created'", new { id = a.WorkspaceId })).ShouldBe(51);
    }

    [Fact]
    public async Task Redirect_Found_302ToTheAddress_ClicksCountedPerDay_UnknownCode404()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var context = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        var (link, _) = await app.Get<ShortLinks>().ShortenAsync(context, "https://cafe.example/carte");
        using var anyone = Anonymous();

        for (var i = 0; i < 3; i++)
        {
            using var response = await anyone.GetAsync("/l/" + link.Code);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            response.Headers.Location.ShouldBe(new Uri("https://cafe.example/carte"));
        }
        // A code differing by one letter's case is another code; a malformed one never reaches the database.
        var swapped = char.IsUpper(link.Code[0]) ? char.ToLowerInvariant(link.Code[0]) + link.Code[1..] : char.ToUpperInvariant(link.Code[0]) + link.Code[1..];
        if (swapped != link.Code) (await anyone.GetAsync("/l/" + swapped)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anyone.GetAsync("/l/AAAAAAAAAA")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anyone.GetAsync("/l/short")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anyone.GetAsync("/l/" + link.Code + "x")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(DateTime Day, long Clicks)>("select day, clicks from link_clicks where link_id = @id", new { id = link.Id })).ToList();
        rows.Count.ShouldBe(1);
        rows[0].Day.ShouldBe(DateTime.UtcNow.Date);
        rows[0].Clicks.ShouldBe(3);
        var stats = await app.Get<ShortLinks>().StatsAsync(context, link.Id);
        stats!.Link.Clicks.ShouldBe(3);
        stats.Days.ShouldBe([new DailyClicks(DateOnly.FromDateTime(DateTime.UtcNow), 3)]);
    }

    [Fact]
    public async Task Follow_OnTwoDays_OneRowPerDay()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var context = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        var (link, _) = await app.Get<ShortLinks>().ShortenAsync(context, "https://cafe.example/jours");
        var clock = new ManualTimeProvider(new DateTimeOffset(2027, 3, 28, 23, 59, 0, TimeSpan.Zero));
        var links = new ShortLinks(app.Get<NpgsqlDataSource>(), app.Get<Chorus.Platform.Audit.AuditLog>(), app.Get<Chorus.Platform.Shell.PublicAddress>(), clock);

        (await links.FollowAsync(link.Code)).ShouldBe("https://cafe.example/jours");
        clock.Advance(TimeSpan.FromMinutes(2));
        (await links.FollowAsync(link.Code)).ShouldBe("https://cafe.example/jours");
        (await links.FollowAsync(link.Code)).ShouldBe("https://cafe.example/jours");
        (await links.FollowAsync("NoSuchCode")).ShouldBeNull();

        (await links.StatsAsync(context, link.Id))!.Days.ShouldBe([new DailyClicks(new DateOnly(2027, 3, 28), 1), new DailyClicks(new DateOnly(2027, 3, 29), 2)]);
    }

    [Fact]
    public async Task ShortenText_ReplacesEachAddressOnce_KeepsPunctuationAndOurOwnLinks()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var context = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        var links = app.Get<ShortLinks>();

        var first = await links.ShortenTextAsync(context, "La carte : https://cafe.example/carte. Et https://cafe.example/carte, puis (https://cafe.example/vins) ftp://x.example");
        var codes = first.Links.ToDictionary(l => l.Url, l => l.ShortUrl.AbsoluteUri);

        first.Links.Count.ShouldBe(2);
        first.Text.ShouldBe($"La carte : {codes["https://cafe.example/carte"]}. Et {codes["https://cafe.example/carte"]}, puis ({codes["https://cafe.example/vins"]}) ftp://x.example");
        var second = await links.ShortenTextAsync(context, first.Text);
        second.Text.ShouldBe(first.Text);
        second.Links.ShouldBeEmpty();
    }

    [Fact]
    public async Task Api_ShortenListStats_ErrorsNameTheField_RolesAndOtherWorkspace()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var other = await app.CreateWorkspaceAsync();
        using var owner = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        using var analyst = app.Api(await app.TokenAsync((await app.AddMemberAsync(workspace, WorkspaceRole.Analyst)).UserId, workspace.WorkspaceId));
        using var stranger = app.Api(await app.TokenAsync(other.Owner.UserId, other.WorkspaceId));
        var root = $"/api/v1/workspaces/{workspace.WorkspaceId}/links";

        using var created = await owner.PostAsJsonAsync(root, new { url = "https://cafe.example/a" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var link = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = link.GetProperty("id").GetString();
        created.Headers.Location!.ToString().ShouldEndWith($"/links/{id}");
        (await owner.PostAsJsonAsync(root, new { url = "https://cafe.example/a" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var bad = await owner.PostAsJsonAsync(root, new { url = "http://" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("url", out _).ShouldBeTrue();
        var text = await (await owner.PostAsJsonAsync(root + "/shorten-text", new { text = "Voir https://cafe.example/a !" })).Content.ReadFromJsonAsync<JsonElement>();
        text.GetProperty("text").GetString().ShouldBe($"Voir {link.GetProperty("shortUrl").GetString()} !");

        using var anyone = Anonymous();
        (await anyone.GetAsync("/l/" + link.GetProperty("code").GetString())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stats = await (await analyst.GetAsync($"{root}/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        stats.GetProperty("link").GetProperty("clicks").GetInt64().ShouldBe(1);
        stats.GetProperty("days")[0].GetProperty("clicks").GetInt64().ShouldBe(1);
        (await analyst.GetFromJsonAsync<JsonElement>(root)).GetArrayLength().ShouldBe(1);
        (await analyst.PostAsJsonAsync(root, new { url = "https://cafe.example/b" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await stranger.GetAsync($"/api/v1/workspaces/{other.WorkspaceId}/links/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetFromJsonAsync<JsonElement>($"/api/v1/workspaces/{other.WorkspaceId}/links")).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Composer_ShortenLinksButton_ReplacesTheAddressesOfTheText()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var context = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        var channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", new Uri("http://127.0.0.1:9/"), MastodonInstance.Credentials, "Toots");
        var postId = await app.Get<Chorus.Publishing.PublishingService>().CreateAsync(context, new Chorus.Publishing.CreatePostRequest([channel], "Bonjour"));
        using var browser = await app.SignedInAsync(workspace.Owner);
        var editor = $"/w/{workspace.WorkspaceId}/posts/{postId}/edit";
        var page = await browser.GetStringAsync(editor);
        page.ShouldContain("data-shorten-links");

        using var response = await browser.PostAsync(editor + "?handler=ShortenLinks", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = "Voir https://cafe.example/menu", ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(page),
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var code = (await app.Get<ShortLinks>().ListAsync(context)).Single().Code;
        answer.GetProperty("text").GetString().ShouldBe($"Voir {app.Get<ShortLinks>().ShortUrl(code).AbsoluteUri}");
    }

    [Fact]
    public async Task Command_ShortenAndList_Json_BadAddressExits2NamingTheField()
    {
        var workspace = await app.CreateWorkspaceAsync("Cli");
        var email = workspace.Owner.Email;
        var ws = workspace.WorkspaceId.ToString();

        var (exit, shortened, _) = await RunAsync("shorten", "https://cafe.example/carte", "--workspace", ws, "--as", email);
        exit.ShouldBe(0);
        shortened.Trim().ShouldMatch("/l/[A-Za-z0-9]{10}$");
        var (_, list, _) = await RunAsync("list", "--workspace", ws, "--as", email, "--json");
        var listed = JsonDocument.Parse(list).RootElement[0];
        listed.GetProperty("url").GetString().ShouldBe("https://cafe.example/carte");
        listed.GetProperty("shortUrl").GetString().ShouldBe(shortened.Trim());
        listed.GetProperty("clicks").GetInt64().ShouldBe(0);
        var (badExit, _, badError) = await RunAsync("shorten", "cafe.example", "--workspace", ws, "--as", email);
        badExit.ShouldBe(2);
        badError.ShouldStartWith("url:");
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LinkCommand.RunAsync(args, output, error, builder => builder.Configuration["CHORUS_DATABASE"] = app.ConnectionString);
        return (exit, output.ToString(), error.ToString());
    }
}

/// <summary>The redirect with a budget of 3 a minute per client address: the fourth is refused (429) and not counted.</summary>
public sealed class ShortLinkRateLimitTests(ShortLinkRateLimitTests.Factory app) : IClassFixture<ShortLinkRateLimitTests.Factory>
{
    public sealed class Factory : ChorusFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Links:RedirectsPerMinute", "3");
        }
    }

    [Fact]
    public async Task Redirects_OverTheBudget_429AndNotCounted()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var context = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        var (link, _) = await app.Get<ShortLinks>().ShortenAsync(context, "https://cafe.example/");
        using var anyone = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await anyone.GetAsync("/l/" + (i == 0 ? "AAAAAAAAAA" : link.Code))).StatusCode);

        statuses.ShouldBe([HttpStatusCode.NotFound, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests]);
        (await app.CountAsync("select coalesce(sum(clicks), 0)::int from link_clicks where link_id = @id", new { id = link.Id })).ShouldBe(2);
    }
}
