using Chorus.Notifications;
using Chorus.Publishing;
using Chorus.Tests.Support;
using Dapper;
using Npgsql;

namespace Chorus.Tests.Publishing;

/// <summary>
/// The publishing engine run by the app's own job worker against a Mastodon instance on loopback that fails as told:
/// whatever the network does (429 with Retry-After, 500, an answer lost or timed out after the status was stored, a
/// timeout before it was, a refusal, a broken channel, a worker that died holding the job), every variant ends
/// published exactly once or failed with the network's words, told to its author.
/// </summary>
public sealed class PublishingEngineTests(PublishingFactory app) : IClassFixture<PublishingFactory>, IAsyncLifetime
{
    private MastodonInstance _instance = null!;
    private WorkspaceContext _context = null!;
    private Guid _channel;

    public async Task InitializeAsync()
    {
        _instance = await MastodonInstance.StartAsync();
        var workspace = await app.CreateWorkspaceAsync("Engine");
        _context = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        _channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", _instance.BaseUrl, MastodonInstance.Credentials, "Brand toots");
    }

    public async Task DisposeAsync() => await _instance.DisposeAsync();

    private PublishingService Posts => app.Get<PublishingService>();

    private async Task<Post> PublishAsync(string text, IReadOnlyList<string>? thread = null, string? firstComment = null, DateTimeOffset? at = null)
    {
        var id = await Posts.CreateAsync(_context, new CreatePostRequest([_channel], text, ThreadParts: thread, FirstComment: firstComment, ScheduledAt: at));
        await Posts.SubmitAsync(_context, id);
        return (await Posts.FindAsync(_context, id))!;
    }

    private async Task<(int Attempts, string Status)> JobOfAsync(Guid variantId)
    {
        await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        return await connection.QuerySingleAsync<(int, string)>(
            "select attempts, status from jobs where kind = 'publishing.variant' and payload->>'variantId' = @id", new { id = variantId.ToString() });
    }

    /// <summary>The job is recorded a moment after its variant: wait for it to end.</summary>
    private Task<(int Attempts, string Status)> FinishedJobAsync(Guid variantId) =>
        Chorus.Connectors.Tests.Support.Eventually.GetAsync(() => JobOfAsync(variantId), j => j.Status is "succeeded" or "dead", "the job's end", 30);

    [Fact]
    public async Task Publish_ThreadAndFirstComment_InOrderEachAnsweringTheRightOne()
    {
        var post = await PublishAsync("Le fil commence ici", ["Deuxième partie", "Troisième partie"], "Le lien est en commentaire");

        await app.WaitForVariantAsync(post.Id, 30, VariantStatus.Published);

        var statuses = _instance.Statuses;
        statuses.Count.ShouldBe(4);
        var byText = statuses.ToDictionary(s => s["content"]!.GetValue<string>(), s => s);
        var first = byText["<p>Le fil commence ici</p>"];
        var second = byText["<p>Deuxième partie</p>"];
        byText["<p>Deuxième partie</p>"]["in_reply_to_id"]!.GetValue<string>().ShouldBe(first["id"]!.GetValue<string>());
        byText["<p>Troisième partie</p>"]["in_reply_to_id"]!.GetValue<string>().ShouldBe(second["id"]!.GetValue<string>());
        byText["<p>Le lien est en commentaire</p>"]["in_reply_to_id"]!.GetValue<string>().ShouldBe(first["id"]!.GetValue<string>());
        var published = (await Posts.FindAsync(_context, post.Id))!.Variants.Single();
        published.RemoteId.ShouldBe(first["id"]!.GetValue<string>());
        published.Url.ShouldBe(first["url"]!.GetValue<string>());
        published.PublishedAt.ShouldNotBeNull();
        (await app.CountAsync("select count(*) from post_variant_parts where variant_id = @id and remote_id is not null", new { id = published.Id })).ShouldBe(3);
        (await app.CountAsync("select count(*) from audit_log where target_id = @id and action in ('post.publishing', 'post.published')", new { id = post.Id.ToString() }))
            .ShouldBe(2);
    }

