using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chorus.Platform.CommandLine;
using Chorus.Publishing;
using Chorus.Publishing.Calendar;
using Chorus.Publishing.Csv;
using Chorus.Tests.Support;
using Microsoft.Extensions.Hosting;

namespace Chorus.Tests.Publishing.Csv;

/// <summary>
/// Posts files through the service, `chorus post import|export`, the API and the page, against PostgreSQL and channels
/// of a Mastodon instance on loopback: every row checked first, all or nothing, each bad row named with its column.
/// </summary>
public sealed class PostsCsvTests(PublishingFactory app) : IClassFixture<PublishingFactory>, IAsyncLifetime
{
    private MastodonInstance _instance = null!;

    public async Task InitializeAsync() => _instance = await MastodonInstance.StartAsync();

    public async Task DisposeAsync() => await _instance.DisposeAsync();

    private static string Later(int days) =>
        DateTimeOffset.UtcNow.AddDays(days).ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>A workspace with two Mastodon channels, "Brand toots" and "Team toots", and a campaign "Noël".</summary>
    private async Task<(ChorusFactory.WorkspaceWithOwner Workspace, WorkspaceContext Context, Guid Brand, Guid Team)> WorkspaceAsync(string name = "Csv")
    {
        var workspace = await app.CreateWorkspaceAsync(name);
        var brand = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", _instance.BaseUrl, MastodonInstance.Credentials, "Brand toots");
        var team = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", _instance.BaseUrl, MastodonInstance.Credentials, "Team toots");
        var context = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        await app.Get<Campaigns>().CreateAsync(context, new CampaignRequest("Noël", "#aa0000", "2026-01-01", "2030-12-31"));
        return (workspace, context, brand, team);
    }

    private Task<int> PostsOfAsync(Guid workspaceId) => app.CountAsync("select count(*) from posts where workspace_id = @workspaceId", new { workspaceId });

    [Fact]
    public async Task Import_GoodFile_ImportsEveryRowWithItsVariantsAndCampaign()
    {
        var (_, context, brand, team) = await WorkspaceAsync();
        var at = Later(2);
        var file = $"""
            post,channel,at,text,title,link,content_warning,language,campaign
            launch,Brand toots,{at},Le lancement,,https://example.com/launch,,fr,Noël
            launch,team toots,{at},Le lancement (équipe),,,spoiler,fr,Noël
            ,{brand},,Un brouillon,,,,,
            """;

        var imported = await app.Get<PostsCsvImport>().ImportAsync(context, Encoding.UTF8.GetBytes(file), submit: false);

        imported.Posts.Count.ShouldBe(2);
        var launch = (await app.Get<PublishingService>().FindAsync(context, imported.Posts[0]))!;
        launch.Variants.Select(v => (v.ChannelId, v.Text, v.Status)).ShouldBe([(brand, "Le lancement", "draft"), (team, "Le lancement (équipe)", "draft")],
            ignoreOrder: true);
        launch.Variants.ShouldAllBe(v => v.ScheduledAt == DateTimeOffset.Parse(at, CultureInfo.InvariantCulture));
        launch.Variants.Single(v => v.ChannelId == brand).Link.ShouldBe("https://example.com/launch");
        launch.Variants.Single(v => v.ChannelId == team).ContentWarning.ShouldBe("spoiler");
        var campaign = (await app.Get<Campaigns>().ListAsync(context)).Single();
        (await app.Get<Campaigns>().PostsAsync(context, campaign.Id)).ShouldBe([imported.Posts[0]]);
        var draft = (await app.Get<PublishingService>().FindAsync(context, imported.Posts[1]))!;
        draft.Variants.Single().ScheduledAt.ShouldBeNull();
    }

