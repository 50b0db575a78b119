using Chorus.Publishing;
using Chorus.Publishing.Calendar;
using Chorus.Publishing.Queues;
using Chorus.Tests.Support;
using Dapper;
using Npgsql;

namespace Chorus.Tests.Publishing.Queues;

/// <summary>Recurring and evergreen posts on PostgreSQL: occurrences until a count or a date, the same wall-clock time
/// across a summer-time change, the cooldown, and no duplicate when the automation runs twice or twice at once (the app's
/// own automation job runs beside these calls too).</summary>
public sealed class RecurrenceAndEvergreenTests(PublishingFactory app) : IClassFixture<PublishingFactory>
{
    private static readonly Uri Instance = new("http://127.0.0.1:9/");

    private async Task<(WorkspaceContext Owner, Guid Channel)> WorkspaceAsync(string zone = "UTC")
    {
        var workspace = await app.CreateWorkspaceAsync("Auto");
        var owner = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        await app.Get<CalendarZones>().SetWorkspaceZoneAsync(owner, zone);
        return (owner, await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Auto toots"));
    }

    /// <summary>A post written and submitted in a workspace with no approval: scheduled at its time.</summary>
    private async Task<Post> ScheduledAsync(WorkspaceContext owner, Guid channel, DateTimeOffset at, string text = "Le marché du samedi")
    {
        var posts = app.Get<PublishingService>();
        var id = await posts.CreateAsync(owner, new CreatePostRequest([channel], text, ScheduledAt: at));
        return (await posts.SubmitAsync(owner, id))!;
    }

    private async Task RunTwiceAtOnceThenAgainAsync(Func<Task> run)
    {
        await Task.WhenAll(Task.Run(run), Task.Run(run));
        await run();
    }

    [Fact]
    public async Task Recurrence_ThreeTimesInAll_TwoCopiesScheduledOnceHoweverOftenTheJobRuns()
    {
        var (owner, channel) = await WorkspaceAsync();
        var at = DateTimeOffset.UtcNow.Date.AddDays(1).AddHours(10);
        var post = await ScheduledAsync(owner, channel, new DateTimeOffset(at, TimeSpan.Zero));
        await app.Get<Recurrences>().SetAsync(owner, post.Id, new RecurrenceRequest(1, Recurrences.Day, Times: 3));

        await RunTwiceAtOnceThenAgainAsync(() => app.Get<Recurrences>().RunAsync());

        var recurrence = (await app.Get<Recurrences>().FindAsync(owner, post.Id))!;
        recurrence.Occurrences.Select(o => o.Number).ShouldBe([1, 2]);
        recurrence.Occurrences.Select(o => o.At).ShouldBe([new DateTimeOffset(at.AddDays(1), TimeSpan.Zero), new DateTimeOffset(at.AddDays(2), TimeSpan.Zero)]);
        foreach (var occurrence in recurrence.Occurrences)
        {
            var copy = (await app.Get<PublishingService>().FindAsync(owner, occurrence.PostId!.Value))!;
            copy.Status.ShouldBe(VariantStatus.Scheduled);
            copy.Variants.Single().Text.ShouldBe("Le marché du samedi");
            copy.Variants.Single().ScheduledAt.ShouldBe(occurrence.At);
            (await app.CountAsync("select count(*) from jobs where kind = 'publishing.variant' and payload->>'variantId' = @id",
                new { id = copy.Variants.Single().Id.ToString() })).ShouldBe(1);
        }
        (await app.CountAsync("select count(*) from posts where workspace_id = @id", new { id = owner.WorkspaceId })).ShouldBe(3);
    }

    [Fact]
    public async Task Recurrence_UntilADate_StopsThere_AndKeepsTheWallClockAcrossTheChange()
    {
        // Paris, weekly at 09:00 from Saturday 2027-03-20 (winter) until 2027-04-03: the 27th and 3rd are in summer time.
        var (owner, channel) = await WorkspaceAsync("Europe/Paris");
        var post = await ScheduledAsync(owner, channel, DateTimeOffset.Parse("2027-03-20T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        // Those occurrences are months ahead (the job creates them a week before): their times are checked as the job computes them.
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

        Recurrences.Shift(post.Variants.Single().ScheduledAt!.Value, 7, paris).ShouldBe(DateTimeOffset.Parse("2027-03-27T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Recurrences.Shift(post.Variants.Single().ScheduledAt!.Value, 14, paris).ShouldBe(DateTimeOffset.Parse("2027-04-03T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        // Until a date, within the coming week: every 2 days from tomorrow 10:00 until the day after tomorrow + 3.
        var (owner2, channel2) = await WorkspaceAsync();
        var start = DateTimeOffset.UtcNow.Date.AddDays(1).AddHours(10);
        var source = await ScheduledAsync(owner2, channel2, new DateTimeOffset(start, TimeSpan.Zero), "Tous les deux jours");
        var until = DateOnly.FromDateTime(start.AddDays(4));
        await app.Get<Recurrences>().SetAsync(owner2, source.Id, new RecurrenceRequest(2, Recurrences.Day, Until: until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

        await RunTwiceAtOnceThenAgainAsync(() => app.Get<Recurrences>().RunAsync());

        var recurrence = (await app.Get<Recurrences>().FindAsync(owner2, source.Id))!;
        recurrence.Occurrences.Select(o => o.At.UtcDateTime).ShouldBe([start.AddDays(2), start.AddDays(4)]);
        recurrence.Occurrences.ShouldAllBe(o => o.PostId != null);
    }

    [Fact]
    public async Task Recurrence_PostStillADraft_NothingUntilItIsApproved()
    {
        var (owner, channel) = await WorkspaceAsync();
        var id = await app.Get<PublishingService>().CreateAsync(owner, new CreatePostRequest([channel], "Pas encore", ScheduledAt: DateTimeOffset.UtcNow.AddHours(3)));
        await app.Get<Recurrences>().SetAsync(owner, id, new RecurrenceRequest(1, Recurrences.Day, Times: 5));

        await app.Get<Recurrences>().RunAsync();

        (await app.Get<Recurrences>().FindAsync(owner, id))!.Occurrences.ShouldBeEmpty();
    }

    [Fact]
    public async Task Recurrence_BadRequest_NamesEachField()
    {
        var (owner, channel) = await WorkspaceAsync();
        var id = await app.Get<PublishingService>().CreateAsync(owner, new CreatePostRequest([channel], "Mauvais"));

        var refused = await Should.ThrowAsync<InputException>(() => app.Get<Recurrences>().SetAsync(owner, id, new RecurrenceRequest(0, "month")));

        refused.Errors.Select(e => e.Field).ShouldBe(["every", "unit", "until"], ignoreOrder: true);
    }

    /// <summary>Marks the post's variants published <paramref name="ago"/>, as the engine would have.</summary>
    private async Task PublishedAsync(Guid postId, TimeSpan ago)
    {
        await using var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync();
        await connection.ExecuteAsync("""
            update post_variants set status = 'published', remote_id = 'remote-' || id, published_at = now() - @ago, scheduled_at = now() - @ago
            where post_id = @postId
            """, new { postId, ago });
    }

    [Fact]
    public async Task Evergreen_CooldownOver_OneCopyInTheNextFreeSlot_EvenWhenRunTwiceAtOnce()
    {
        var (owner, channel) = await WorkspaceAsync();
        foreach (var day in QueueTimes.WeekdayNames) await app.Get<QueueService>().AddSlotAsync(owner, channel, new QueueSlotRequest(day, "11:00"));
        var post = await ScheduledAsync(owner, channel, DateTimeOffset.UtcNow.AddDays(2), "Notre recette phare");
        await PublishedAsync(post.Id, TimeSpan.FromDays(3));
        var expected = (await app.Get<QueueService>().NextFreeAsync(owner, channel))!.At;
        await app.Get<Evergreen>().SetAsync(owner, post.Id, new EvergreenRequest(2));

        await RunTwiceAtOnceThenAgainAsync(() => app.Get<Evergreen>().RunAsync());

        var evergreen = (await app.Get<Evergreen>().FindAsync(owner, post.Id))!;
        var copy = (await app.Get<PublishingService>().FindAsync(owner, evergreen.Copies.Single()))!;
        copy.Status.ShouldBe(VariantStatus.Scheduled);
        copy.Variants.Single().Text.ShouldBe("Notre recette phare");
        copy.Variants.Single().ScheduledAt.ShouldBe(expected);

        // Once the copy is published and its own cooldown is over, a second round; not before.
        await PublishedAsync(copy.Id, TimeSpan.FromDays(1));
        await app.Get<Evergreen>().RunAsync();
        (await app.Get<Evergreen>().FindAsync(owner, post.Id))!.Copies.Count.ShouldBe(1);
        await PublishedAsync(copy.Id, TimeSpan.FromDays(2.5));
        await RunTwiceAtOnceThenAgainAsync(() => app.Get<Evergreen>().RunAsync());
        (await app.Get<Evergreen>().FindAsync(owner, post.Id))!.Copies.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Evergreen_CooldownNotOver_Nothing()
    {
        var (owner, channel) = await WorkspaceAsync();
        await app.Get<QueueService>().AddSlotAsync(owner, channel, new QueueSlotRequest("monday", "11:00"));
        var post = await ScheduledAsync(owner, channel, DateTimeOffset.UtcNow.AddDays(2), "Trop tôt");
        await PublishedAsync(post.Id, TimeSpan.FromDays(1));
        await app.Get<Evergreen>().SetAsync(owner, post.Id, new EvergreenRequest(2));

        await app.Get<Evergreen>().RunAsync();

        (await app.Get<Evergreen>().FindAsync(owner, post.Id))!.Copies.ShouldBeEmpty();
        (await app.CountAsync("select count(*) from evergreen_requeues where source_post_id = @id", new { id = post.Id })).ShouldBe(0);
    }
}
