using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Bluesky;
using Chorus.Connectors.Tests.Support;

namespace Chorus.Connectors.Tests.Bluesky;

/// <summary>The Bluesky connector against the official servers (PDS, AppView, Ozone) running on loopback.</summary>
[Collection(BlueskyNetworkCollection.Name)]
public sealed class BlueskyNetworkTests(BlueskyNetworkFixture network)
{
    // 1x1 PNG images (red and blue pixels).
    private static readonly byte[] RedPixel = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    private static readonly byte[] BluePixel = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPj/HwADBwIAMCbHYQAAAABJRU5ErkJggg==");
    private static readonly CancellationToken None = CancellationToken.None;

    private static PostDraft Draft(BlueskyConnector connector, string text) => new() { IdempotencyKey = connector.NewIdempotencyKey(), Text = text };

    private static async Task<JsonElement> GetRecordAsync(BlueskyConnector connector, string uri)
    {
        AtUri.TryParse(uri, out var at).ShouldBeTrue();
        var record = await connector.Client.QueryAsync(
            "com.atproto.repo.getRecord", [new("repo", at.Repo), new("collection", at.Collection), new("rkey", at.RecordKey)], None);
        return record.GetValueOrThrow().GetProperty("value");
    }

    private static async Task<JsonElement> ProfileAsync(BlueskyConnector viewer, string actor) =>
        (await viewer.Client.QueryAsync("app.bsky.actor.getProfile", [new("actor", actor)], None)).GetValueOrThrow();

    [Fact]
    public async Task TestAsync_AppPassword_ReturnsTheAccount()
    {
        var account = (await network.Connect(network.Alice).TestAsync(None)).GetValueOrThrow();

        account.RemoteId.ShouldBe(network.Alice.Did);
        account.Handle.ShouldBe("alice.test");
        account.Url.ShouldBe(new Uri("https://bsky.app/profile/alice.test"));
    }

