using System.Text.Json;
using Chorus.Connectors.Abstractions;
using Chorus.Connectors.Tests.Support;
using Chorus.Connectors.WordPress;
using Microsoft.AspNetCore.Http;

namespace Chorus.Connectors.Tests.WordPress;

/// <summary>How the connector reports a misbehaving site, against a loopback stub speaking WordPress's error format.</summary>
public sealed class WordPressFaultTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 7, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(Now);
    private LoopbackServer _site = null!;

    public async Task InitializeAsync() => _site = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private WordPressConnector Connector(TimeSpan? timeout = null)
    {
        var guard = new SsrfGuard(new SsrfGuardOptions { AllowLoopback = true });
        var options = new WordPressOptions { RequestTimeout = timeout ?? TimeSpan.FromSeconds(10) };
        var client = new WordPressClient(new HttpClient(guard.CreateHandler()), _time, options, _site.BaseUrl, new WordPressCredentials("admin", "abcd efgh ijkl mnop qrst uvwx"));
        return new WordPressConnector(client, guard, options, _time);
    }

    private static WordPressPostDraft Draft() => new(Guid.NewGuid().ToString("N"), "Article", "<p>Corps</p>");

    private static async Task Error(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { code, message, data = new { status } }));
    }

    private int Posts(string method, string path) => _site.Requests.Count(r => r.Method == method && r.Path == path);

    [Fact]
    public async Task TestAsync_429WithRetryAfter_IsRateLimitedUntilThen()
    {
        _site.Handler = async (context, _) =>
        {
            context.Response.Headers.RetryAfter = "90";
            await Error(context, 429, "too_many_requests", "Slow down, please.");
        };

        var result = await Connector().TestAsync(default);

        result.Outcome.ShouldBe(ConnectorOutcome.RateLimited);
        result.RetryAt.ShouldBe(Now.AddSeconds(90));
        result.Reason!.ShouldContain("Slow down, please.");
    }

    [Fact]
    public async Task TestAsync_503WithRetryAfterDate_IsRateLimitedUntilThatDate()
    {
        _site.Handler = async (context, _) =>
        {
            context.Response.Headers.RetryAfter = "Sat, 21 Nov 2026 08:00:00 GMT";
            context.Response.StatusCode = 503;
            await context.Response.WriteAsync("<h1>Maintenance</h1>");
        };

        var result = await Connector().TestAsync(default);

        result.Outcome.ShouldBe(ConnectorOutcome.RateLimited);
        result.RetryAt.ShouldBe(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task TestAsync_500_IsTransientWithTheSiteMessage()
    {
        _site.Handler = (context, _) => Error(context, 500, "internal_server_error", "There has been a critical error on this website.");

        var result = await Connector().TestAsync(default);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.Reason!.ShouldContain("There has been a critical error on this website. (internal_server_error)");
    }

    [Fact]
    public async Task TestAsync_SiteTooSlow_IsTransientTimeout()
    {
        _site.Handler = (context, _) => Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);

        var result = await Connector(TimeSpan.FromMilliseconds(300)).TestAsync(default);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.Reason!.ShouldContain("did not answer");
    }

    [Theory]
    [InlineData("{\"id\": 1, \"name\": ")]
    [InlineData("<br />\n<b>Warning</b>: Undefined variable $x in <b>/var/www/functions.php</b><br />\n{\"id\":1}")]
    public async Task TestAsync_MalformedJson_IsTransient(string body)
    {
        _site.Handler = async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        };

        var result = await Connector().TestAsync(default);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        result.Reason!.ShouldContain("unreadable answer");
    }

    [Fact]
    public async Task TestAsync_RevokedApplicationPassword_IsPermanentAuthFailureWithTheSiteReason()
    {
        _site.Handler = (context, _) => Error(context, 401, "incorrect_password", "The provided password is an invalid application password.");

        var result = await Connector().TestAsync(default);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.IsAuthFailure.ShouldBeTrue();
        result.Reason!.ShouldContain("The provided password is an invalid application password. (incorrect_password)");
        _site.Requests.ShouldHaveSingleItem().Header("Authorization").ShouldBe("Basic " + Convert.ToBase64String("admin:abcd efgh ijkl mnop qrst uvwx"u8.ToArray()));
    }

    [Fact]
    public async Task ModerateAsync_UserWithoutModerationRights_IsPermanentAuthFailure()
    {
        _site.Handler = (context, _) => Error(context, 403, "rest_cannot_edit", "Sorry, you are not allowed to edit this comment.");

        var result = await Connector().ModerateAsync(new ModerationRequest(ModerationAction.Approve, "12"), default);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.IsAuthFailure.ShouldBeTrue();
        result.Reason!.ShouldContain("not allowed to edit this comment");
    }

    [Fact]
    public async Task PublishPostAsync_ServerErrorOnCreate_IsTransientAndSentOnce()
    {
        _site.Handler = (context, _) => Error(context, 500, "db_insert_error", "Could not insert post into the database.");

        var result = await Connector().PublishPostAsync(Draft(), default);

        result.Outcome.ShouldBe(ConnectorOutcome.Transient);
        Posts("POST", "/wp-json/wp/v2/posts").ShouldBe(1);
    }

    [Fact]
    public async Task PublishPostAsync_FeaturedImageUploadFails_CreatesNoPost()
    {
        _site.Handler = (context, request) => request.Path == "/wp-json/wp/v2/media"
            ? Error(context, 413, "rest_upload_file_too_big", "This file is too big.")
            : Error(context, 500, "unexpected", "the post must not be created");
        var draft = Draft() with
        {
            FeaturedImage = new MediaAttachment { FileName = "été.png", ContentType = "image/png", Content = new byte[] { 1, 2, 3 } },
        };

        var result = await Connector().PublishPostAsync(draft, default);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        result.Reason!.ShouldContain("This file is too big.");
        Posts("POST", "/wp-json/wp/v2/posts").ShouldBe(0);
        var upload = _site.Requests.ShouldHaveSingleItem();
        upload.Header("Content-Disposition")!.ShouldContain("filename*=utf-8''%C3%A9t%C3%A9.png");
        upload.ContentType.ShouldBe("image/png");
    }

    [Fact]
    public async Task FindPublishedAsync_AfterCreateResponseWasLost_FindsThePostWithoutSendingItAgain()
    {
        string? createdSlug = null;
        _site.Handler = async (context, request) =>
        {
            if (request.Method == "POST" && request.Path == "/wp-json/wp/v2/posts")
            {
                createdSlug = JsonDocument.Parse(request.Body).RootElement.GetProperty("slug").GetString();
                context.Abort(); // the post is stored, the answer never arrives
                return;
            }

            var askedSlug = context.Request.Query["slug"].ToString();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(askedSlug == createdSlug
                ? $$"""[{"id":77,"status":"publish","slug":"{{createdSlug}}","link":"https://blog.example/{{createdSlug}}/","title":{"rendered":"Article","raw":"Article"},"date_gmt":"2026-11-21T07:00:00","categories":[1],"tags":[],"featured_media":0}]"""
                : "[]");
        };
        var connector = Connector();
        var draft = Draft();

        var lost = await connector.PublishPostAsync(draft, default);
        var found = await connector.FindPublishedAsync(draft, default);

        lost.Outcome.ShouldBe(ConnectorOutcome.Transient);
        found.Value!.Id.ShouldBe(77);
        createdSlug.ShouldBe(WordPressConnector.SlugFor(draft));
        Posts("POST", "/wp-json/wp/v2/posts").ShouldBe(1);
        _site.Requests[^1].Query.ShouldContain("status=any");
        (await connector.FindPublishedAsync(Draft(), default)).Value.ShouldBeNull();
    }

    [Fact]
    public async Task ModerateAsync_DeleteOfACommentAlreadyGone_Succeeds()
    {
        _site.Handler = (context, _) => Error(context, 404, "rest_comment_invalid_id", "Invalid comment ID.");
        var connector = Connector();

        (await connector.ModerateAsync(new ModerationRequest(ModerationAction.Delete, "5"), default)).Succeeded.ShouldBeTrue();
        var approve = await connector.ModerateAsync(new ModerationRequest(ModerationAction.Approve, "5"), default);

        approve.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        approve.Reason!.ShouldContain("Invalid comment ID.");
        _site.Requests[0].Query.ShouldBe("?force=true");
        _site.Requests[1].BodyText.ShouldBe("{\"status\":\"approved\"}");
    }

    [Theory]
    [InlineData(ModerationAction.Block)]
    [InlineData(ModerationAction.Report)]
    public async Task ModerateAsync_ActionWordPressDoesNotHave_IsPermanentWithoutARequest(ModerationAction action)
    {
        var result = await Connector().ModerateAsync(new ModerationRequest(action, "5"), default);

        result.Outcome.ShouldBe(ConnectorOutcome.Permanent);
        _site.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadAsync_CursorNotFromThisConnector_FailsNamingTheCursor()
    {
        var error = await Should.ThrowAsync<ArgumentException>(() => Connector().ReadAsync(new ConversationQuery("not-a-cursor"), default));

        error.Message.ShouldStartWith("Cursor:");
    }

    [Theory]
    [InlineData("Nouvelle carte d'hiver !", "nouvelle-carte-d-hiver-c")]
    [InlineData("Été 2027 : «\u00a0Les galettes\u00a0» arrivent", "ete-2027-les-galettes-arrivent-c")]
    [InlineData("!!!", "c")]
    public void SlugFor_Title_IsReadableWordsThenTheMarker(string title, string prefix)
    {
        var draft = new WordPressPostDraft("key-1", title, "");

        var slug = WordPressConnector.SlugFor(draft);

        slug.ShouldStartWith(prefix);
        slug.Length.ShouldBe(prefix.Length + 12);
        WordPressConnector.SlugFor(draft with { Html = "<p>changed</p>" }).ShouldBe(slug);
        WordPressConnector.SlugFor(draft with { IdempotencyKey = "key-2" }).ShouldNotBe(slug);
    }
}
