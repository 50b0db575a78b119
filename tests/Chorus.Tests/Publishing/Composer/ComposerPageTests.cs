using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Publishing;
using Chorus.Tests.Media;
using Chorus.Tests.Support;
using Dapper;
using Npgsql;

namespace Chorus.Tests.Publishing.Composer;

/// <summary>The composer's pages as a browser without script uses them (plain forms), and the two handlers its script
/// calls (Check, Autosave); in both languages; against PostgreSQL, calling no network.</summary>
public sealed class ComposerPageTests(PublishingFactory app) : IClassFixture<PublishingFactory>, IAsyncLifetime
{
    private static readonly Uri Instance = new("http://127.0.0.1:9/");
    private ChorusFactory.WorkspaceWithOwner _workspace = null!;
    private HttpClient _browser = null!;
    private Guid _bluesky;
    private Guid _wordpress;

    public async Task InitializeAsync()
    {
        _workspace = await app.CreateWorkspaceAsync();
        _browser = await app.SignedInAsync(_workspace.Owner);
        _bluesky = await app.AddChannelAsync(_workspace.WorkspaceId, "bluesky", Instance, """{"identifier":"brand.test","appPassword":"abcd-efgh-ijkl-mnop"}""", "Brand sky");
        _wordpress = await app.AddChannelAsync(_workspace.WorkspaceId, "wordpress", Instance, """{"userName":"editor","applicationPassword":"abcd abcd abcd abcd"}""", "Brand blog");
    }

    public Task DisposeAsync()
    {
        _browser.Dispose();
        return Task.CompletedTask;
    }

    private string Posts => $"/w/{_workspace.WorkspaceId}/posts";

