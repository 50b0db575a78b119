using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Publishing.Templates;
using Chorus.Tests.Support;
using Microsoft.Extensions.Hosting;

namespace Chorus.Tests.Publishing.Templates;

/// <summary>Templates, signatures and hashtag groups on PostgreSQL: the services (names unique per workspace, a channel's
/// one default signature, hashtags read and refused by name, audit), the REST API (roles, another workspace's ids),
/// the page (empty states in both languages, an error beside its field, the composer's menus) and the commands.</summary>
public sealed class TemplatesTests(PublishingFactory app) : IClassFixture<PublishingFactory>
{
    private static readonly Uri Instance = new("http://127.0.0.1:9/");

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Services_CreateUpdateDelete_NamesUniquePerWorkspace_Audited()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var other = await app.CreateWorkspaceAsync();
        var context = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        var templates = app.Get<PostTemplates>();

        var created = await templates.CreateAsync(context, new TemplateRequest("  Soldes ", "Les soldes commencent !\n\nÀ bientôt", "Soldes d’hiver"));
        created.Name.ShouldBe("Soldes");
        created.Body.ShouldBe("Les soldes commencent !\n\nÀ bientôt");
        created.Title.ShouldBe("Soldes d’hiver");
        // Another workspace may use the name; this one may not, whatever its case.
        await templates.CreateAsync(await app.ContextAsync(other.Owner.UserId, other.WorkspaceId), new TemplateRequest("Soldes", "Autre"));
        var taken = await Should.ThrowAsync<InputException>(() => templates.CreateAsync(context, new TemplateRequest("SOLDES", "x")));
        taken.Field.ShouldBe("name");
        var empty = await Should.ThrowAsync<InputException>(() => templates.CreateAsync(context, new TemplateRequest("", " \n ")));
        empty.Errors.Select(e => e.Field).ShouldBe(["name", "body"]);

