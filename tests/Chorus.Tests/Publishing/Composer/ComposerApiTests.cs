using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Publishing;
using Chorus.Tests.Media;
using Chorus.Tests.Support;

namespace Chorus.Tests.Publishing.Composer;

/// <summary>The composer's API against PostgreSQL: the live check (each network's count, the charter's findings with
/// their place), a variant's images (kept, in order, with their alt text; a used image cannot be deleted), and submit
/// refusing what a network or a blocking charter rule refuses. No network is called.</summary>
public sealed class ComposerApiTests(PublishingFactory app) : IClassFixture<PublishingFactory>, IAsyncLifetime
{
    private static readonly Uri Instance = new("http://127.0.0.1:9/");
    private ChorusFactory.WorkspaceWithOwner _workspace = null!;
    private HttpClient _owner = null!;
    private Guid _bluesky;
    private Guid _mastodon;
    private Guid _wordpress;

    public async Task InitializeAsync()
    {
        _workspace = await app.CreateWorkspaceAsync();
        _owner = app.Api(await app.TokenAsync(_workspace.Owner.UserId, _workspace.WorkspaceId));
        _bluesky = await app.AddChannelAsync(_workspace.WorkspaceId, "bluesky", Instance, """{"identifier":"brand.test","appPassword":"abcd-efgh-ijkl-mnop"}""", "Brand sky");
        _mastodon = await app.AddChannelAsync(_workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Brand toots");
        _wordpress = await app.AddChannelAsync(_workspace.WorkspaceId, "wordpress", Instance, """{"userName":"editor","applicationPassword":"abcd abcd abcd abcd"}""", "Brand blog");
    }

    public Task DisposeAsync()
    {
        _owner.Dispose();
        return Task.CompletedTask;
    }

    private string Workspace => $"/api/v1/workspaces/{_workspace.WorkspaceId}";

    private async Task<JsonElement> CheckAsync(object body)
    {
        using var response = await _owner.PostAsJsonAsync($"{Workspace}/posts/check", body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static JsonElement Variant(JsonElement answer, Guid channel) =>
        answer.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("channelId").GetGuid() == channel);

    private static int Count(JsonElement variant, string field) =>
        variant.GetProperty("counts").EnumerateArray().Single(c => c.GetProperty("field").GetString() == field).GetProperty("length").GetInt32();

    private static List<string> ProblemFields(JsonElement variant) =>
        [.. variant.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()!)];

    private async Task<Post> CreateAsync(object body)
    {
        using var response = await _owner.PostAsJsonAsync($"{Workspace}/posts", body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Post>(PublishingWorkflowTests.Json))!;
    }

    private async Task<Guid> UploadAsync(byte[] image, string name, string? altText = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        if (altText is not null) form.Add(new StringContent(altText), "altText");
        using var response = await _owner.PostAsync($"{Workspace}/media", form);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<Dictionary<string, string>> ErrorsAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => string.Join(" ", e.Value.EnumerateArray().Select(v => v.GetString())));
    }

    [Fact]
    public async Task Check_SameTextOnThreeNetworks_EachCountsItsWay()
    {
        // 290 letters with a combining accent (each one grapheme, two UTF-16 units) and a 60-character link.
        var text = string.Concat(Enumerable.Repeat("e\u0301", 290)) + " https://cafe.example/" + new string('a', 39);

        var answer = await CheckAsync(new
        {
            variants = new object[]
            {
                new { channelId = _bluesky, text },
                new { channelId = _mastodon, text },
                new { channelId = _wordpress, text },
            },
        });

        var bluesky = Variant(answer, _bluesky);
        Count(bluesky, "text").ShouldBe(290 + 1 + 60);
        ProblemFields(bluesky).ShouldContain("text");
        var over = bluesky.GetProperty("problems").EnumerateArray().First(p => p.GetProperty("field").GetString() == "text");
        over.GetProperty("limit").GetInt64().ShouldBe(300);
        // Where it goes over: the 301st grapheme, in UTF-16 units.
        over.GetProperty("start").GetInt32().ShouldBe(290 * 2 + 1 + 9);
        var mastodon = Variant(answer, _mastodon);
        // Mastodon counts every link as 23, whatever its length.
        Count(mastodon, "text").ShouldBe(290 + 1 + 23);
        ProblemFields(mastodon).ShouldBeEmpty();
        var wordpress = Variant(answer, _wordpress);
        ProblemFields(wordpress).ShouldBe(["title"]);
    }

    [Fact]
    public async Task Check_ThreadPartsAndFirstComment_CountedUnderTheirOwnFields()
    {
        var answer = await CheckAsync(new
        {
            variants = new object[] { new { channelId = _bluesky, text = "Le fil", threadParts = new[] { "", new string('x', 301) }, firstComment = "Le lien : https://cafe.example" } },
        });

        var bluesky = Variant(answer, _bluesky);
        Count(bluesky, "threadParts[1]").ShouldBe(301);
        Count(bluesky, "firstComment").ShouldBe(30);
        ProblemFields(bluesky).ShouldBe(["threadParts[0]", "threadParts[1]"]);
    }