    /// <summary>Writes a post for Bluesky then WordPress through the first step's form; the editor's address.</summary>
    private async Task<(Guid PostId, string Editor)> WriteAsync(string text)
    {
        var form = await _browser.GetStringAsync($"{Posts}/new");
        using var response = await _browser.PostAsync($"{Posts}/new", new FormUrlEncodedContent(new List<KeyValuePair<string, string>>
        {
            new("SelectedChannels", _bluesky.ToString()), new("SelectedChannels", _wordpress.ToString()), new("Text", text),
            new("__RequestVerificationToken", ChorusFactory.Antiforgery(form)),
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var editor = response.Headers.Location!.OriginalString;
        editor.ShouldEndWith("/edit");
        return (Guid.Parse(editor.Split('/')[^2]), editor);
    }

    private async Task<List<(Guid Id, string Network, string Text, string? Title, string? Link, string Status)>> VariantsAsync(Guid postId)
    {
        await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        return (await connection.QueryAsync<(Guid, string, string, string?, string?, string)>(
            "select id, network, text, title, link, status from post_variants where post_id = @postId order by id", new { postId })).ToList();
    }

    /// <summary>The place of the network's variant in the editor (the post's order, by variant id).</summary>
    private async Task<int> IndexAsync(Guid postId, string network) => (await VariantsAsync(postId)).FindIndex(v => v.Network == network);

    /// <summary>The editor's form as the browser sends it: every variant's fields, with changes on top.</summary>
    private async Task<List<KeyValuePair<string, string>>> EditorFormAsync(string editor, Guid postId, params (string Name, string Value)[] changes)
    {
        var html = await _browser.GetStringAsync(editor);
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", ChorusFactory.Antiforgery(html)) };
        var variants = await VariantsAsync(postId);
        for (var i = 0; i < variants.Count; i++)
        {
            fields.Add(new($"Variants[{i}].Id", variants[i].Id.ToString()));
            fields.Add(new($"Variants[{i}].Text", variants[i].Text));
            fields.Add(new($"Variants[{i}].Title", variants[i].Title ?? ""));
            fields.Add(new($"Variants[{i}].Link", variants[i].Link ?? ""));
        }
        foreach (var (name, value) in changes)
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }
        return fields;
    }

    [Fact]
    public async Task New_NoChannelThatPublishes_EmptyStateLinksToTheChannels()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);

        var html = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/posts/new");

        html.ShouldContain("No channel can publish yet.");
        html.ShouldContain($"href=\"/w/{workspace.WorkspaceId}/channels\"");
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        (await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/posts/new")).ShouldContain("Aucun canal ne peut encore publier.");
    }

    [Fact]
    public async Task New_NoChannelChosen_ErrorBesideTheChannelsAndNothingWritten()
    {
        var form = await _browser.GetStringAsync($"{Posts}/new");
        var before = await app.CountAsync("select count(*) from posts where workspace_id = @id", new { id = _workspace.WorkspaceId });

        using var response = await _browser.PostAsync($"{Posts}/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Text"] = "Sans canal", ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(form),
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        page.ShouldContain("id=\"channels-error\"");
        page.ShouldContain("Sans canal");
        (await app.CountAsync("select count(*) from posts where workspace_id = @id", new { id = _workspace.WorkspaceId })).ShouldBe(before);
    }

    [Fact]
    public async Task Editor_EachVariant_CounterPreviewEscapedAndTheTitleProblemBesideIt()
    {
        var (postId, editor) = await WriteAsync("<script>alert(1)</script>\nDeuxième ligne https://cafe.example/menu");
        var sky = await IndexAsync(postId, "bluesky");
        var blog = await IndexAsync(postId, "wordpress");

        var html = await _browser.GetStringAsync(editor);

        html.ShouldNotContain("<script>alert(1)");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        // Bluesky counts the text as written, its link too: 25 + 1 + 15 + 25 graphemes.
        html.ShouldContain($"id=\"v{sky}-count-text\" class=\"counter\" data-live>66 / 300<");
        html.ShouldContain($"id=\"v{sky}-preview\"");
        html.ShouldContain("Brand sky@127.0.0.1:9");
        html.ShouldContain("class=\"link-card\"");
        // WordPress: the title's problem in the title's own place.
        var titleProblems = html[html.IndexOf($"id=\"v{blog}-problems-title\"", StringComparison.Ordinal)..];
        titleProblems[..titleProblems.IndexOf("</div>", StringComparison.Ordinal)].ShouldContain("A title is required on this network.");
        _browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        try
        {
            WebUtility.HtmlDecode(await _browser.GetStringAsync(editor)).ShouldContain("Un titre est obligatoire sur ce réseau.");
        }
        finally
        {
            _browser.DefaultRequestHeaders.AcceptLanguage.Clear();
        }
    }

    [Fact]
    public async Task Check_TypedButNotSaved_CountersProblemsAndPreviewToSwapIn()
    {
        var (postId, editor) = await WriteAsync("Court");
        var sky = await IndexAsync(postId, "bluesky");
        var blog = await IndexAsync(postId, "wordpress");
        var form = await EditorFormAsync(editor, postId, ($"Variants[{sky}].Text", new string('x', 301)), ($"Variants[{sky}].ThreadParts[0]", "La suite"),
            ($"Variants[{blog}].Title", "Carte d’hiver"));

        using var response = await _browser.PostAsync($"{editor}?handler=Check", new FormUrlEncodedContent(form));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var fragment = await response.Content.ReadAsStringAsync();
        fragment.ShouldContain($"id=\"v{sky}-count-text\" class=\"counter over\" data-live>301 / 300");
        fragment.ShouldContain("301 characters; this network allows 300.");
        fragment.ShouldContain($"id=\"v{sky}-count-threadParts-0\" class=\"counter\" data-live>8 / 300");
        fragment.ShouldNotContain("A title is required");
        fragment.ShouldContain("Carte d&#x2019;hiver");
        (await VariantsAsync(postId))[sky].Text.ShouldBe("Court");
    }

    [Fact]
    public async Task Channels_RemovedThenAddedBack_WhatWasTypedIsSavedFirstAndTheNewVariantCopiesIt()
    {
        var (postId, editor) = await WriteAsync("Premier jet");
        var sky = await IndexAsync(postId, "bluesky");
        var blogVariant = (await VariantsAsync(postId)).Single(v => v.Network == "wordpress").Id;

        var remove = await EditorFormAsync(editor, postId, ($"Variants[{sky}].Text", "Tapé avant de retirer"), ("RemoveVariant", blogVariant.ToString()));
        using var removed = await _browser.PostAsync($"{editor}?handler=RemoveChannel", new FormUrlEncodedContent(remove));

        removed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await removed.Content.ReadAsStringAsync());
        (await VariantsAsync(postId)).Select(v => (v.Network, v.Text)).ShouldBe([("bluesky", "Tapé avant de retirer")]);
        var page = await _browser.GetStringAsync(editor);
        page.ShouldContain("Channels of this post");
        page.ShouldContain($"<option value=\"{_wordpress}\">Brand blog</option>");
        page.ShouldNotContain("name=\"RemoveVariant\""); // the last channel cannot go

        var add = await EditorFormAsync(editor, postId, ("Variants[0].Text", "Tapé avant d’ajouter"), ("AddChannel", _wordpress.ToString()));
        using var added = await _browser.PostAsync($"{editor}?handler=AddChannel", new FormUrlEncodedContent(add));

        added.StatusCode.ShouldBe(HttpStatusCode.Redirect, await added.Content.ReadAsStringAsync());
        (await VariantsAsync(postId)).Select(v => (v.Network, v.Text)).ShouldBe([("bluesky", "Tapé avant d’ajouter"), ("wordpress", "Tapé avant d’ajouter")]);
        _browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        try
        {
            (await _browser.GetStringAsync(editor)).ShouldContain("Canaux de cette publication");
        }
        finally
        {
            _browser.DefaultRequestHeaders.AcceptLanguage.Clear();
        }
    }