    [Fact]
    public async Task Import_OneBadRowAmongGoodOnes_ImportsNothingAndNamesEachRowColumnAndReason()
    {
        var (workspace, context, _, _) = await WorkspaceAsync();
        var file = $"""
            channel,at,text,title
            Brand toots,{Later(1)},Bonne ligne,
            Nowhere,{Later(1)},Canal inconnu,
            Brand toots,2026-12-24 09:00,Sans décalage,
            Brand toots,2020-01-01T09:00:00+01:00,Dans le passé,
            Brand toots,,   ,
            Brand toots,,{new string('a', 600)},
            Team toots,{Later(3)},Autre bonne ligne,
            """;

        var refused = await Should.ThrowAsync<PostsCsvException>(() =>
            app.Get<PostsCsvImport>().ImportAsync(context, Encoding.UTF8.GetBytes(file), submit: true));

        refused.Errors.Select(e => (e.Row, e.Column)).ShouldBe([(2, "channel"), (3, "at"), (4, "at"), (5, "text"), (6, "text")]);
        refused.Errors[0].Reason.ShouldContain("'Nowhere' is neither the id nor the name of a channel");
        refused.Errors[1].Reason.ShouldContain("not an ISO-8601 time with its offset");
        refused.Errors[2].Reason.ShouldContain("not in the future");
        refused.Errors[4].Reason.ShouldContain("Brand toots: ");
        refused.Errors[4].Reason.ShouldContain("500");
        refused.Errors[0].ToString().ShouldStartWith("row 2, column channel: ");
        refused.Message.ShouldContain("row 1 is the first post row");
        (await PostsOfAsync(workspace.WorkspaceId)).ShouldBe(0);
    }

    [Fact]
    public async Task Import_SemicolonsWithByteOrderMarkAndMultiLineQuotedText_ReadAsWritten()
    {
        var (_, context, brand, _) = await WorkspaceAsync();
        var file = "\uFEFFChannel;At;Text;Title\r\nBrand toots;;\"Première ligne\r\nseconde; avec \"\"guillemets\"\"\";\r\n;;;\r\n";

        var imported = await app.Get<PostsCsvImport>().ImportAsync(context, Encoding.UTF8.GetBytes(file), submit: false);

        var post = (await app.Get<PublishingService>().FindAsync(context, imported.Posts.Single()))!;
        post.Variants.Single().ChannelId.ShouldBe(brand);
        post.Variants.Single().Text.ShouldBe("Première ligne\r\nseconde; avec \"guillemets\"");
    }

    [Fact]
    public async Task Import_ExcelWindows1252File_ReadsItsAccents()
    {
        var (_, context, _, _) = await WorkspaceAsync();
        var file = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("channel;text\r\nBrand toots;Été à Noël\r\n");

        var imported = await app.Get<PostsCsvImport>().ImportAsync(context, file, submit: false);

        (await app.Get<PublishingService>().FindAsync(context, imported.Posts.Single()))!.Variants.Single().Text.ShouldBe("Été à Noël");
    }