    [Fact]
    public async Task Check_CharterBannedTermInTextAndPart_NamedWithItsPlace()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var owner = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Toots");
        (await owner.PutAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/charter", new
        {
            toneNotes = "Tutoyer, jamais de majuscules criées.",
            bannedTerms = new[] { new { term = "arnaque", severity = "Blocking" } },
            requiredMentions = new[] { new { text = "#partenariat" } },
            breachBlocksApproval = true,
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var response = await owner.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/posts/check", new
        {
            variants = new[] { new { channelId = channel, text = "Ce n’est pas de l’arnaque", threadParts = new[] { "Vraiment pas une ARNAQUE" } } },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        answer.GetProperty("toneNotes").GetString().ShouldBe("Tutoyer, jamais de majuscules criées.");
        var findings = answer.GetProperty("variants")[0].GetProperty("findings").EnumerateArray().ToList();
        var inText = findings.Single(f => f.GetProperty("rule").GetString() == "BannedTerm" && f.GetProperty("field").GetString() == "text");
        inText.GetProperty("start").GetInt32().ShouldBe("Ce n’est pas de l’".Length);
        inText.GetProperty("severity").GetString().ShouldBe("Blocking");
        var inPart = findings.Single(f => f.GetProperty("rule").GetString() == "BannedTerm" && f.GetProperty("field").GetString() == "threadParts[0]");
        inPart.GetProperty("start").GetInt32().ShouldBe("Vraiment pas une ".Length);
        findings.ShouldContain(f => f.GetProperty("rule").GetString() == "RequiredMention" && f.GetProperty("term").GetString() == "#partenariat");
        answer.GetProperty("variants")[0].GetProperty("blocksSubmit").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Check_AsAClientApprover_403()
    {
        var approver = await app.AddMemberAsync(_workspace, WorkspaceRole.ClientApprover);
        using var client = app.Api(await app.TokenAsync(approver.UserId, _workspace.WorkspaceId));

        using var response = await client.PostAsJsonAsync($"{Workspace}/posts/check", new { variants = new[] { new { channelId = _bluesky, text = "x" } } });

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Check_ChannelOfAnotherWorkspace_400NamingTheVariant()
    {
        var other = await app.CreateWorkspaceAsync();
        var theirs = await app.AddChannelAsync(other.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Theirs");

        using var response = await _owner.PostAsJsonAsync($"{Workspace}/posts/check", new { variants = new[] { new { channelId = theirs, text = "x" } } });

        (await ErrorsAsync(response)).Keys.ShouldBe(["variants[0].channelId"]);
    }

    [Fact]
    public async Task AddChannel_ToADraft_CopiesTheFirstDraftWithItsImagesAndCarriesThreadsOnlyWhereTheNetworkHasThem()
    {
        var terrace = await UploadAsync(TestImages.Png(640, 360), "terrasse.png", "La terrasse");
        var post = await CreateAsync(new { channels = new[] { _bluesky }, text = "Ouverture samedi", link = "https://cafe.example/",
            language = "fr", threadParts = new[] { "Suite du fil" }, firstComment = "Réservez !" });
        var source = post.Variants.Single().Id;
        (await _owner.PutAsJsonAsync($"{Workspace}/posts/{post.Id}/variants/{source}/media",
            new { media = new object[] { new { mediaId = terrace, altText = "Notre terrasse" } } })).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var toBlog = await _owner.PostAsJsonAsync($"{Workspace}/posts/{post.Id}/variants", new { channel = _wordpress });
        toBlog.StatusCode.ShouldBe(HttpStatusCode.OK, await toBlog.Content.ReadAsStringAsync());
        using var toToots = await _owner.PostAsJsonAsync($"{Workspace}/posts/{post.Id}/variants", new { channel = _mastodon });
        var after = (await toToots.Content.ReadFromJsonAsync<Post>(PublishingWorkflowTests.Json))!;

        after.Variants.Count.ShouldBe(3);
        var blog = after.Variants.Single(v => v.ChannelId == _wordpress);
        (blog.Status, blog.Text, blog.Link, blog.Language).ShouldBe((VariantStatus.Draft, "Ouverture samedi", "https://cafe.example/", "fr"));
        blog.ThreadParts.ShouldBeEmpty();
        blog.FirstComment.ShouldBeNull();
        var toots = after.Variants.Single(v => v.ChannelId == _mastodon);
        toots.ThreadParts.ShouldBe(["Suite du fil"]);
        toots.FirstComment.ShouldBe("Réservez !");
        var media = JsonDocument.Parse(await _owner.GetStringAsync($"{Workspace}/posts/{post.Id}/variants/{toots.Id}/media")).RootElement.EnumerateArray().Single();
        (media.GetProperty("mediaId").GetGuid(), media.GetProperty("altText").GetString()).ShouldBe((terrace, "Notre terrasse"));
        (await app.CountAsync("select count(*) from audit_log where target_id = @id and action = 'post.channel_added'", new { id = post.Id.ToString() })).ShouldBe(2);
    }

    [Fact]
    public async Task AddChannel_MissingTwiceOrOfAnotherWorkspace_400OnTheChannelAndInReview_409()
    {
        var other = await app.CreateWorkspaceAsync("Other");
        var foreign = await app.AddChannelAsync(other.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Their toots");
        var post = await CreateAsync(new { channels = new[] { _bluesky }, text = "Un seul canal" });
        var url = $"{Workspace}/posts/{post.Id}/variants";

        (await ErrorsAsync(await _owner.PostAsJsonAsync(url, new { }))).Keys.ShouldBe(["channel"]);
        (await ErrorsAsync(await _owner.PostAsJsonAsync(url, new { channel = _bluesky })))["channel"].ShouldContain("already has a variant");
        (await ErrorsAsync(await _owner.PostAsJsonAsync(url, new { channel = foreign })))["channel"].ShouldContain("not a channel of this workspace");
        (await _owner.PostAsJsonAsync($"{Workspace}/posts/{Guid.NewGuid()}/variants", new { channel = _mastodon })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using (var policy = await _owner.PutAsJsonAsync($"{Workspace}/approval-policy", new { steps = new[] { "Admin" } })) policy.EnsureSuccessStatusCode();
        try
        {
            (await _owner.PostAsync($"{Workspace}/posts/{post.Id}/submit", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await _owner.PostAsJsonAsync(url, new { channel = _mastodon })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        }
        finally
        {
            (await _owner.PutAsJsonAsync($"{Workspace}/approval-policy", new { steps = Array.Empty<string>() })).EnsureSuccessStatusCode();
        }
        (await app.CountAsync("select count(*) from post_variants where post_id = @id", new { id = post.Id })).ShouldBe(1);
    }

    [Fact]
    public async Task RemoveChannel_ADraft_GoneButNotTheLastAndNotAnotherPostsVariant()
    {
        var post = await CreateAsync(new { channels = new[] { _bluesky, _mastodon }, text = "Deux canaux" });
        var other = await CreateAsync(new { channels = new[] { _bluesky }, text = "Une autre" });
        var toots = post.Variants.Single(v => v.ChannelId == _mastodon).Id;
        var sky = post.Variants.Single(v => v.ChannelId == _bluesky).Id;

        (await _owner.DeleteAsync($"{Workspace}/posts/{other.Id}/variants/{toots}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var removed = await _owner.DeleteAsync($"{Workspace}/posts/{post.Id}/variants/{toots}");
        removed.StatusCode.ShouldBe(HttpStatusCode.OK, await removed.Content.ReadAsStringAsync());
        (await removed.Content.ReadFromJsonAsync<Post>(PublishingWorkflowTests.Json))!.Variants.Select(v => v.Id).ShouldBe([sky]);
        (await _owner.DeleteAsync($"{Workspace}/posts/{post.Id}/variants/{sky}")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.CountAsync("select count(*) from audit_log where target_id = @id and action = 'post.channel_removed'", new { id = post.Id.ToString() })).ShouldBe(1);
    }

    [Fact]
    public async Task Media_SetOnADraft_KeptInOrderWithAltTextAndTheImageCannotBeDeleted()
    {
        var terrace = await UploadAsync(TestImages.Png(640, 360), "terrasse.png", "La terrasse");
        var menu = await UploadAsync(TestImages.Jpeg(300, 300), "menu.jpg");
        var post = await CreateAsync(new { channels = new[] { _bluesky }, text = "Deux images" });
        var variant = post.Variants.Single().Id;
        var url = $"{Workspace}/posts/{post.Id}/variants/{variant}/media";

        using var set = await _owner.PutAsJsonAsync(url, new { media = new object[] { new { mediaId = menu, altText = "La carte du jour" }, new { mediaId = terrace } } });
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        var read = JsonDocument.Parse(await _owner.GetStringAsync(url)).RootElement.EnumerateArray().ToList();
        read.Select(m => m.GetProperty("mediaId").GetGuid()).ShouldBe([menu, terrace]);
        read.Select(m => m.GetProperty("effectiveAltText").GetString()).ShouldBe(["La carte du jour", "La terrasse"]);

        using var delete = await _owner.DeleteAsync($"{Workspace}/media/{terrace}");
        delete.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.CountAsync("select count(*) from media where id = @terrace", new { terrace })).ShouldBe(1);
        (await app.CountAsync("select count(*) from audit_log where target_id = @id and action = 'post.media_changed'", new { id = post.Id.ToString() })).ShouldBe(1);

        // Taken off the variant, it can go.
        (await _owner.PutAsJsonAsync(url, new { media = new object[] { new { mediaId = menu } } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _owner.DeleteAsync($"{Workspace}/media/{terrace}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Media_ItemOfAnotherWorkspaceOrVariantOfAnother_RefusedOrNotFound()
    {
        var other = await app.CreateWorkspaceAsync();
        using var otherOwner = app.Api(await app.TokenAsync(other.Owner.UserId, other.WorkspaceId));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png(50, 50)), "file", "theirs.png" } };
        using var uploaded = await otherOwner.PostAsync($"/api/v1/workspaces/{other.WorkspaceId}/media", form);
        var theirImage = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        var post = await CreateAsync(new { channels = new[] { _mastodon }, text = "Une image d’ailleurs" });
        var url = $"{Workspace}/posts/{post.Id}/variants/{post.Variants.Single().Id}/media";

        using var refused = await _owner.PutAsJsonAsync(url, new { media = new[] { new { mediaId = theirImage } } });
        using var notOurs = await otherOwner.PutAsJsonAsync($"/api/v1/workspaces/{other.WorkspaceId}/posts/{post.Id}/variants/{post.Variants.Single().Id}/media",
            new { media = Array.Empty<object>() });

        (await ErrorsAsync(refused)).Keys.ShouldBe(["media[0]"]);
        notOurs.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CountAsync("select count(*) from post_variant_media where variant_id = @id", new { id = post.Variants.Single().Id })).ShouldBe(0);
    }

    [Fact]
    public async Task Submit_ImageWithoutAltTextWhenRequired_400OnItsAltTextThenScheduledOnceDescribed()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var owner = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Toots");
        (await owner.PutAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/media-settings", new { altTextRequired = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png(120, 80)), "file", "sans-texte.png" } };
        using var uploaded = await owner.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/media", form);
        var image = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        using var created = await owner.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/posts",
            new { channels = new[] { channel }, text = "Avec une image", scheduledAt = DateTimeOffset.UtcNow.AddHours(1) });
        var post = (await created.Content.ReadFromJsonAsync<Post>(PublishingWorkflowTests.Json))!;
        var url = $"/api/v1/workspaces/{workspace.WorkspaceId}/posts/{post.Id}/variants/{post.Variants.Single().Id}/media";
        (await owner.PutAsJsonAsync(url, new { media = new[] { new { mediaId = image } } })).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var refused = await owner.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/posts/{post.Id}/submit", null);
        var errors = await ErrorsAsync(refused);
        errors.Keys.ShouldBe(["media[0].altText"]);
        errors["media[0].altText"].ShouldStartWith("Toots: ");

        (await owner.PutAsJsonAsync(url, new { media = new[] { new { mediaId = image, altText = "Un rectangle" } } })).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var submitted = await owner.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/posts/{post.Id}/submit", null);
        submitted.StatusCode.ShouldBe(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        (await submitted.Content.ReadFromJsonAsync<Post>(PublishingWorkflowTests.Json))!.Status.ShouldBe(VariantStatus.Scheduled);
    }

    [Fact]
    public async Task Submit_BlockingCharterBreach_400NamingTermThenAWarningDoesNotStopIt()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var owner = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Toots");
        var charter = $"/api/v1/workspaces/{workspace.WorkspaceId}/charter";
        (await owner.PutAsJsonAsync(charter, new { bannedTerms = new[] { new { term = "arnaque", severity = "Blocking" } }, breachBlocksApproval = true }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        using var created = await owner.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/posts",
            new { channels = new[] { channel }, text = "Tout sauf une arnaque", threadParts = new[] { "L’ARNAQUE du siècle" }, scheduledAt = DateTimeOffset.UtcNow.AddHours(1) });
        var post = (await created.Content.ReadFromJsonAsync<Post>(PublishingWorkflowTests.Json))!;

        using var refused = await owner.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/posts/{post.Id}/submit", null);
        var errors = await ErrorsAsync(refused);
        errors.Keys.ShouldBe(["text", "threadParts[0]"], ignoreOrder: true);
        errors["text"].ShouldContain("arnaque");
        (await app.CountAsync("select count(*) from post_variants where post_id = @id and status = 'draft'", new { id = post.Id })).ShouldBe(1);

        // The same term as a warning: shown by the check, not in the way.
        (await owner.PutAsJsonAsync(charter, new { bannedTerms = new[] { new { term = "arnaque", severity = "Warning" } }, breachBlocksApproval = true }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        using var submitted = await owner.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/posts/{post.Id}/submit", null);
        submitted.StatusCode.ShouldBe(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
    }
}