    [Fact]
    public async Task Autosave_Changed_SavedAndAnEmptyTextRefusedKeepingWhatWasSaved()
    {
        var (postId, editor) = await WriteAsync("Premier jet");
        var sky = await IndexAsync(postId, "bluesky");

        using var saved = await _browser.PostAsync($"{editor}?handler=Autosave",
            new FormUrlEncodedContent(await EditorFormAsync(editor, postId, ($"Variants[{sky}].Text", "Deuxième jet"))));
        using var refused = await _browser.PostAsync($"{editor}?handler=Autosave",
            new FormUrlEncodedContent(await EditorFormAsync(editor, postId, ($"Variants[{sky}].Text", "  "))));

        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        JsonDocument.Parse(await saved.Content.ReadAsStringAsync()).RootElement.GetProperty("savedAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString().ShouldStartWith("Not saved:");
        (await VariantsAsync(postId))[sky].Text.ShouldBe("Deuxième jet");
    }

    [Fact]
    public async Task Submit_WithoutScript_RefusedBesideTheTitleThenSubmittedOnceGiven()
    {
        // One approval step: a submitted post waits in review (the engine is not involved).
        using var owner = app.Api(await app.TokenAsync(_workspace.Owner.UserId, _workspace.WorkspaceId));
        (await owner.PutAsJsonAsync($"/api/v1/workspaces/{_workspace.WorkspaceId}/approval-policy", new { steps = new[] { "Admin" } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var (postId, editor) = await WriteAsync("Notre carte d’hiver");
        var blog = await IndexAsync(postId, "wordpress");

        using var refused = await _browser.PostAsync($"{editor}?handler=Submit", new FormUrlEncodedContent(await EditorFormAsync(editor, postId)));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await refused.Content.ReadAsStringAsync();
        page.ShouldContain($"href=\"#v{blog}-problems-title\"");
        page.ShouldContain("Brand blog: A title is required on this network.");
        (await VariantsAsync(postId)).ShouldAllBe(v => v.Status == VariantStatus.Draft);

        using var submitted = await _browser.PostAsync($"{editor}?handler=Submit",
            new FormUrlEncodedContent(await EditorFormAsync(editor, postId, ($"Variants[{blog}].Title", "Carte d’hiver"))));
        submitted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await submitted.Content.ReadAsStringAsync());
        (await VariantsAsync(postId)).ShouldAllBe(v => v.Status == VariantStatus.InReview);
        (await VariantsAsync(postId))[blog].Title.ShouldBe("Carte d’hiver");
    }

    [Fact]
    public async Task Save_CampaignTagsAdded_LinkSavedWithThem()
    {
        var (postId, editor) = await WriteAsync("Nouvelle carte");
        var sky = await IndexAsync(postId, "bluesky");
        var form = await EditorFormAsync(editor, postId, ($"Variants[{sky}].Link", "https://cafe.example/carte"), ($"Variants[{sky}].UtmSource", "bluesky"),
            ($"Variants[{sky}].UtmMedium", "social"), ($"Variants[{sky}].UtmCampaign", "hiver"), ("ApplyUtm", sky.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        using var response = await _browser.PostAsync(editor, new FormUrlEncodedContent(form));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        (await VariantsAsync(postId))[sky].Link.ShouldBe("https://cafe.example/carte?utm_source=bluesky&utm_medium=social&utm_campaign=hiver");
        (await VariantsAsync(postId))[1 - sky].Link.ShouldBeNull();
    }

    [Fact]
    public async Task Save_ImageUploadedOnAVariant_InTheLibraryAttachedAndPreviewed()
    {
        var (postId, editor) = await WriteAsync("Avec une photo");
        var sky = await IndexAsync(postId, "bluesky");
        using var form = new MultipartFormDataContent();
        foreach (var field in await EditorFormAsync(editor, postId)) form.Add(new StringContent(field.Value), field.Key);
        var file = new ByteArrayContent(TestImages.Png(400, 300));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, $"Variants[{sky}].Upload", "terrasse.png");
        form.Add(new StringContent("La terrasse au soleil"), $"Variants[{sky}].UploadAltText");

        using var response = await _browser.PostAsync(editor, form);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var variant = (await VariantsAsync(postId))[sky].Id;
        (await app.CountAsync("select count(*) from post_variant_media vm join media m on m.id = vm.media_id where vm.variant_id = @variant and m.alt_text = 'La terrasse au soleil'",
            new { variant })).ShouldBe(1);
        var html = await _browser.GetStringAsync(editor);
        html.ShouldContain("alt=\"La terrasse au soleil\"");
        html.ShouldContain("/thumbnail\"");
    }
}