        var updated = await templates.UpdateAsync(context, created.Id, new TemplateRequest("Soldes", "Nouveau texte"));
        updated!.Body.ShouldBe("Nouveau texte");
        updated.Title.ShouldBeNull();
        (await templates.UpdateAsync(await app.ContextAsync(other.Owner.UserId, other.WorkspaceId), created.Id, new TemplateRequest("x", "y"))).ShouldBeNull();
        (await templates.DeleteAsync(context, created.Id)).ShouldBeTrue();
        (await templates.ListAsync(context)).ShouldBeEmpty();
        (await app.CountAsync("select count(*) from audit_log where target_id = @id and action like 'template.%'", new { id = created.Id.ToString() })).ShouldBe(3);
    }

    [Fact]
    public async Task Signatures_DefaultOfAChannel_TakesThePlaceOfThePreviousOne_AndOnlyTheWorkspacesChannels()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var other = await app.CreateWorkspaceAsync();
        var channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Toots");
        var foreign = await app.AddChannelAsync(other.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Foreign");
        var context = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        var signatures = app.Get<Signatures>();

        var first = await signatures.CreateAsync(context, new SignatureRequest("Équipe", "— L’équipe Flore", channel));
        var second = await signatures.CreateAsync(context, new SignatureRequest("Camille", "— Camille", channel));

        (await signatures.FindAsync(context, first.Id))!.DefaultChannel.ShouldBeNull();
        (await signatures.FindAsync(context, second.Id))!.DefaultChannel.ShouldBe(channel);
        var refused = await Should.ThrowAsync<InputException>(() => signatures.CreateAsync(context, new SignatureRequest("Autre", "x", foreign)));
        refused.Field.ShouldBe("defaultChannel");
    }

    [Fact]
    public void Hashtags_ReadFromSpacesCommasAndHashes_OnceEach_BadWordNamed()
    {
        HashtagGroups.ParseHashtags("hashtags", ["#Soldes, hiver #soldes", "#Noël_2027"]).ShouldBe(["Soldes", "hiver", "Noël_2027"]);
        Should.Throw<InputException>(() => HashtagGroups.ParseHashtags("hashtags", ["#ok #pas-bien"])).Message.ShouldContain("'#pas-bien'");
        Should.Throw<InputException>(() => HashtagGroups.ParseHashtags("hashtags", [" , "])).Field.ShouldBe("hashtags");
        Should.Throw<InputException>(() => HashtagGroups.ParseHashtags("hashtags", [string.Join(' ', Enumerable.Range(0, 31).Select(i => $"t{i}"))]))
            .Message.ShouldContain("At most 30");
    }

    [Fact]
    public async Task Api_Crud_ErrorsNameTheField_RolesAndOtherWorkspace()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var other = await app.CreateWorkspaceAsync();
        using var owner = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        using var analyst = app.Api(await app.TokenAsync((await app.AddMemberAsync(workspace, WorkspaceRole.Analyst)).UserId, workspace.WorkspaceId));
        using var stranger = app.Api(await app.TokenAsync(other.Owner.UserId, other.WorkspaceId));
        var root = $"/api/v1/workspaces/{workspace.WorkspaceId}";

        var template = await ReadAsync(await owner.PostAsJsonAsync($"{root}/templates", new { name = "Annonce", body = "Nouveau : ", title = "Annonce" }), HttpStatusCode.Created);
        var templateId = template.GetProperty("id").GetString();
        var group = await ReadAsync(await owner.PostAsJsonAsync($"{root}/hashtag-groups", new { name = "Hiver", hashtags = new[] { "#soldes #hiver" } }),
            HttpStatusCode.Created);
        group.GetProperty("hashtags").EnumerateArray().Select(h => h.GetString()).ShouldBe(["soldes", "hiver"]);
        group.GetProperty("text").GetString().ShouldBe("#soldes #hiver");
        var signature = await ReadAsync(await owner.PostAsJsonAsync($"{root}/signatures", new { name = "Équipe", text = "— L’équipe" }), HttpStatusCode.Created);

        var bad = await ReadAsync(await owner.PostAsJsonAsync($"{root}/hashtag-groups", new { name = "", hashtags = new[] { "pas-bien" } }), HttpStatusCode.BadRequest);
        bad.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["name", "hashtags"]);
        var noBody = await ReadAsync(await owner.PutAsJsonAsync($"{root}/templates/{templateId}", new { name = "Annonce" }), HttpStatusCode.BadRequest);
        noBody.GetProperty("errors").TryGetProperty("body", out _).ShouldBeTrue();
        (await ReadAsync(await owner.GetAsync($"{root}/templates"), HttpStatusCode.OK)).GetArrayLength().ShouldBe(1);

        // Reading is for every member; writing needs WritePosts.
        (await analyst.GetAsync($"{root}/signatures")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await analyst.PostAsJsonAsync($"{root}/templates", new { name = "X", body = "Y" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await analyst.DeleteAsync($"{root}/templates/{templateId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // Another workspace's id under one's own workspace: not found, even with a body that would be refused.
        var strangerRoot = $"/api/v1/workspaces/{other.WorkspaceId}";
        (await stranger.PutAsJsonAsync($"{strangerRoot}/templates/{templateId}", new { name = "" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"{strangerRoot}/signatures/{signature.GetProperty("id").GetString()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.DeleteAsync($"{strangerRoot}/hashtag-groups/{group.GetProperty("id").GetString()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await owner.DeleteAsync($"{root}/templates/{templateId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await owner.GetAsync($"{root}/templates/{templateId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Page_EmptyInBothLanguages_AddsWithErrorsBesideTheField_AndTheComposerOffersThem()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Toots");
        using var browser = await app.SignedInAsync(workspace.Owner);
        var url = $"/w/{workspace.WorkspaceId}/templates";
        var page = await browser.GetStringAsync(url);
        page.ShouldContain("No template yet.");
        page.ShouldContain("No signature yet.");
        page.ShouldContain("No hashtag group yet.");

        using var refused = await browser.PostAsync(url + "?handler=HashtagGroup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["NewGroup.Name"] = "Hiver", ["NewGroup.Hashtags"] = "#soldes #pas-bien", ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(page),
        }));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await refused.Content.ReadAsStringAsync();
        again.ShouldContain("id=\"hashtags-hashtags-error\"");
        again.ShouldContain("value=\"#soldes #pas-bien\"");
        foreach (var (handler, fields) in new[]
        {
            ("HashtagGroup", new Dictionary<string, string> { ["NewGroup.Name"] = "Hiver", ["NewGroup.Hashtags"] = "#soldes #hiver" }),
            ("Template", new Dictionary<string, string> { ["NewTemplate.Name"] = "Annonce", ["NewTemplate.Body"] = "Nouveau chez Flore :" }),
            ("Signature", new Dictionary<string, string> { ["NewSignature.Name"] = "Équipe", ["NewSignature.Text"] = "— L’équipe", ["NewSignature.DefaultChannel"] = channel.ToString() }),
        })
        {
            fields["__RequestVerificationToken"] = ChorusFactory.Antiforgery(page);
            using var added = await browser.PostAsync(url + "?handler=" + handler, new FormUrlEncodedContent(fields));
            added.StatusCode.ShouldBe(HttpStatusCode.Redirect, handler);
        }
        var listed = await browser.GetStringAsync(url);
        listed.ShouldContain("#soldes #hiver");
        listed.ShouldContain("Nouveau chez Flore :");
        listed.ShouldContain("Toots");

        // The composer offers each in its menus, the channel's default signature marked.
        var context = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        var postId = await app.Get<Chorus.Publishing.PublishingService>().CreateAsync(context, new Chorus.Publishing.CreatePostRequest([channel], "Bonjour"));
        var editor = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/posts/{postId}/edit");
        editor.ShouldContain("data-insert=\"template\" data-text=\"Nouveau chez Flore :\"");
        editor.ShouldContain("data-insert=\"hashtags\" data-text=\"#soldes #hiver\"");
        editor.ShouldContain("(this channel");

        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        var french = await browser.GetStringAsync(url);
        french.ShouldContain("Groupes de hashtags");
        french.ShouldContain("Nouveau mod");
    }

    [Fact]
    public async Task Page_ByAMemberWhoMayNotWritePosts_ListsWithoutFormsAndRefusesAPost()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var analyst = await app.AddMemberAsync(workspace, WorkspaceRole.Analyst);
        using var browser = await app.SignedInAsync(analyst);
        var url = $"/w/{workspace.WorkspaceId}/templates";
        var page = await browser.GetStringAsync(url);
        page.ShouldContain("Templates written by your team will be listed here.");
        page.ShouldNotContain("handler=Template");

        using var refused = await browser.PostAsync(url + "?handler=Template", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["NewTemplate.Name"] = "X", ["NewTemplate.Body"] = "Y", ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(page),
        }));
        refused.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        (await app.CountAsync("select count(*) from post_templates where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }

    [Fact]
    public async Task Commands_AddListRemove_Json_BadInputExits2NamingTheField()
    {
        var workspace = await app.CreateWorkspaceAsync("Cli");
        var email = workspace.Owner.Email;
        var ws = workspace.WorkspaceId.ToString();

        var (exit, created, _) = await RunAsync(TemplateCommand.RunAsync, "add", "--workspace", ws, "--as", email, "--name", "Annonce", "--text", "Nouveau :", "--title", "Annonce");
        exit.ShouldBe(0);
        var templateId = Guid.Parse(created.Trim());
        var (_, list, _) = await RunAsync(TemplateCommand.RunAsync, "list", "--workspace", ws, "--as", email, "--json");
        JsonDocument.Parse(list).RootElement[0].GetProperty("title").GetString().ShouldBe("Annonce");
        (await RunAsync(TemplateCommand.RunAsync, "remove", templateId.ToString(), "--workspace", ws, "--as", email)).Exit.ShouldBe(0);
        var (missingExit, _, missing) = await RunAsync(TemplateCommand.RunAsync, "remove", templateId.ToString(), "--workspace", ws, "--as", email);
        missingExit.ShouldBe(2);
        missing.ShouldContain("ID");

        (await RunAsync(SignatureCommand.RunAsync, "add", "--workspace", ws, "--as", email, "--name", "Équipe", "--text", "— L’équipe")).Exit.ShouldBe(0);
        var (_, signatures, _) = await RunAsync(SignatureCommand.RunAsync, "list", "--workspace", ws, "--as", email);
        signatures.ShouldContain("\tÉquipe\t\t— L’équipe");

        (await RunAsync(HashtagsCommand.RunAsync, "add", "--workspace", ws, "--as", email, "--name", "Hiver", "--tags", "#soldes, hiver")).Exit.ShouldBe(0);
        var (_, groups, _) = await RunAsync(HashtagsCommand.RunAsync, "list", "--workspace", ws, "--as", email, "--json");
        JsonDocument.Parse(groups).RootElement[0].GetProperty("text").GetString().ShouldBe("#soldes #hiver");
        var (badExit, _, badError) = await RunAsync(HashtagsCommand.RunAsync, "add", "--workspace", ws, "--as", email, "--name", "X", "--tags", "#pas-bien");
        badExit.ShouldBe(2);
        badError.ShouldContain("hashtags");

        var analyst = await app.AddMemberAsync(workspace, WorkspaceRole.Analyst);
        var (refusedExit, _, refused) = await RunAsync(TemplateCommand.RunAsync, "add", "--workspace", ws, "--as", analyst.Email, "--name", "X", "--text", "Y");
        refusedExit.ShouldBe(2);
        refused.ShouldContain("WritePosts");
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(
        Func<string[], TextWriter, TextWriter, Action<IHostApplicationBuilder>?, Task<int>> command, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await command(args, output, error, builder => builder.Configuration["CHORUS_DATABASE"] = app.ConnectionString);
        return (exit, output.ToString(), error.ToString());
    }
}