    [Fact]
    public async Task TestAsync_WrongPassword_PermanentAuthFailureWithNetworkReason()
    {
        var result = await network.Connect(network.Alice, password: "wrong-wrong-wrong").TestAsync(None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.IsAuthFailure.ShouldBeTrue();
        result.Reason!.ShouldContain("Invalid identifier or password");
    }

    [Fact]
    public async Task PublishAsync_TextWithLinkMentionAndTag_FacetsAtUtf8ByteOffsets()
    {
        var alice = network.Connect(network.Alice);
        const string text = "Été ☕ 🎉 avec @bob.test : https://example.org/fête?x=1 #rentrée";

        var post = (await alice.PublishAsync(Draft(alice, text) with { Language = "fr" }, None)).GetValueOrThrow();

        var record = await GetRecordAsync(alice, post.RemoteId);
        record.GetProperty("text").GetString().ShouldBe(text);
        record.GetProperty("langs")[0].GetString().ShouldBe("fr");
        var bytes = Encoding.UTF8.GetBytes(text);
        var facets = record.GetProperty("facets").EnumerateArray().Select(f =>
        {
            var index = f.GetProperty("index");
            var start = index.GetProperty("byteStart").GetInt32();
            var end = index.GetProperty("byteEnd").GetInt32();
            return (Slice: Encoding.UTF8.GetString(bytes, start, end - start), Feature: f.GetProperty("features")[0]);
        }).ToList();
        facets.Count.ShouldBe(3);
        facets[0].Slice.ShouldBe("@bob.test");
        facets[0].Feature.GetProperty("did").GetString().ShouldBe(network.Bob.Did);
        facets[1].Slice.ShouldBe("https://example.org/fête?x=1");
        facets[1].Feature.GetProperty("uri").GetString().ShouldBe("https://example.org/fête?x=1");
        facets[2].Slice.ShouldBe("#rentrée");
        facets[2].Feature.GetProperty("tag").GetString().ShouldBe("rentrée");
        post.Url.ShouldBe(new Uri($"https://bsky.app/profile/{network.Alice.Did}/post/{post.RemoteId.Split('/')[^1]}"));
    }

    [Fact]
    public async Task PublishAsync_MentionOfUnknownHandle_StaysPlainText()
    {
        var alice = network.Connect(network.Alice);

        var post = (await alice.PublishAsync(Draft(alice, "Salut @nobody.test !"), None)).GetValueOrThrow();

        (await GetRecordAsync(alice, post.RemoteId)).TryGetProperty("facets", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task PublishAsync_TwoImagesWithAlt_EmbedsBothWithTheirAltText()
    {
        var alice = network.Connect(network.Alice);
        var draft = Draft(alice, "Deux pixels") with
        {
            Media =
            [
                new MediaAttachment { FileName = "red.png", ContentType = "image/png", Content = RedPixel, AltText = "Un pixel rouge" },
                new MediaAttachment { FileName = "blue.png", ContentType = "image/png", Content = BluePixel, AltText = "Un pixel bleu" },
            ],
        };

        var post = (await alice.PublishAsync(draft, None)).GetValueOrThrow();

        var embed = (await GetRecordAsync(alice, post.RemoteId)).GetProperty("embed");
        embed.GetProperty("$type").GetString().ShouldBe("app.bsky.embed.images");
        var images = embed.GetProperty("images").EnumerateArray().ToList();
        images.Select(i => i.GetProperty("alt").GetString()).ShouldBe(["Un pixel rouge", "Un pixel bleu"]);
        images.Select(i => i.GetProperty("image").GetProperty("mimeType").GetString()).ShouldAllBe(m => m == "image/png");
        // The blobs are really stored: the PDS serves the same bytes back.
        using var http = new HttpClient();
        var cid = images[0].GetProperty("image").GetProperty("ref").GetProperty("$link").GetString();
        (await http.GetByteArrayAsync(new Uri(network.PdsUrl, $"xrpc/com.atproto.sync.getBlob?did={network.Alice.Did}&cid={cid}"))).ShouldBe(RedPixel);
    }

    [Fact]
    public async Task PublishAsync_ThreadOfThree_RepliesPointToRootAndParent()
    {
        var alice = network.Connect(network.Alice);

        var first = (await alice.PublishAsync(Draft(alice, "Fil 1/3"), None)).GetValueOrThrow();
        var second = (await alice.PublishAsync(Draft(alice, "Fil 2/3") with { InReplyToRemoteId = first.RemoteId }, None)).GetValueOrThrow();
        var third = (await alice.PublishAsync(Draft(alice, "Fil 3/3") with { InReplyToRemoteId = second.RemoteId }, None)).GetValueOrThrow();

        var reply = (await GetRecordAsync(alice, third.RemoteId)).GetProperty("reply");
        reply.GetProperty("root").GetProperty("uri").GetString().ShouldBe(first.RemoteId);
        reply.GetProperty("parent").GetProperty("uri").GetString().ShouldBe(second.RemoteId);
        (await GetRecordAsync(alice, second.RemoteId)).GetProperty("reply").GetProperty("root").GetProperty("uri").GetString().ShouldBe(first.RemoteId);
    }

    [Fact]
    public async Task DeleteAsync_PublishedPost_IsGone()
    {
        var alice = network.Connect(network.Alice);
        var draft = Draft(alice, "À supprimer");
        var post = (await alice.PublishAsync(draft, None)).GetValueOrThrow();

        var deleted = await alice.DeleteAsync(post.RemoteId, None);

        deleted.Succeeded.ShouldBeTrue(deleted.ToString());
        (await alice.FindPublishedAsync(draft, None)).GetValueOrThrow().ShouldBeNull();
    }

    [Fact]
    public async Task PublishAsync_SameRecordKeyTwice_FoundAndNotDuplicated()
    {
        var alice = network.Connect(network.Alice);
        var marker = $"once-{Guid.NewGuid():N}";
        var draft = Draft(alice, $"Une seule fois {marker}");

        var before = await alice.FindPublishedAsync(draft, None);
        var first = (await alice.PublishAsync(draft, None)).GetValueOrThrow();
        var found = await alice.FindPublishedAsync(draft, None);
        var second = await network.Connect(network.Alice).PublishAsync(draft, None);

        before.GetValueOrThrow().ShouldBeNull();
        found.Value.ShouldBe(first);
        second.Value.ShouldBe(first);
        var records = (await alice.Client.QueryAsync(
            "com.atproto.repo.listRecords", [new("repo", network.Alice.Did), new("collection", "app.bsky.feed.post"), new("limit", "100")], None)).GetValueOrThrow();
        records.GetProperty("records").EnumerateArray()
            .Count(r => r.GetProperty("value").GetProperty("text").GetString()!.Contains(marker, StringComparison.Ordinal))
            .ShouldBe(1);
    }

    [Fact]
    public async Task PublishAsync_AccessTokenNoLongerValid_RefreshesAgainstTheServer()
    {
        var stored = new List<string>();
        var first = network.Connect(network.Carol, persist: (json, _) => { stored.Add(json); return Task.CompletedTask; });
        (await first.TestAsync(None)).GetValueOrThrow();
        var credentials = BlueskyCredentials.FromJson(stored[^1]) with { AccessJwt = "not-a-valid-token" };
        var second = network.Connect(credentials, (json, _) => { stored.Add(json); return Task.CompletedTask; });

        var post = await second.PublishAsync(Draft(second, "Après rafraîchissement"), None);

        post.Succeeded.ShouldBeTrue(post.ToString());
        var renewed = BlueskyCredentials.FromJson(stored[^1]);
        renewed.AccessJwt.ShouldNotBe("not-a-valid-token");
        renewed.RefreshJwt.ShouldNotBe(credentials.RefreshJwt);
    }

    [Fact]
    public async Task ReadAsync_BobRepliesMentionsQuotesLikesRepostsFollows_AliceSeesEachOnce()
    {
        var alice = network.Connect(network.Alice);
        var bob = network.Connect(network.Bob);
        var start = (await alice.ReadAsync(new ConversationQuery(), None)).GetValueOrThrow();
        var cursor = (await Drain(alice, start.Cursor)).Cursor;
        var post = (await alice.PublishAsync(Draft(alice, "Qui veut un café ?"), None)).GetValueOrThrow();

        var reply = (await bob.ReplyAsync(new ReplyDraft(post.RemoteId, "Moi ! ☕", bob.NewIdempotencyKey()), None)).GetValueOrThrow();
        var mention = (await bob.PublishAsync(Draft(bob, "Merci @alice.test pour le café"), None)).GetValueOrThrow();
        (await bob.FavouriteAsync(post.RemoteId, None)).Succeeded.ShouldBeTrue();
        (await bob.BoostAsync(post.RemoteId, None)).Succeeded.ShouldBeTrue();
        var postRecord = await GetRecordAsync(alice, post.RemoteId);
        var cid = (await alice.Client.QueryAsync("com.atproto.repo.getRecord",
            [new("repo", network.Alice.Did), new("collection", "app.bsky.feed.post"), new("rkey", post.RemoteId.Split('/')[^1])], None)).GetValueOrThrow().GetProperty("cid").GetString();
        postRecord.ValueKind.ShouldBe(JsonValueKind.Object);
        await CreateAsync(bob, network.Bob.Did, "app.bsky.feed.post", new JsonObject
        {
            ["text"] = "Regardez ça",
            ["embed"] = new JsonObject { ["$type"] = "app.bsky.embed.record", ["record"] = new JsonObject { ["uri"] = post.RemoteId, ["cid"] = cid } },
        });
        await CreateAsync(bob, network.Bob.Did, "app.bsky.graph.follow", new JsonObject { ["subject"] = network.Alice.Did });

        var kinds = new[] { ConversationKind.Reply, ConversationKind.Mention, ConversationKind.Quote, ConversationKind.Like, ConversationKind.Repost, ConversationKind.Follow };
        var page = await Eventually.GetAsync(
            () => Drain(alice, cursor),
            p => kinds.All(k => p.Items.Any(i => i.Kind == k && i.Author.RemoteId == network.Bob.Did)),
            "alice's notifications show bob's reply, mention, quote, like, repost and follow");

        var replyItem = page.Items.Single(i => i.Kind == ConversationKind.Reply);
        replyItem.RemoteId.ShouldBe(reply.RemoteId);
        replyItem.Text.ShouldBe("Moi ! ☕");
        replyItem.InReplyTo.ShouldBe(post.RemoteId);
        replyItem.Author.Handle.ShouldBe("bob.test");
        page.Items.Single(i => i.Kind == ConversationKind.Mention).RemoteId.ShouldBe(mention.RemoteId);
        page.Items.Single(i => i.Kind == ConversationKind.Like).SubjectRemoteId.ShouldBe(post.RemoteId);
        page.Items.Single(i => i.Kind == ConversationKind.Repost).SubjectRemoteId.ShouldBe(post.RemoteId);
        page.Items.GroupBy(i => i.RemoteId).ShouldAllBe(g => g.Count() == 1);

        // Nothing new since the cursor: an empty page. Then one more reply shows alone.
        (await alice.ReadAsync(new ConversationQuery(page.Cursor), None)).GetValueOrThrow().Items.ShouldBeEmpty();
        var another = (await bob.ReplyAsync(new ReplyDraft(post.RemoteId, "Encore un", bob.NewIdempotencyKey()), None)).GetValueOrThrow();
        var next = await Eventually.GetAsync(() => Drain(alice, page.Cursor), p => p.Items.Count > 0, "the second reply shows");
        next.Items.ShouldHaveSingleItem().RemoteId.ShouldBe(another.RemoteId);

        // Alice answers bob's reply: the answer hangs under bob's reply in alice's thread.
        var answer = (await alice.ReplyAsync(new ReplyDraft(replyItem.RemoteId, "Il arrive !", alice.NewIdempotencyKey()), None)).GetValueOrThrow();
        var answerReply = (await GetRecordAsync(alice, answer.RemoteId)).GetProperty("reply");
        answerReply.GetProperty("parent").GetProperty("uri").GetString().ShouldBe(replyItem.RemoteId);
        answerReply.GetProperty("root").GetProperty("uri").GetString().ShouldBe(post.RemoteId);
    }

    [Fact]
    public async Task SearchAsync_UniqueWord_FindsThePost()
    {
        var alice = network.Connect(network.Alice);
        var word = $"chorusprobe{Guid.NewGuid():N}"[..24];
        var post = (await alice.PublishAsync(Draft(alice, $"Écoute du mot {word} ici"), None)).GetValueOrThrow();

        var page = await Eventually.GetAsync(
            async () => (await network.Connect(network.Bob).SearchAsync(new SearchQuery(word), None)).GetValueOrThrow(),
            p => p.Items.Count > 0,
            $"searchPosts finds '{word}'");

        var item = page.Items.ShouldHaveSingleItem();
        item.RemoteId.ShouldBe(post.RemoteId);
        item.Kind.ShouldBe(ConversationKind.Post);
        item.Author.Handle.ShouldBe("alice.test");
        item.Text.ShouldContain(word);
    }

    [Fact]
    public async Task ModerateAsync_Mute_ProfileShowsMuted()
    {
        var bob = network.Connect(network.Bob);

        var result = await bob.ModerateAsync(new ModerationRequest(ModerationAction.Mute, null, network.Carol.Did), None);

        result.Succeeded.ShouldBeTrue(result.ToString());
        (await ProfileAsync(bob, network.Carol.Did)).GetProperty("viewer").GetProperty("muted").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task ModerateAsync_BlockByHandle_ProfileShowsBlocking()
    {
        var carol = network.Connect(network.Carol);

        var result = await carol.ModerateAsync(new ModerationRequest(ModerationAction.Block, null, "bob.test"), None);

        result.Succeeded.ShouldBeTrue(result.ToString());
        await Eventually.GetAsync(
            () => ProfileAsync(carol, network.Bob.Did),
            p => p.GetProperty("viewer").TryGetProperty("blocking", out _),
            "carol's view of bob shows the block");
    }

    [Fact]
    public async Task ModerateAsync_ReportPost_ReachesOzone()
    {
        var bob = network.Connect(network.Bob);
        var alice = network.Connect(network.Alice);
        var post = (await bob.PublishAsync(Draft(bob, "Un message douteux"), None)).GetValueOrThrow();

        var result = await alice.ModerateAsync(new ModerationRequest(ModerationAction.Report, post.RemoteId, Reason: "Test de signalement"), None);

        result.Succeeded.ShouldBeTrue(result.ToString());
        using var ozone = new HttpClient();
        ozone.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{network.AdminPassword}")));
        var statuses = await Eventually.GetAsync(
            () => ozone.GetStringAsync(new Uri(network.OzoneUrl, $"xrpc/tools.ozone.moderation.queryStatuses?subject={Uri.EscapeDataString(post.RemoteId)}")),
            body => body.Contains(post.RemoteId, StringComparison.Ordinal),
            "Ozone lists the reported post");
        statuses.ShouldContain("reviewOpen");
    }

    private static async Task<ConversationPage> Drain(BlueskyConnector connector, string? cursor)
    {
        var items = new List<ConversationItem>();
        while (true)
        {
            var page = (await connector.ReadAsync(new ConversationQuery(cursor, 50), None)).GetValueOrThrow();
            items.AddRange(page.Items);
            cursor = page.Cursor;
            if (!page.HasMore)
            {
                return page with { Items = items };
            }
        }
    }

    private static async Task CreateAsync(BlueskyConnector connector, string did, string collection, JsonObject record)
    {
        record["$type"] = collection;
        record["createdAt"] = TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        (await connector.Client.ProcedureAsync("com.atproto.repo.createRecord",
            new JsonObject { ["repo"] = did, ["collection"] = collection, ["record"] = record }, None)).GetValueOrThrow();
    }
}