    [Fact]
    public async Task Import_BlockingCharterTerm_RefusesTheRowNamingTheTermAsSubmitDoes()
    {
        var (workspace, context, _, _) = await WorkspaceAsync();
        using var owner = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        (await owner.PutAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/charter",
            new { bannedTerms = new[] { new { term = "arnaque", severity = "Blocking" } }, breachBlocksApproval = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var file = "channel,text,title\nBrand toots,Bonjour,\nTeam toots,C’est l’ARNAQUE du siècle,\n"u8.ToArray();

        var refused = await Should.ThrowAsync<PostsCsvException>(() => app.Get<PostsCsvImport>().ImportAsync(context, file, false));

        var error = refused.Errors.Single();
        (error.Row, error.Column).ShouldBe((2, "text"));
        error.Reason.ShouldStartWith("Team toots: ");
        error.Reason.ShouldContain("arnaque", Case.Insensitive);
        (await PostsOfAsync(workspace.WorkspaceId)).ShouldBe(0);
    }

    [Fact]
    public async Task Import_FileErrors_NameTheHeaderOrTheLimit()
    {
        var (_, context, _, _) = await WorkspaceAsync();
        var import = app.Get<PostsCsvImport>();

        var header = await Should.ThrowAsync<PostsCsvException>(() => import.ImportAsync(context, "chanel,txt\nBrand toots,Bonjour\n"u8.ToArray(), false));
        header.Errors.Select(e => e.Column).ShouldBe(["header", "header", "header", "header"]);
        header.Errors[0].Reason.ShouldContain("'chanel' is not a column");
        var tooMany = "channel,text\n" + string.Concat(Enumerable.Repeat("Brand toots,Bonjour\n", PostsCsv.MaxRows + 1));
        (await Should.ThrowAsync<PostsCsvException>(() => import.ImportAsync(context, Encoding.UTF8.GetBytes(tooMany), false)))
            .Errors.Single().Reason.ShouldContain($"more than {PostsCsv.MaxRows} rows");
        var tooLarge = new byte[PostsCsv.MaxBytes + 1];
        (await Should.ThrowAsync<PostsCsvException>(() => import.ImportAsync(context, tooLarge, false))).Errors.Single().Reason.ShouldContain("larger than");
        var broken = await Should.ThrowAsync<PostsCsvException>(() => import.ImportAsync(context, "channel,text\nBrand toots,\"pas fermé\n"u8.ToArray(), false));
        broken.Errors.Single().Reason.ShouldContain("quoting is broken");
    }

    [Fact]
    public async Task Import_SameChannelTwiceInOnePost_RefusesTheSecondRow()
    {
        var (workspace, context, _, _) = await WorkspaceAsync();
        var file = "post,channel,text\nA,Brand toots,Un\nA,Brand toots,Deux\n"u8.ToArray();

        var refused = await Should.ThrowAsync<PostsCsvException>(() => app.Get<PostsCsvImport>().ImportAsync(context, file, false));

        refused.Errors.Single().ShouldBe(refused.Errors.Single() with { Row = 2, Column = "channel" });
        (await PostsOfAsync(workspace.WorkspaceId)).ShouldBe(0);
    }

    [Fact]
    public async Task Import_WithSubmit_SchedulesThePostsThatHaveATimeAndLeavesTheOthersDrafts()
    {
        var (_, context, _, _) = await WorkspaceAsync();
        var file = Encoding.UTF8.GetBytes($"channel,at,text\nBrand toots,{Later(5)},Programmée\nBrand toots,,Brouillon\n");

        var imported = await app.Get<PostsCsvImport>().ImportAsync(context, file, submit: true);

        imported.Submitted.ShouldBe(1);
        var service = app.Get<PublishingService>();
        (await service.FindAsync(context, imported.Posts[0]))!.Status.ShouldBe(VariantStatus.Scheduled);
        (await service.FindAsync(context, imported.Posts[1]))!.Status.ShouldBe(VariantStatus.Draft);
    }

    [Fact]
    public async Task ExportThenImport_IntoAnotherWorkspaceWithTheSameChannelNames_GivesTheSamePosts()
    {
        var (_, source, _, _) = await WorkspaceAsync("Source");
        var at = Later(4);
        var original = $"""
            post;channel;at;text;title;link;content_warning;language;campaign
            p1;Brand toots;{at};"Deux lignes
            et un @compte@exemple.org";;https://example.com/a?b=1;;fr;Noël
            p1;Team toots;{at};-Commence par un tiret;;;attention;en;Noël
            p2;Team toots;;=1+1 n’est pas une formule;;;;;
            """;
        await app.Get<PostsCsvImport>().ImportAsync(source, Encoding.UTF8.GetBytes(original), false);
        var exported = await app.Get<PostsCsvExport>().CsvAsync(source, new PostsCsvFilter());
        var (_, target, _, _) = await WorkspaceAsync("Target");

        var imported = await app.Get<PostsCsvImport>().ImportAsync(target, Encoding.UTF8.GetBytes(exported), false);

        imported.Posts.Count.ShouldBe(2);
        exported.ShouldContain("'=1+1");
        var before = await app.Get<PostsCsvExport>().RecordsAsync(source, new PostsCsvFilter());
        var after = await app.Get<PostsCsvExport>().RecordsAsync(target, new PostsCsvFilter());
        Comparable(after).ShouldBe(Comparable(before));
        after.Select(r => r.Post).Distinct().Count().ShouldBe(2);
    }

    /// <summary>The records without their post ids (new in the other workspace), the variants of a post together.</summary>
    private static List<string> Comparable(IReadOnlyList<PostsCsvRecord> records)
    {
        var order = records.Select(r => r.Post).Distinct().ToList();
        return records.Select(r => $"{order.IndexOf(r.Post)}|{string.Join('|', r.Values.Skip(1))}").Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Export_FilteredByStatusAndTime_WritesOnlyThoseVariants()
    {
        var (_, context, _, _) = await WorkspaceAsync();
        await app.Get<PostsCsvImport>().ImportAsync(context, Encoding.UTF8.GetBytes($"channel,at,text\nBrand toots,{Later(1)},Demain\nBrand toots,{Later(10)},Plus tard\nBrand toots,,Brouillon\n"), true);
        var export = app.Get<PostsCsvExport>();

        (await export.RecordsAsync(context, new PostsCsvFilter(Status: "draft"))).Select(r => r.Text).ShouldBe(["Brouillon"]);
        (await export.RecordsAsync(context, new PostsCsvFilter(From: DateTimeOffset.UtcNow, To: DateTimeOffset.UtcNow.AddDays(5)))).Select(r => r.Text).ShouldBe(["Demain"]);
        await Should.ThrowAsync<InputException>(() => export.RecordsAsync(context, new PostsCsvFilter(Status: "nope")));
    }

    private async Task<(int Exit, string Output, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        void Database(IHostApplicationBuilder builder)
        {
            builder.Configuration["CHORUS_DATABASE"] = app.ConnectionString;
            builder.Configuration["Connectors:AllowLoopback"] = "true";
        }
        var exit = await PostCommand.RunAsync(args, output, error, Database);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task CliImport_BadFile_Exits2WithEachRowColumnAndReasonAndImportsNothing()
    {
        var (workspace, _, _, _) = await WorkspaceAsync();
        var path = Path.Combine(Path.GetTempPath(), $"posts-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, $"channel,at,text\nBrand toots,{Later(1)},Bonne\nNowhere,,Mauvaise\nBrand toots,demain,Mauvaise\n");
        try
        {
            var result = await CliAsync("import", path, "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email);

            result.Exit.ShouldBe(ChorusCommandLine.BadInput);
            result.Output.ShouldBeEmpty();
            var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            lines[0].ShouldContain("Nothing was imported");
            lines[0].ShouldContain("row 1 is the first post row");
            lines[1].ShouldStartWith("row 2, column channel: 'Nowhere'");
            lines[2].ShouldStartWith("row 3, column at: 'demain'");
            (await PostsOfAsync(workspace.WorkspaceId)).ShouldBe(0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task CliImportThenExport_PrintsTheIdsThenTheFile()
    {
        var (workspace, _, _, _) = await WorkspaceAsync();
        var path = Path.Combine(Path.GetTempPath(), $"posts-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "channel,text,title\nBrand toots,Premier,\nTeam toots,Second,\n");
        try
        {
            var imported = await CliAsync("import", path, "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email, "--json");

            imported.Exit.ShouldBe(ChorusCommandLine.Ok, imported.Error);
            var ids = JsonSerializer.Deserialize<Guid[]>(imported.Output)!;
            ids.Length.ShouldBe(2);
            var exported = await CliAsync("export", "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email, "--status", "draft");
            exported.Exit.ShouldBe(ChorusCommandLine.Ok, exported.Error);
            exported.Output.ShouldStartWith("post,channel,at,text,title,link,content_warning,language,campaign\r\n");
            exported.Output.ShouldContain($"{ids[0]},Brand toots,,Premier,");
            var plain = await CliAsync("import", path, "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email);
            plain.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Guid.Parse(l.Trim())).Count().ShouldBe(2);
            var badTime = await CliAsync("export", "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email, "--from", "hier");
            badTime.Exit.ShouldBe(ChorusCommandLine.BadInput);
            badTime.Error.ShouldStartWith("from:");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task CliImport_AsAViewer_Exits2AndImportsNothing()
    {
        var (workspace, _, _, _) = await WorkspaceAsync();
        var analyst = await app.AddMemberAsync(workspace, WorkspaceRole.Analyst);
        var path = Path.Combine(Path.GetTempPath(), $"posts-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "channel,text\nBrand toots,Premier\n");
        try
        {
            var result = await CliAsync("import", path, "--workspace", workspace.WorkspaceId.ToString(), "--as", analyst.Email);

            result.Exit.ShouldBe(ChorusCommandLine.BadInput);
            result.Error.ShouldStartWith("as:");
            (await PostsOfAsync(workspace.WorkspaceId)).ShouldBe(0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ApiImport_BadRow_400ProblemListingRowColumnReason_GoodFile200()
    {
        var (workspace, _, _, _) = await WorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var url = $"/api/v1/workspaces/{workspace.WorkspaceId}/posts/import";

        using var bad = await api.PostAsync(url, new StringContent("channel,text\nBrand toots,Bon\nNowhere,Mauvais\n", Encoding.UTF8, "text/csv"));

        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bad.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()))
        {
            problem.RootElement.GetProperty("errors").GetProperty("rows[2].channel")[0].GetString()!.ShouldContain("'Nowhere'");
            var row = problem.RootElement.GetProperty("rows").EnumerateArray().Single();
            row.GetProperty("row").GetInt32().ShouldBe(2);
            row.GetProperty("column").GetString().ShouldBe("channel");
            row.GetProperty("reason").GetString()!.ShouldContain("neither the id nor the name");
            problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("Nothing was imported");
        }
        (await PostsOfAsync(workspace.WorkspaceId)).ShouldBe(0);

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("channel;text\nBrand toots;Bon\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "posts.csv");
        using var good = await api.PostAsync(url + "?submit=false", form);
        good.StatusCode.ShouldBe(HttpStatusCode.OK, await good.Content.ReadAsStringAsync());
        using var created = JsonDocument.Parse(await good.Content.ReadAsStringAsync());
        created.RootElement.GetProperty("posts").GetArrayLength().ShouldBe(1);

        using var csv = await api.GetAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/posts/export");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await csv.Content.ReadAsStringAsync()).ShouldContain(",Brand toots,,Bon,");
        using var asJson = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/workspaces/{workspace.WorkspaceId}/posts/export");
        asJson.Headers.Accept.ParseAdd("application/json");
        using var json = await api.SendAsync(asJson);
        using var records = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        records.RootElement[0].GetProperty("channel").GetString().ShouldBe("Brand toots");
    }

    [Fact]
    public async Task ApiImport_AsAViewer_403AndNothingImported()
    {
        var (workspace, _, _, _) = await WorkspaceAsync();
        var analyst = await app.AddMemberAsync(workspace, WorkspaceRole.Analyst);
        using var api = app.Api(await app.TokenAsync(analyst.UserId, workspace.WorkspaceId));

        using var refused = await api.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/posts/import",
            new StringContent("channel,text\nBrand toots,Bon\n", Encoding.UTF8, "text/csv"));

        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await PostsOfAsync(workspace.WorkspaceId)).ShouldBe(0);
        (await api.GetAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/posts/export")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Page_BadFile_ListsEachRowInATable_GoodFileGoesToThePosts()
    {
        var (workspace, _, _, _) = await WorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);
        var url = $"/w/{workspace.WorkspaceId}/posts/csv";
        var empty = await browser.GetStringAsync(url);
        empty.ShouldContain("No post to export yet.");
        (await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/posts")).ShouldContain($"href=\"{url}\"");

        using var bad = await UploadAsync(browser, url, empty, "channel,text\nNowhere,Mauvais\n");
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await bad.Content.ReadAsStringAsync();
        page.ShouldContain("id=\"import-errors\"");
        page.ShouldContain("<td>1</td><td><code>channel</code></td>");
        (await PostsOfAsync(workspace.WorkspaceId)).ShouldBe(0);

        using var good = await UploadAsync(browser, url, empty, "channel,text\nBrand toots,Bon\n");
        good.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PostsOfAsync(workspace.WorkspaceId)).ShouldBe(1);
        using var download = await browser.GetAsync(url + "?handler=Export&status=draft");
        download.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await download.Content.ReadAsStringAsync()).ShouldContain(",Brand toots,,Bon,");
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        (await browser.GetStringAsync(url)).ShouldContain("Importer et exporter des publications");
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, string url, string page, string csv)
    {
        using var form = new MultipartFormDataContent { { new StringContent(ChorusFactory.Antiforgery(page)), "__RequestVerificationToken" } };
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "posts.csv");
        return await browser.PostAsync(url + "?handler=Import", form);
    }
}
