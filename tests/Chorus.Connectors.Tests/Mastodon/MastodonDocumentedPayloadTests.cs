using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Mastodon;

namespace Chorus.Connectors.Tests.Mastodon;

/// <summary>The Mastodon connector against the payloads of the Mastodon API documentation (Payloads/README.md),
/// checking what it sends: form and JSON fields, Authorization and Idempotency-Key.</summary>
public sealed class MastodonDocumentedPayloadTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Uri RedirectUri = new("https://chorus.example/channels/mastodon/callback");
    private FakeMastodon _mastodon = null!;

    public async Task InitializeAsync() => _mastodon = await FakeMastodon.StartAsync();

    public async Task DisposeAsync() => await _mastodon.DisposeAsync();

    private static PostDraft Draft(string text) => new() { IdempotencyKey = Guid.NewGuid().ToString("N"), Text = text };

    [Fact]
    public async Task RegisterAppAsync_Instance_SendsNameRedirectAndScopes_ReturnsClientCredentials()
    {
        _mastodon.Answer("POST /api/v1/apps", "app.json");

        var app = (await _mastodon.Authorization().RegisterAppAsync(_mastodon.BaseUrl.AbsoluteUri, RedirectUri, None)).GetValueOrThrow();

        app.ShouldBe(new MastodonApp("TWhM-tNSuncnqN7DBJmoyeLnk6K3iJJ71KKXxgL1hPM", "ZEaFUFmF0umgBX1qKJDjaU99Q31lDkOU8NutzTOoliw"));
        var sent = JsonNode.Parse(_mastodon.Sent("POST /api/v1/apps").BodyText)!;
        sent["client_name"]!.GetValue<string>().ShouldBe("Chorus");
        sent["redirect_uris"]![0]!.GetValue<string>().ShouldBe(RedirectUri.AbsoluteUri);
        sent["scopes"]!.GetValue<string>().ShouldBe("read write");
        sent["website"]!.GetValue<string>().ShouldBe("https://chorus.example/");
    }

    [Fact]
    public async Task RegisterAppAsync_LoopbackInstanceNotAllowed_PermanentNamingTheFieldAndNothingSent()
    {
        var result = await _mastodon.Authorization(allowLoopback: false).RegisterAppAsync(_mastodon.BaseUrl.AbsoluteUri, RedirectUri, None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.Reason!.ShouldStartWith("InstanceUrl:");
        result.Reason.ShouldContain("loopback");
        _mastodon.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void StartAuthorization_App_AuthorizeUrlCarriesStateAndPkceChallenge()
    {
        var authorization = _mastodon.Authorization();
        var app = new MastodonApp("client-id", "client-secret");

        var first = authorization.StartAuthorization(_mastodon.BaseUrl, app, RedirectUri, "fr");
        var second = authorization.StartAuthorization(_mastodon.BaseUrl, app, RedirectUri);

        first.AuthorizeUrl.AbsolutePath.ShouldBe("/oauth/authorize");
        var query = System.Web.HttpUtility.ParseQueryString(first.AuthorizeUrl.Query);
        query["response_type"].ShouldBe("code");
        query["client_id"].ShouldBe("client-id");
        query["redirect_uri"].ShouldBe(RedirectUri.AbsoluteUri);
        query["scope"].ShouldBe("read write");
        query["state"].ShouldBe(first.State);
        query["lang"].ShouldBe("fr");
        query["code_challenge_method"].ShouldBe("S256");
        query["code_challenge"].ShouldBe(Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(first.CodeVerifier)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        first.State.Length.ShouldBeGreaterThanOrEqualTo(32);
        second.State.ShouldNotBe(first.State);
        second.CodeVerifier.ShouldNotBe(first.CodeVerifier);
    }

    [Fact]
    public async Task CompleteAuthorizationAsync_MatchingState_ExchangesTheCodeForAToken()
    {
        _mastodon.Answer("POST /oauth/token", "token.json");
        var authorization = _mastodon.Authorization();
        var request = authorization.StartAuthorization(_mastodon.BaseUrl, new MastodonApp("client-id", "client-secret"), RedirectUri);

        var credentials = (await authorization.CompleteAuthorizationAsync(request, request.State, "qDFUEaYrRK5c-HNmTCJbAzazwLRInJ7VHFat0wcMgCU", None))
            .GetValueOrThrow();

        credentials.ShouldBe(new MastodonCredentials("client-id", "client-secret", FakeMastodon.Token));
        var form = Form.Fields(_mastodon.Sent("POST /oauth/token"));
        Form.One(form, "grant_type").ShouldBe("authorization_code");
        Form.One(form, "code").ShouldBe("qDFUEaYrRK5c-HNmTCJbAzazwLRInJ7VHFat0wcMgCU");
        Form.One(form, "client_id").ShouldBe("client-id");
        Form.One(form, "client_secret").ShouldBe("client-secret");
        Form.One(form, "redirect_uri").ShouldBe(RedirectUri.AbsoluteUri);
        Form.One(form, "code_verifier").ShouldBe(request.CodeVerifier);
    }

    [Fact]
    public async Task CompleteAuthorizationAsync_StateDiffers_PermanentAndNoExchange()
    {
        var authorization = _mastodon.Authorization();
        var request = authorization.StartAuthorization(_mastodon.BaseUrl, new MastodonApp("client-id", "client-secret"), RedirectUri);

        var result = await authorization.CompleteAuthorizationAsync(request, "forged-state", "some-code", None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.Reason!.ShouldStartWith("state:");
        _mastodon.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task CompleteAuthorizationAsync_CodeAlreadyUsed_PermanentWithTheInstanceExplanation()
    {
        _mastodon.Answer("POST /oauth/token", "token-invalid-grant.json", 400);
        var authorization = _mastodon.Authorization();
        var request = authorization.StartAuthorization(_mastodon.BaseUrl, new MastodonApp("client-id", "client-secret"), RedirectUri);

        var result = await authorization.CompleteAuthorizationAsync(request, request.State, "used-code", None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.NetworkErrorCode.ShouldBe("invalid_grant");
        result.Reason!.ShouldContain("The provided authorization grant is invalid");
    }

    [Fact]
    public async Task RevokeAsync_Credentials_SendsClientAndToken()
    {
        _mastodon.Routes["POST /oauth/revoke"] = (context, _) => FakeMastodon.Write(context, 200, "{}");
        var credentials = new MastodonCredentials("client-id", "client-secret", FakeMastodon.Token);

        var result = await _mastodon.Authorization().RevokeAsync(_mastodon.BaseUrl, credentials, None);

        result.Succeeded.ShouldBeTrue();
        var form = Form.Fields(_mastodon.Sent("POST /oauth/revoke"));
        Form.One(form, "token").ShouldBe(FakeMastodon.Token);
        Form.One(form, "client_id").ShouldBe("client-id");
        Form.One(form, "client_secret").ShouldBe("client-secret");
    }

    [Fact]
    public async Task TestAsync_VerifyCredentials_ReturnsTheAccountWithBearerToken()
    {
        _mastodon.Answer("GET /api/v1/accounts/verify_credentials", "account.json");

        var account = (await _mastodon.Connector().TestAsync(None)).GetValueOrThrow();

        account.ShouldBe(new ConnectedAccount("1", "Eugen", $"@Gargron@{_mastodon.BaseUrl.Host}", new Uri("https://mastodon.social/@Gargron")));
        _mastodon.Sent("GET /api/v1/accounts/verify_credentials").Header("Authorization").ShouldBe($"Bearer {FakeMastodon.Token}");
    }

    [Fact]
    public async Task PublishAsync_ReplyWithWarningLanguageAndVisibility_SendsEveryFieldAndTheIdempotencyKey()
    {
        _mastodon.Answer("POST /api/v1/statuses", "status.json");
        var draft = Draft("Bonjour à tous ! #rentrée") with
        {
            ContentWarning = "Politique",
            Language = "fr",
            Visibility = PostVisibility.Unlisted,
            InReplyToRemoteId = "103254962155278888",
        };

        var post = (await _mastodon.Connector().PublishAsync(draft, None)).GetValueOrThrow();

        post.ShouldBe(new PublishedPost("1", new Uri("https://mastodon.social/@Gargron/1")));
        var sent = _mastodon.Sent("POST /api/v1/statuses");
        sent.Header("Idempotency-Key").ShouldBe(draft.IdempotencyKey);
        sent.Header("Authorization").ShouldBe($"Bearer {FakeMastodon.Token}");
        var form = Form.Fields(sent);
        Form.One(form, "status").ShouldBe("Bonjour à tous ! #rentrée");
        Form.One(form, "visibility").ShouldBe("unlisted");
        Form.One(form, "spoiler_text").ShouldBe("Politique");
        Form.One(form, "sensitive").ShouldBe("true");
        Form.One(form, "language").ShouldBe("fr");
        Form.One(form, "in_reply_to_id").ShouldBe("103254962155278888");
        Form.All(form, "media_ids[]").ShouldBeEmpty();
    }

    [Theory]
    [InlineData(PostVisibility.Public, "public")]
    [InlineData(PostVisibility.FollowersOnly, "private")]
    [InlineData(PostVisibility.Direct, "direct")]
    public async Task PublishAsync_Visibility_MapsToMastodonValue(PostVisibility visibility, string expected)
    {
        _mastodon.Answer("POST /api/v1/statuses", "status.json");

        (await _mastodon.Connector().PublishAsync(Draft("x") with { Visibility = visibility }, None)).Succeeded.ShouldBeTrue();

        Form.One(Form.Fields(_mastodon.Sent("POST /api/v1/statuses")), "visibility").ShouldBe(expected);
    }

    [Fact]
    public async Task PublishAsync_ImageWithAltAndFocus_UploadsThenAttaches()
    {
        _mastodon.Answer("POST /api/v2/media", "media.json");
        _mastodon.Answer("POST /api/v1/statuses", "status.json");
        var draft = Draft("Une photo") with
        {
            Media = [new MediaAttachment { FileName = "photo.jpg", ContentType = "image/jpeg", Content = new byte[] { 0xFF, 0xD8, 0xFF }, AltText = "Un chat qui dort", Focus = (-0.42, 0.69) }],
        };

        (await _mastodon.Connector().PublishAsync(draft, None)).Succeeded.ShouldBeTrue();

        var upload = Form.Fields(_mastodon.Sent("POST /api/v2/media"));
        Form.One(upload, "file").ShouldBe("file:photo.jpg");
        Form.One(upload, "description").ShouldBe("Un chat qui dort");
        Form.One(upload, "focus").ShouldBe("-0.42,0.69");
        Form.All(Form.Fields(_mastodon.Sent("POST /api/v1/statuses")), "media_ids[]").ShouldBe(["22348641"]);
    }

    [Fact]
    public async Task PublishAsync_MediaStillProcessing_PollsUntilReadyThenPosts()
    {
        _mastodon.Answer("POST /api/v2/media", "media-processing.json", 202);
        var polls = 0;
        _mastodon.Routes["GET /api/v1/media/22348641"] = (context, _) =>
            ++polls < 3 ? FakeMastodon.Write(context, 206, "") : FakeMastodon.Write(context, 200, FakeMastodon.Payload("media.json"));
        _mastodon.Answer("POST /api/v1/statuses", "status.json");
        var draft = Draft("Une vidéo") with
        {
            Media = [new MediaAttachment { FileName = "clip.mp4", ContentType = "video/mp4", Content = new byte[] { 0, 0, 0, 0x18 }, AltText = "Un clip" }],
        };

        var post = await _mastodon.Connector().PublishAsync(draft, None);

        post.Succeeded.ShouldBeTrue(post.ToString());
        polls.ShouldBe(3);
        Form.All(Form.Fields(_mastodon.Sent("POST /api/v1/statuses")), "media_ids[]").ShouldBe(["22348641"]);
    }

    [Fact]
    public async Task PublishAsync_MediaNeverFinishes_TransientAndNoStatus()
    {
        _mastodon.Answer("POST /api/v2/media", "media-processing.json", 202);
        _mastodon.Routes["GET /api/v1/media/22348641"] = (context, _) => FakeMastodon.Write(context, 206, "");
        var options = new MastodonOptions { MediaPollInterval = TimeSpan.FromMilliseconds(20), MediaProcessingTimeout = TimeSpan.FromMilliseconds(200) };
        var draft = Draft("x") with { Media = [new MediaAttachment { FileName = "clip.mp4", ContentType = "video/mp4", Content = new byte[] { 1 } }] };

        var result = await _mastodon.Connector(options: options).PublishAsync(draft, None);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.Reason!.ShouldContain("still processing clip.mp4");
        _mastodon.Requests.ShouldNotContain(r => r.Path == "/api/v1/statuses");
    }

    [Fact]
    public async Task PublishAsync_Poll_SendsOptionsAndDuration()
    {
        _mastodon.Answer("POST /api/v1/statuses", "status.json");
        var draft = Draft("Café ou thé ?") with { Poll = new PollDraft(["Café", "Thé"], TimeSpan.FromDays(1), Multiple: true) };

        (await _mastodon.Connector().PublishAsync(draft, None)).Succeeded.ShouldBeTrue();

        var form = Form.Fields(_mastodon.Sent("POST /api/v1/statuses"));
        Form.All(form, "poll[options][]").ShouldBe(["Café", "Thé"]);
        Form.One(form, "poll[expires_in]").ShouldBe("86400");
        Form.One(form, "poll[multiple]").ShouldBe("true");
        Form.One(form, "poll[hide_totals]").ShouldBe("false");
    }

    [Fact]
    public async Task PublishAsync_PollWithMedia_PermanentBeforeAnyCall()
    {
        var draft = Draft("x") with
        {
            Poll = new PollDraft(["a", "b"], TimeSpan.FromHours(1)),
            Media = [new MediaAttachment { FileName = "a.png", ContentType = "image/png", Content = new byte[] { 1 } }],
        };

        var result = await _mastodon.Connector().PublishAsync(draft, None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.Reason!.ShouldStartWith("Poll:");
        _mastodon.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task PublishAsync_Rejected422_PermanentWithTheInstanceMessage()
    {
        _mastodon.Answer("POST /api/v1/statuses", "error-validation.json", 422);

        var result = await _mastodon.Connector().PublishAsync(Draft("x"), None);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.IsAuthFailure.ShouldBeFalse();
        result.Reason!.ShouldEndWith("Validation failed: Text can't be blank");
    }

    [Fact]
    public async Task ReadAsync_DocumentedNotifications_MentionAndFavouriteWithCursorFromLinkHeader()
    {
        _mastodon.Answer("GET /api/v1/notifications", "notifications.json", 200, ("Link",
            "<https://mastodon.example/api/v1/notifications?max_id=34975535>; rel=\"next\", <https://mastodon.example/api/v1/notifications?min_id=34975861>; rel=\"prev\""));
        var connector = _mastodon.Connector(accountId: "14715");

        var page = (await connector.ReadAsync(new ConversationQuery(), None)).GetValueOrThrow();

        page.Items.Count.ShouldBe(2);
        var favourite = page.Items[0];
        favourite.Kind.ShouldBe(ConversationKind.Like);
        favourite.RemoteId.ShouldBe("notification:34975535");
        favourite.SubjectRemoteId.ShouldBe("103186046267791694");
        favourite.Author.Handle.ShouldBe("haskal@cybre.space");
        var mention = page.Items[1];
        mention.Kind.ShouldBe(ConversationKind.Reply);
        mention.RemoteId.ShouldBe("103186126728896492");
        mention.Text.ShouldBe("@trwnh sup!");
        mention.Html.ShouldBe("<p><span class=\"h-card\"><a href=\"https://mastodon.social/@trwnh\" class=\"u-url mention\">@<span>trwnh</span></a></span> sup!</p>");
        mention.InReplyTo.ShouldBe("103186038209478945");
        mention.Author.Handle.ShouldBe("zsc");
        mention.CreatedAt.ShouldBe(new DateTimeOffset(2019, 11, 23, 7, 49, 1, 940, TimeSpan.Zero));
        page.Cursor.ShouldBe("34975861");
        var query = Form.Query(_mastodon.Sent("GET /api/v1/notifications"));
        Form.All(query, "types[]").ShouldBe(["mention", "favourite", "reblog", "follow"]);
        Form.One(query, "min_id").ShouldBeNull();
    }

    [Fact]
    public async Task ReadAsync_WithCursor_AsksForNewerThanItAndKeepsTheCursorWhenEmpty()
    {
        _mastodon.Routes["GET /api/v1/notifications"] = (context, _) => FakeMastodon.Write(context, 200, "[]");

        var page = (await _mastodon.Connector().ReadAsync(new ConversationQuery("34975861", 40), None)).GetValueOrThrow();

        page.Items.ShouldBeEmpty();
        page.Cursor.ShouldBe("34975861");
        page.HasMore.ShouldBeFalse();
        var query = Form.Query(_mastodon.Sent("GET /api/v1/notifications"));
        Form.One(query, "min_id").ShouldBe("34975861");
        Form.One(query, "limit").ShouldBe("40");
    }

    [Fact]
    public async Task ReadAsync_MentionNotAddressedToUs_IsAMention()
    {
        _mastodon.Answer("GET /api/v1/notifications", "notifications.json");

        var page = (await _mastodon.Connector(accountId: "999").ReadAsync(new ConversationQuery(), None)).GetValueOrThrow();

        page.Items.Single(i => i.RemoteId == "103186126728896492").Kind.ShouldBe(ConversationKind.Mention);
    }

    [Fact]
    public async Task ReplyAsync_OtherAuthor_MentionsThemAndRepliesToTheStatus()
    {
        _mastodon.Answer("GET /api/v1/statuses/1", "status.json");
        _mastodon.Answer("POST /api/v1/statuses", "status.json");

        var reply = await _mastodon.Connector(accountId: "14715").ReplyAsync(new ReplyDraft("1", "Merci !", "reply-key-1"), None);

        reply.Succeeded.ShouldBeTrue(reply.ToString());
        var sent = _mastodon.Sent("POST /api/v1/statuses");
        var form = Form.Fields(sent);
        Form.One(form, "status").ShouldBe("@Gargron Merci !");
        Form.One(form, "in_reply_to_id").ShouldBe("1");
        sent.Header("Idempotency-Key").ShouldBe("reply-key-1");
    }

    [Fact]
    public async Task SearchAsync_Keywords_UsesV2SearchAndConvertsHtml()
    {
        _mastodon.Answer("GET /api/v2/search", "search.json");

        var page = (await _mastodon.Connector().SearchAsync(new SearchQuery("cats", Limit: 2), None)).GetValueOrThrow();

        page.Items.Select(i => i.RemoteId).ShouldBe(["103085519055545958", "101068121469614510"]);
        page.Items[0].Text.ShouldBe("cats\ncats never change");
        page.Items[1].Text.ShouldBe("[Cats]\nCats are inherently good at self-care.\n\n#cats");
        page.Items.ShouldAllBe(i => i.Kind == ConversationKind.Post);
        page.Cursor.ShouldBe("101068121469614510");
        var query = Form.Query(_mastodon.Sent("GET /api/v2/search"));
        Form.One(query, "q").ShouldBe("cats");
        Form.One(query, "type").ShouldBe("statuses");
        Form.One(query, "limit").ShouldBe("2");
    }

    [Fact]
    public async Task SearchAsync_Hashtag_ReadsTheTagTimeline()
    {
        _mastodon.Routes["GET /api/v1/timelines/tag/café"] = (context, _) => FakeMastodon.Write(context, 200, $"[{FakeMastodon.Payload("status.json")}]");
        _mastodon.Routes["GET /api/v1/timelines/tag/caf%C3%A9"] = _mastodon.Routes["GET /api/v1/timelines/tag/café"];

        var page = (await _mastodon.Connector().SearchAsync(new SearchQuery("#café"), None)).GetValueOrThrow();

        var item = page.Items.ShouldHaveSingleItem();
        item.Text.ShouldBe("Hello world");
        item.Author.Handle.ShouldBe("Gargron");
        item.Url.ShouldBe(new Uri("https://mastodon.social/@Gargron/1"));
    }

    [Theory]
    [InlineData("favourite")]
    [InlineData("reblog")]
    public async Task FavouriteAndBoost_Status_PostToTheStatusAction(string action)
    {
        _mastodon.Answer($"POST /api/v1/statuses/103254962155278888/{action}", "status.json");
        var connector = _mastodon.Connector();

        var result = action == "favourite"
            ? await connector.FavouriteAsync("103254962155278888", None)
            : await connector.BoostAsync("103254962155278888", None);

        result.Succeeded.ShouldBeTrue(result.ToString());
        _mastodon.Sent($"POST /api/v1/statuses/103254962155278888/{action}").Header("Authorization").ShouldBe($"Bearer {FakeMastodon.Token}");
    }

    [Theory]
    [InlineData(ModerationAction.Mute, "mute")]
    [InlineData(ModerationAction.Block, "block")]
    public async Task ModerateAsync_MuteOrBlockAuthor_PostsToTheAccountAction(ModerationAction action, string path)
    {
        _mastodon.Answer($"POST /api/v1/accounts/108366849347798387/{path}", "relationship.json");

        var result = await _mastodon.Connector().ModerateAsync(new ModerationRequest(action, null, "108366849347798387"), None);

        result.Succeeded.ShouldBeTrue(result.ToString());
        _mastodon.Requests.ShouldHaveSingleItem().Path.ShouldBe($"/api/v1/accounts/108366849347798387/{path}");
    }

    [Fact]
    public async Task ModerateAsync_SpamStatusWithoutAuthor_LooksUpTheAuthorAndReportsAsSpam()
    {
        _mastodon.Answer("GET /api/v1/statuses/108882889550545820", "status.json");
        _mastodon.Answer("POST /api/v1/reports", "report.json");

        var result = await _mastodon.Connector().ModerateAsync(
            new ModerationRequest(ModerationAction.Spam, "108882889550545820", Reason: "Spam account"), None);

        result.Succeeded.ShouldBeTrue(result.ToString());
        var form = Form.Fields(_mastodon.Sent("POST /api/v1/reports"));
        Form.One(form, "account_id").ShouldBe("1");
        Form.All(form, "status_ids[]").ShouldBe(["108882889550545820"]);
        Form.One(form, "category").ShouldBe("spam");
        Form.One(form, "comment").ShouldBe("Spam account");
    }

    [Fact]
    public async Task DeleteAsync_OwnStatus_Deletes()
    {
        _mastodon.Answer("DELETE /api/v1/statuses/1", "status.json");

        (await _mastodon.Connector().DeleteAsync("1", None)).Succeeded.ShouldBeTrue();

        _mastodon.Sent("DELETE /api/v1/statuses/1").Header("Authorization").ShouldBe($"Bearer {FakeMastodon.Token}");
    }

    [Fact]
    public async Task DeleteAsync_AlreadyGone_Succeeds() =>
        (await _mastodon.Connector().DeleteAsync("404404", None)).Succeeded.ShouldBeTrue();
}
