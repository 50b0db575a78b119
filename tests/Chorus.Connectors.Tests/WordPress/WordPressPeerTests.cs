using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Tests.Support;
using Chorus.Connectors.WordPress;
using Microsoft.AspNetCore.Http;

namespace Chorus.Connectors.Tests.WordPress;

/// <summary>Every capability of the connector against a real WordPress on loopback.</summary>
[Collection(WordPressPeerCollection.Name)]
public sealed class WordPressPeerTests(WordPressPeer peer) : IDisposable
{
    // A 1×1 PNG: WordPress checks that an uploaded image really is one.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly HttpClient _raw = new();
    private readonly SsrfGuard _guard = new(new SsrfGuardOptions { AllowLoopback = true });

    private WordPressConnector Connector(Uri? site = null, string? password = null, SsrfGuard? guard = null)
    {
        var g = guard ?? _guard;
        var factory = new WordPressConnectorFactory(new HttpClient(g.CreateHandler()), g, new WordPressOptions(), TimeProvider.System);
        var credentials = JsonSerializer.Serialize(new WordPressCredentials(peer.UserName, password ?? peer.ApplicationPassword), JsonSerializerOptions.Web);
        return factory.CreateWordPress(new ChannelConnection("wp-test", site ?? peer.SiteUrl, credentials));
    }

    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>Reads the site directly (not through the connector) to check what really happened.</summary>
    private async Task<JsonElement> GetJsonAsync(string route, bool authenticated = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(peer.SiteUrl, "wp-json/" + route));
        if (authenticated)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{peer.UserName}:{peer.ApplicationPassword}")));
        }

        using var response = await _raw.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"GET {route}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Posts a comment as an anonymous visitor, the way a reader's browser does through the REST API.</summary>
    private async Task<long> VisitorCommentAsync(long postId, string name, string text, long parent = 0)
    {
        using var response = await _raw.PostAsJsonAsync(new Uri(peer.SiteUrl, "wp-json/wp/v2/comments"), new
        {
            post = postId,
            parent,
            author_name = name,
            author_email = $"visitor-{Guid.NewGuid():N}@example.test",
            content = text,
        });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    private async Task<WordPressPost> PublishAsync(string title)
    {
        var result = await Connector().PublishPostAsync(new WordPressPostDraft(Guid.NewGuid().ToString("N"), title, "<p>Corps de l'article.</p>"), default);
        result.Outcome.ShouldBe(ConnectorOutcome.Succeeded, result.ToString());
        return result.Value!;
    }

    [Fact]
    public async Task TestAsync_ValidApplicationPassword_ReturnsSiteTitleAndUser()
    {
        var result = await Connector().TestAsync(default);

        result.Outcome.ShouldBe(ConnectorOutcome.Succeeded, result.ToString());
        result.Value!.DisplayName.ShouldBe("Chorus Test Site");
        result.Value.Handle.ShouldBe("admin");
        result.Value.Url!.Authority.ShouldBe(peer.SiteUrl.Authority);
    }

    [Fact]
    public async Task TestAsync_WrongApplicationPassword_IsPermanentAuthFailureWithTheSiteReason()
    {
        var result = await Connector(password: "abcd efgh ijkl mnop qrst uvwx").TestAsync(default);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.IsAuthFailure.ShouldBeTrue();
        result.Reason!.ShouldContain("401");
        // WordPress 6.1 answers an unknown application password with its generic message.
        result.Reason!.ShouldContain("You are not currently logged in. (rest_not_logged_in)");
    }

    [Fact]
    public async Task TestAsync_LoopbackSiteWhenLoopbackIsNotAllowed_IsRefusedNamingTheField()
    {
        var strict = new SsrfGuard(new SsrfGuardOptions());

        var result = await Connector(guard: strict).TestAsync(default);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.Reason!.ShouldStartWith("SiteUrl:");
        result.Reason!.ShouldContain("loopback");
    }

    [Fact]
    public async Task PublishPostAsync_WithCategoriesTagsAndFeaturedImage_CreatesThemOnTheSite()
    {
        var category = Unique("Actualités");
        var draft = new WordPressPostDraft(Guid.NewGuid().ToString("N"), "Nouvelle carte d'hiver", "<p>Les <strong>galettes</strong> sont là.</p>")
        {
            Categories = [category, "Uncategorized"],
            Tags = ["hiver", Unique("galette")],
            FeaturedImage = new MediaAttachment { FileName = "carte-hiver.png", ContentType = "image/png", Content = Png, AltText = "La carte d'hiver" },
        };

        var result = await Connector().PublishPostAsync(draft, default);

        result.Outcome.ShouldBe(ConnectorOutcome.Succeeded, result.ToString());
        var post = result.Value!;
        post.Status.ShouldBe("publish");
        post.Slug.ShouldBe(WordPressConnector.SlugFor(draft));
        post.Slug.ShouldStartWith("nouvelle-carte-d-hiver-c");
        var stored = await GetJsonAsync($"wp/v2/posts/{post.Id}?context=edit");
        stored.GetProperty("content").GetProperty("raw").GetString().ShouldBe("<p>Les <strong>galettes</strong> sont là.</p>");
        var categoryNames = (await GetJsonAsync($"wp/v2/categories?include={string.Join(',', post.Categories)}")).EnumerateArray()
            .Select(c => c.GetProperty("name").GetString()).ToList();
        categoryNames.ShouldBe([category, "Uncategorized"], ignoreOrder: true);
        var tagNames = (await GetJsonAsync($"wp/v2/tags?include={string.Join(',', post.Tags)}")).EnumerateArray()
            .Select(c => c.GetProperty("name").GetString()).ToList();
        tagNames.ShouldBe(draft.Tags, ignoreOrder: true);
        var media = await GetJsonAsync($"wp/v2/media/{post.FeaturedMedia}?context=edit");
        media.GetProperty("alt_text").GetString().ShouldBe("La carte d'hiver");
        media.GetProperty("mime_type").GetString().ShouldBe("image/png");
        media.GetProperty("source_url").GetString()!.ShouldEndWith(".png");
    }

    [Fact]
    public async Task PublishPostAsync_ExistingTermsByName_ReusesTheirIds()
    {
        var accented = Unique("Réutilisé");
        var ascii = Unique("Reused");
        var first = await Connector().PublishPostAsync(new WordPressPostDraft(Guid.NewGuid().ToString("N"), "Un", "<p>1</p>") { Tags = [accented, ascii] }, default);

        var second = await Connector().PublishPostAsync(new WordPressPostDraft(Guid.NewGuid().ToString("N"), "Deux", "<p>2</p>") { Tags = [accented, ascii.ToUpperInvariant()] }, default);

        second.Value!.Tags.ShouldBe(first.Value!.Tags, ignoreOrder: true);
    }

    [Fact]
    public async Task PublishPostAsync_FutureDate_SchedulesThePostOnTheSite()
    {
        var at = new DateTimeOffset(2031, 5, 4, 9, 30, 0, TimeSpan.FromHours(2));

        var result = await Connector().PublishPostAsync(new WordPressPostDraft(Guid.NewGuid().ToString("N"), "Annonce programmée", "<p>Bientôt.</p>") { PublishAt = at }, default);

        result.Value!.Status.ShouldBe("future");
        result.Value.DateGmt.ShouldBe(at);
        (await GetJsonAsync($"wp/v2/posts/{result.Value.Id}?context=edit")).GetProperty("status").GetString().ShouldBe("future");
    }

    [Fact]
    public async Task UpdatePostAsync_NewTitleAndBody_ChangesThePost()
    {
        var post = await PublishAsync("Titre avant");

        var updated = await Connector().UpdatePostAsync(post.Id, new WordPressPostDraft("unused", "Titre après", "<p>Corps corrigé.</p>") { Tags = ["corrigé"] }, default);

        updated.Outcome.ShouldBe(ConnectorOutcome.Succeeded, updated.ToString());
        var stored = await GetJsonAsync($"wp/v2/posts/{post.Id}?context=edit");
        stored.GetProperty("title").GetProperty("raw").GetString().ShouldBe("Titre après");
        stored.GetProperty("content").GetProperty("raw").GetString().ShouldBe("<p>Corps corrigé.</p>");
        stored.GetProperty("slug").GetString().ShouldBe(post.Slug); // the marker survives updates
        updated.Value!.Tags.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task DeletePostAsync_TrashThenForce_TrashesThenRemovesAndRepeatingSucceeds()
    {
        var post = await PublishAsync("À supprimer");
        var connector = Connector();

        (await connector.DeletePostAsync(post.Id, force: false, default)).Succeeded.ShouldBeTrue();
        (await GetJsonAsync($"wp/v2/posts/{post.Id}?context=edit")).GetProperty("status").GetString().ShouldBe("trash");

        (await connector.DeletePostAsync(post.Id, force: true, default)).Succeeded.ShouldBeTrue();
        using var gone = await _raw.GetAsync(new Uri(peer.SiteUrl, $"wp-json/wp/v2/posts/{post.Id}"));
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var again = await connector.DeleteAsync(post.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), default);
        again.Succeeded.ShouldBeTrue(again.ToString());
    }

    [Fact]
    public async Task PublishAsync_GenericDraft_PublishesTitleAndEscapedParagraphs()
    {
        var draft = new PostDraft { IdempotencyKey = Guid.NewGuid().ToString("N"), Text = "Titre générique\nPremier <paragraphe> & co.\n\nSecond." };
        var connector = Connector();

        var published = await connector.PublishAsync(draft, default);

        published.Outcome.ShouldBe(ConnectorOutcome.Succeeded, published.ToString());
        var stored = await GetJsonAsync($"wp/v2/posts/{published.Value!.RemoteId}?context=edit");
        stored.GetProperty("title").GetProperty("raw").GetString().ShouldBe("Titre générique");
        stored.GetProperty("content").GetProperty("raw").GetString().ShouldBe("<p>Premier &lt;paragraphe&gt; &amp; co.</p>\n<p>Second.</p>");
        (await connector.FindPublishedAsync(draft, default)).Value!.RemoteId.ShouldBe(published.Value.RemoteId);
    }

    [Fact]
    public async Task FindPublishedAsync_ResponseLostOnTheWay_FindsThePostSoTheRetryIsNotSent()
    {
        // A proxy that lets the request reach WordPress and then drops the connection before the answer.
        using var forward = new HttpClient();
        await using var proxy = await LoopbackServer.StartAsync(async (context, request) =>
        {
            using var upstream = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(peer.SiteUrl, request.Path.TrimStart('/') + request.Query))
            {
                Content = new ByteArrayContent(request.Body),
            };
            upstream.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            upstream.Headers.TryAddWithoutValidation("Authorization", request.Header("Authorization"));
            using var answer = await forward.SendAsync(upstream);
            await answer.Content.ReadAsByteArrayAsync();
            context.Abort();
        });
        var draft = new WordPressPostDraft(Guid.NewGuid().ToString("N"), "Publication perdue en route", "<p>Arrivée quand même.</p>");

        var lost = await Connector(site: proxy.BaseUrl).PublishPostAsync(draft, default);
        var found = await Connector().FindPublishedAsync(draft, default);

        lost.Outcome.ShouldBe(ConnectorOutcome.Transient, lost.ToString());
        proxy.Requests.Count(r => r.Method == "POST").ShouldBe(1);
        found.Outcome.ShouldBe(ConnectorOutcome.Succeeded, found.ToString());
        found.Value.ShouldNotBeNull();
        found.Value.Status.ShouldBe("publish");
        found.Value.Title.ShouldBe("Publication perdue en route");
        (await GetJsonAsync($"wp/v2/posts?slug={WordPressConnector.SlugFor(draft)}&status=any&context=edit")).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task FindPublishedAsync_DraftNeverSent_ReturnsNull()
    {
        var found = await Connector().FindPublishedAsync(new WordPressPostDraft(Guid.NewGuid().ToString("N"), "Jamais envoyé", "<p>x</p>"), default);

        found.Outcome.ShouldBe(ConnectorOutcome.Succeeded, found.ToString());
        found.Value.ShouldBeNull();
    }

    [Fact]
    public async Task FindPublishedAsync_ScheduledPost_IsFoundInFutureStatus()
    {
        var draft = new WordPressPostDraft(Guid.NewGuid().ToString("N"), "Programmé puis cherché", "<p>x</p>") { PublishAt = new DateTimeOffset(2032, 1, 1, 8, 0, 0, TimeSpan.Zero) };
        await Connector().PublishPostAsync(draft, default);

        var found = await Connector().FindPublishedAsync(draft, default);

        found.Value!.Status.ShouldBe("future");
    }

    [Fact]
    public async Task ModerateAsync_EveryAction_MovesVisitorCommentsBetweenStatuses()
    {
        var post = await PublishAsync("Article commenté");
        var toApprove = await VisitorCommentAsync(post.Id, "Alice Martin", "Super article, merci !");
        var toSpam = await VisitorCommentAsync(post.Id, "Promo Bot", "Achetez des montres pas chères http://spam.example");
        var toTrash = await VisitorCommentAsync(post.Id, "Bruno", "Hors sujet.");
        var toDelete = await VisitorCommentAsync(post.Id, "Chloé", "À effacer.");
        var connector = Connector();

        var held = await connector.ReadCommentsAsync(WordPressCommentStatus.Hold, 1, null, post.Id, default);
        held.Value!.Comments.Select(c => c.Id).ShouldBe([toApprove, toSpam, toTrash, toDelete]);
        held.Value.Comments[0].AuthorName.ShouldBe("Alice Martin");

        (await connector.ModerateAsync(new ModerationRequest(ModerationAction.Approve, $"{toApprove}"), default)).Succeeded.ShouldBeTrue();
        (await connector.ModerateAsync(new ModerationRequest(ModerationAction.Spam, $"{toSpam}"), default)).Succeeded.ShouldBeTrue();
        (await connector.ModerateAsync(new ModerationRequest(ModerationAction.Trash, $"{toTrash}"), default)).Succeeded.ShouldBeTrue();
        (await connector.ModerateAsync(new ModerationRequest(ModerationAction.Delete, $"{toDelete}"), default)).Succeeded.ShouldBeTrue();

        async Task<IEnumerable<long>> IdsIn(WordPressCommentStatus status) =>
            (await connector.ReadCommentsAsync(status, 1, null, post.Id, default)).Value!.Comments.Select(c => c.Id);
        (await IdsIn(WordPressCommentStatus.Approved)).ShouldBe([toApprove]);
        (await IdsIn(WordPressCommentStatus.Spam)).ShouldBe([toSpam]);
        (await IdsIn(WordPressCommentStatus.Trash)).ShouldBe([toTrash]);
        (await IdsIn(WordPressCommentStatus.Hold)).ShouldBeEmpty();
        using var deleted = await _raw.GetAsync(new Uri(peer.SiteUrl, $"wp-json/wp/v2/comments/{toDelete}"));
        deleted.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await connector.ModerateAsync(new ModerationRequest(ModerationAction.Hold, $"{toApprove}"), default)).Succeeded.ShouldBeTrue();
        (await IdsIn(WordPressCommentStatus.Hold)).ShouldBe([toApprove]);
        (await connector.ModerateAsync(new ModerationRequest(ModerationAction.Delete, $"{toDelete}"), default)).Succeeded.ShouldBeTrue("deleting twice succeeds");
        var missing = await connector.ModerateAsync(new ModerationRequest(ModerationAction.Approve, $"{toDelete}"), default);
        missing.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        missing.Reason!.ShouldContain("404");
    }

    [Fact]
    public async Task ReadCommentsAsync_MoreThanOnePage_ReportsTotalPagesAndPagesThrough()
    {
        var post = await PublishAsync("Article très commenté");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await VisitorCommentAsync(post.Id, $"Lecteur {i}", $"Commentaire numéro {i}"));
        }

        var factory = new WordPressConnectorFactory(new HttpClient(_guard.CreateHandler()), _guard, new WordPressOptions { CommentsPageSize = 2 }, TimeProvider.System);
        var connector = factory.CreateWordPress(new ChannelConnection("wp", peer.SiteUrl,
            JsonSerializer.Serialize(new WordPressCredentials(peer.UserName, peer.ApplicationPassword), JsonSerializerOptions.Web)));
        var seen = new List<long>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await connector.ReadCommentsAsync(WordPressCommentStatus.Hold, page, null, post.Id, default);
            result.Value!.TotalPages.ShouldBe(3);
            seen.AddRange(result.Value.Comments.Select(c => c.Id));
        }

        seen.ShouldBe(ids);
    }

    [Fact]
    public async Task ReadAsync_Cursor_ReturnsOnlyNewCommentsOfEveryStatus()
    {
        var connector = Connector();
        string? cursor = null;
        ConnectorResult<ConversationPage> page;
        do
        {
            page = await connector.ReadAsync(new ConversationQuery(cursor, 100), default);
            page.Outcome.ShouldBe(ConnectorOutcome.Succeeded, page.ToString());
            cursor = page.Value!.Cursor ?? cursor;
        }
        while (page.Value.HasMore);

        var post = await PublishAsync("Article suivi");
        var first = await VisitorCommentAsync(post.Id, "Denise", "<b>Bravo</b> pour cet <script>alert(1)</script>article");
        var second = await VisitorCommentAsync(post.Id, "Émile", "Réponse à Denise", parent: first);
        (await connector.ModerateAsync(new ModerationRequest(ModerationAction.Spam, $"{second}"), default)).Succeeded.ShouldBeTrue();

        var fresh = await connector.ReadAsync(new ConversationQuery(cursor, 100), default);

        var items = fresh.Value!.Items;
        items.Select(i => i.RemoteId).ShouldBe([$"{first}", $"{second}"]);
        items[0].Kind.ShouldBe(ConversationKind.Comment);
        // WordPress's own filter (kses) drops the script tags of a visitor's comment and keeps their text.
        items[0].Text.ShouldBe("Bravo pour cet alert(1)article");
        items[0].Html!.ShouldContain("<b>Bravo</b>");
        items[0].Author.Handle.ShouldBe("Denise");
        items[0].Status.ShouldBe("hold");
        items[0].SubjectRemoteId.ShouldBe($"{post.Id}");
        items[1].Kind.ShouldBe(ConversationKind.Reply);
        items[1].InReplyTo.ShouldBe($"{first}");
        items[1].Status.ShouldBe("spam");
        var nothingNew = await connector.ReadAsync(new ConversationQuery(fresh.Value.Cursor, 100), default);
        nothingNew.Value!.Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReplyAsync_VisitorComment_AnswersAsTheSiteOnTheSamePostAndARetryFindsTheSameAnswer()
    {
        var post = await PublishAsync("Article avec question");
        var question = await VisitorCommentAsync(post.Id, "Fanny", "Ouvrez-vous le dimanche ?");
        var connector = Connector();
        var reply = new ReplyDraft($"{question}", "Oui, de 8 h à 13 h.\n\nÀ bientôt !", Guid.NewGuid().ToString("N"));

        var answered = await connector.ReplyAsync(reply, default);
        var retried = await connector.ReplyAsync(reply, default);

        answered.Outcome.ShouldBe(ConnectorOutcome.Succeeded, answered.ToString());
        retried.Outcome.ShouldBe(ConnectorOutcome.Succeeded, retried.ToString());
        retried.Value!.RemoteId.ShouldBe(answered.Value!.RemoteId);
        var stored = await GetJsonAsync($"wp/v2/comments/{answered.Value.RemoteId}?context=edit");
        stored.GetProperty("parent").GetInt64().ShouldBe(question);
        stored.GetProperty("post").GetInt64().ShouldBe(post.Id);
        stored.GetProperty("author").GetInt64().ShouldBeGreaterThan(0);
        stored.GetProperty("status").GetString().ShouldBe("approved");
        stored.GetProperty("content").GetProperty("raw").GetString().ShouldBe("<p>Oui, de 8 h à 13 h.</p>\n<p>À bientôt !</p>");
        (await GetJsonAsync($"wp/v2/comments?parent={question}&status=any&context=edit")).GetArrayLength().ShouldBe(1);
    }

    public void Dispose() => _raw.Dispose();
}