    [Fact]
    public async Task Publish_AnswerLostAfterTheNetworkStoredIt_LookedUpAndAdoptedNotSentTwice()
    {
        _instance.Fail(StatusFault.LostResponse);

        var post = await PublishAsync("Réponse perdue");
        await app.WaitForVariantAsync(post.Id, 60, VariantStatus.Published);

        _instance.Statuses.Count.ShouldBe(1);
        _instance.PostsReceived.ShouldBe(1);
        _instance.Lookups.ShouldBe(1);
        var variant = (await Posts.FindAsync(_context, post.Id))!.Variants.Single();
        variant.RemoteId.ShouldBe(_instance.Statuses[0]["id"]!.GetValue<string>());
        variant.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task Publish_ThreadPartAnswerLost_ResumesAfterTheLastPartPublished()
    {
        // The first attempt meets a 500 on the post itself; the second publishes the post, then loses part 1's answer.
        _instance.Fail(StatusFault.ServerError, StatusFault.None, StatusFault.LostResponse);
        var post = await PublishAsync("Un fil", ["Partie perdue", "Dernière partie"]);

        await app.WaitForVariantAsync(post.Id, 60, VariantStatus.Published);

        _instance.Statuses.Select(s => s["content"]!.GetValue<string>()).ShouldBe(["<p>Un fil</p>", "<p>Partie perdue</p>", "<p>Dernière partie</p>"]);
        _instance.Statuses[2]["in_reply_to_id"]!.GetValue<string>().ShouldBe(_instance.Statuses[1]["id"]!.GetValue<string>());
        // 500, the post, part 1 (answer lost), then a third attempt: part 1 looked up and adopted, part 2 sent.
        _instance.PostsReceived.ShouldBe(4);
    }

    [Fact]
    public async Task Publish_ServerErrorThenRateLimited_RetriedOnceAndTheRateLimitSpendsNoAttempt()
    {
        _instance.Fail(StatusFault.ServerError, StatusFault.RateLimited);

        var post = await PublishAsync("Erreur puis limite");
        await app.WaitForVariantAsync(post.Id, 60, VariantStatus.Published);

        _instance.Statuses.Count.ShouldBe(1);
        _instance.PostsReceived.ShouldBe(3);
        var variant = (await Posts.FindAsync(_context, post.Id))!.Variants.Single();
        // The 500 used an attempt (and the retry looked the status up first); the 429 gave its attempt back.
        variant.Attempts.ShouldBe(2);
        (await FinishedJobAsync(variant.Id)).ShouldBe((2, "succeeded"));
    }

    [Fact]
    public async Task Publish_NetworkRefuses_FailedWithTheNetworksMessage()
    {
        _instance.Fail(StatusFault.Refused);

        var post = await PublishAsync("Refusé");
        await app.WaitForVariantAsync(post.Id, 30, VariantStatus.Failed);

        var variant = (await Posts.FindAsync(_context, post.Id))!.Variants.Single();
        variant.Error.ShouldNotBeNull();
        variant.Error.ShouldContain("Text character limit of 500 exceeded");
        _instance.Statuses.ShouldBeEmpty();
        (await app.CountAsync("select count(*) from audit_log where target_id = @id and action = 'post.failed'", new { id = post.Id.ToString() })).ShouldBe(1);
        // Its author is told, with the network's words.
        var told = await app.Get<NotificationService>().ListAsync(_context.Actor.UserId, _context.WorkspaceId, null, null);
        var notification = told.Items.ShouldHaveSingleItem();
        notification.Kind.ShouldBe(NotificationKindIds.PublishFailed);
        notification.Parameters["post"].ShouldBe("Refusé");
        notification.Parameters["channel"].ShouldBe("Brand toots");
        notification.Parameters["error"].ShouldContain("Text character limit of 500 exceeded");
    }

    [Fact]
    public async Task Publish_AnswerTimedOutAfterTheNetworkStoredIt_LookedUpAndAdoptedNotSentTwice()
    {
        _instance.Fail(StatusFault.StoredThenTimedOut);

        var post = await PublishAsync("Réponse trop lente");
        await app.WaitForVariantAsync(post.Id, 60, VariantStatus.Published);

        _instance.Statuses.Count.ShouldBe(1);
        _instance.PostsReceived.ShouldBe(1);
        _instance.Lookups.ShouldBe(1);
        (await Posts.FindAsync(_context, post.Id))!.Variants.Single().RemoteId.ShouldBe(_instance.Statuses[0]["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Publish_TimedOutBeforeTheNetworkStoredIt_LookedUpNotFoundAndSentAgainOnce()
    {
        _instance.Fail(StatusFault.TimedOut);

        var post = await PublishAsync("Pas de réponse");
        await app.WaitForVariantAsync(post.Id, 60, VariantStatus.Published);

        _instance.Statuses.Count.ShouldBe(1);
        _instance.PostsReceived.ShouldBe(2);
        _instance.Lookups.ShouldBe(1);
        (await Posts.FindAsync(_context, post.Id))!.Variants.Single().Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task Publish_ChannelBroken_PostponedWithoutAnAttemptThenPublishedOnceReconnected()
    {
        await app.CountAsync("update channels set status = 'broken', status_reason = 'The token was revoked.' where id = @id returning 1", new { id = _channel });

        var post = await PublishAsync("Canal cassé");
        var variantId = post.Variants.Single().Id;
        var postponed = await Chorus.Connectors.Tests.Support.Eventually.GetAsync(async () =>
        {
            await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
            return await connection.QuerySingleAsync<(string Status, int Attempts, DateTime DueAt, string? LastError)>(
                "select status, attempts, due_at, last_error from jobs where payload->>'variantId' = @id", new { id = variantId.ToString() });
        }, j => j.LastError is not null, "the job to be postponed", 30);

        (postponed.Status, postponed.Attempts).ShouldBe(("queued", 0));
        postponed.DueAt.ShouldBeGreaterThan(DateTime.UtcNow.AddMinutes(10));
        postponed.LastError!.ShouldContain("broken");
        var waiting = (await Posts.FindAsync(_context, post.Id))!.Variants.Single();
        (waiting.Status, waiting.Attempts, waiting.Error).ShouldBe((VariantStatus.Scheduled, 0, null));
        _instance.PostsReceived.ShouldBe(0);

        // Reconnected; its retry time comes.
        await app.CountAsync("update channels set status = 'healthy', status_reason = null where id = @id returning 1", new { id = _channel });
        await app.CountAsync("update jobs set due_at = now() where payload->>'variantId' = @id returning 1", new { id = variantId.ToString() });
        await app.WaitForVariantAsync(post.Id, 30, VariantStatus.Published);
        _instance.Statuses.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Publish_WorkerDiedHoldingTheJobAfterSending_LeaseTakenBackAndThePostAdopted()
    {
        // A worker claimed the job, marked the post as maybe sent, sent it (the network stored it) and died: the job is
        // running under its lease, which nobody renews.
        var post = await PublishAsync("Le travailleur est mort", at: DateTimeOffset.UtcNow.AddMinutes(10));
        var variantId = post.Variants.Single().Id;
        await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        var jobs = await connection.ExecuteAsync("""
            update jobs set status = 'running', attempts = 1, leased_by = 'dead-worker', lease_until = now() + interval '1 second', due_at = now()
            where kind = 'publishing.variant' and payload->>'variantId' = @id;
            update post_variants set status = 'publishing', attempts = 1, maybe_sent = true, scheduled_at = now() where id = @variantId;
            """, new { id = variantId.ToString(), variantId });
        jobs.ShouldBe(2);
        _instance.Store("Le travailleur est mort");

        await app.WaitForVariantAsync(post.Id, 30, VariantStatus.Published);

        _instance.PostsReceived.ShouldBe(0);
        _instance.Statuses.Count.ShouldBe(1);
        (await Posts.FindAsync(_context, post.Id))!.Variants.Single().RemoteId.ShouldBe(_instance.Statuses[0]["id"]!.GetValue<string>());
        (await FinishedJobAsync(variantId)).ShouldBe((2, "succeeded"));
        (await connection.ExecuteScalarAsync<string>("select leased_by from jobs where payload->>'variantId' = @id", new { id = variantId.ToString() }))
            .ShouldNotBe("dead-worker");
    }

    [Fact]
    public async Task Cancel_BeforeItsTime_TheJobRunsAndSendsNothing()
    {
        var post = await PublishAsync("Annulé à temps", at: DateTimeOffset.UtcNow.AddHours(1));
        await Posts.CancelAsync(_context, post.Id);
        // Its time comes.
        (await app.CountAsync("update jobs set due_at = now() where payload->>'variantId' = @id returning 1", new { id = post.Variants[0].Id.ToString() })).ShouldBe(1);

        await Chorus.Connectors.Tests.Support.Eventually.GetAsync(() => JobOfAsync(post.Variants[0].Id), j => j.Status == "succeeded", "the stale job", 30);

        _instance.PostsReceived.ShouldBe(0);
        (await Posts.FindAsync(_context, post.Id))!.Status.ShouldBe(VariantStatus.Cancelled);
    }
}
