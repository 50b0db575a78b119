using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Data.Jobs;
using Chorus.Notifications;
using Chorus.Platform;
using Chorus.Platform.CommandLine;
using Chorus.Tests.Support;
using Chorus.Workspaces;

namespace Chorus.Tests.Notifications;

/// <summary>Notifications in the app and by e-mail, handed to a real SMTP server on loopback (aiosmtpd).</summary>
public sealed class NotificationTests(MailChorusFactory app) : IClassFixture<MailChorusFactory>
{
    private static readonly Dictionary<string, string> Failed = new() { ["post"] = "Soldes d’été", ["channel"] = "Bluesky", ["error"] = "Text too long." };

    [Fact]
    public async Task NotifyAsync_ToARole_StoredForThoseMembersOnly_BellCountsAndPageShowsIt_MarkReadClearsIt()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var admin = await app.AddMemberAsync(workspace, WorkspaceRole.Admin);
        var moderator = await app.AddMemberAsync(workspace, WorkspaceRole.Moderator);
        var outsider = await app.CreateUserAsync();

        var made = await app.Get<NotificationService>().NotifyAsync(workspace.WorkspaceId,
            new NotificationRecipients([outsider.UserId], [WorkspaceRole.Owner, WorkspaceRole.Admin]), NotificationKindIds.PublishFailed, Failed,
            $"/w/{workspace.WorkspaceId}/channels");

        made.Count.ShouldBe(2);
        (await app.Get<NotificationService>().UnreadCountAsync(admin.UserId)).ShouldBe(1);
        (await app.Get<NotificationService>().UnreadCountAsync(moderator.UserId)).ShouldBe(0);
        (await app.Get<NotificationService>().UnreadCountAsync(outsider.UserId)).ShouldBe(0);

        using var browser = await app.SignedInAsync(admin);
        var home = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}");
        home.ShouldContain("aria-label=\"Notifications, 1 unread\"");
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/notifications"));
        page.ShouldContain("The post “Soldes d’été” could not be published on Bluesky: Text too long.");
        page.ShouldContain($"href=\"/w/{workspace.WorkspaceId}/channels\"");

        browser.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Dfr%7Cuic%3Dfr");
        var french = WebUtility.HtmlDecode(await browser.GetStringAsync("/notifications"));
        french.ShouldContain("La publication «\u00a0Soldes d’été\u00a0» n’a pas pu être publiée sur Bluesky\u00a0: Text too long.");
        browser.DefaultRequestHeaders.Remove("Cookie");

        using var read = await browser.PostAsync("/notifications?handler=Read", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = (await app.CountAsync("select id::int from notifications where user_id = @id", new { id = admin.UserId })).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(page),
        }));
        read.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}");
        after.ShouldContain("aria-label=\"Notifications, none unread\"");
        (await app.Get<NotificationService>().UnreadCountAsync(workspace.Owner.UserId)).ShouldBe(1);
    }

    [Fact]
    public async Task NotificationsPage_Nothing_SaysWhatWillAppear_AndMarkAllRead()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);

        var empty = await browser.GetStringAsync("/notifications");
        empty.ShouldContain("class=\"empty-state\"");
        empty.ShouldContain("No notifications.");

        var service = app.Get<NotificationService>();
        await service.NotifyAsync(workspace.WorkspaceId, NotificationRecipients.People(workspace.Owner.UserId), NotificationKindIds.PublishFailed, Failed);
        await service.NotifyAsync(workspace.WorkspaceId, NotificationRecipients.People(workspace.Owner.UserId), NotificationKindIds.ApprovalRequested,
            new Dictionary<string, string> { ["author"] = "Ana", ["post"] = "Rentrée" });
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/notifications"));
        page.ShouldContain("Ana asks you to approve the post “Rentrée”.");
        using var all = await browser.PostAsync("/notifications?handler=ReadAll", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(page),
        }));

        all.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await service.UnreadCountAsync(workspace.Owner.UserId)).ShouldBe(0);
        (await browser.GetStringAsync("/notifications")).ShouldNotContain("Mark all as read");
    }

    [Fact]
    public async Task NotifyAsync_InACallersTransactionRolledBack_LeavesNoNotificationAndNoMailJob()
    {
        var workspace = await app.CreateWorkspaceAsync();
        await using (var connection = await app.Get<Npgsql.NpgsqlDataSource>().OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            (await app.Get<NotificationService>().NotifyAsync(connection, transaction, workspace.WorkspaceId,
                NotificationRecipients.People(workspace.Owner.UserId), NotificationKindIds.PublishFailed, Failed)).Count.ShouldBe(1);
            await transaction.RollbackAsync();
        }

        (await app.CountAsync("select count(*) from notifications where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
        (await app.CountAsync("select count(*) from jobs where kind = 'notifications.email' and workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }

    [Fact]
    public async Task NotifyAsync_BadCalls_RefusedWithTheReason()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var service = app.Get<NotificationService>();
        var everyone = NotificationRecipients.People(workspace.Owner.UserId);

        (await Should.ThrowAsync<ArgumentException>(() => service.NotifyAsync(workspace.WorkspaceId, everyone, "post.liked"))).Message.ShouldContain("post.liked");
        (await Should.ThrowAsync<ArgumentException>(() => service.NotifyAsync(workspace.WorkspaceId, everyone, NotificationKindIds.PublishFailed,
            new Dictionary<string, string> { ["post"] = "x" }))).Message.ShouldContain("channel, error");
        (await Should.ThrowAsync<ArgumentException>(() => service.NotifyAsync(workspace.WorkspaceId, everyone, NotificationKindIds.PublishFailed, Failed,
            "https://evil.example/"))).ParamName.ShouldBe("link");
    }

    [Fact]
    public async Task MailJob_RunTwice_DeliversOneEmailInTheReadersLanguage_WithThePublicLink()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var reader = await app.AddMemberAsync(workspace, WorkspaceRole.Admin);
        await app.Get<Chorus.Platform.Accounts.UserAccounts>().SetCultureAsync(reader.UserId, "fr");

        var ids = await app.Get<NotificationService>().NotifyAsync(workspace.WorkspaceId, NotificationRecipients.People(reader.UserId),
            NotificationKindIds.PublishFailed, Failed, $"/w/{workspace.WorkspaceId}/channels");
        // A second enqueue of the same notification's e-mail is the same job.
        await app.Get<JobQueue>().EnqueueAsync(NotificationService.MailJobKind, new NotificationService.MailPayload(ids[0]),
            idempotencyKey: ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture), workspaceId: workspace.WorkspaceId);
        var ran = (await app.RunDueJobsAsync()).Where(r => r.Job.Kind == NotificationService.MailJobKind && r.Job.WorkspaceId == workspace.WorkspaceId).ToList();
        // Its lease lost, the job runs again on another worker.
        var again = await app.RunAsync(ran.Single().Job);

        ran.Single().Outcome.Kind.ShouldBe(JobOutcomeKind.Succeeded);
        again.Kind.ShouldBe(JobOutcomeKind.Succeeded);
        var mail = app.Smtp.MessagesTo(reader.Email).ShouldHaveSingleItem();
        mail.Subject.ShouldBe("La publication «\u00a0Soldes d’été\u00a0» n’a pas pu être publiée sur Bluesky\u00a0: Text too long.");
        mail.TextBody!.ShouldContain($"{MailChorusFactory.PublicUrl}/w/{workspace.WorkspaceId}/channels");
        mail.TextBody!.ShouldContain($"{MailChorusFactory.PublicUrl}/notifications");
        mail.From.Mailboxes.Single().Address.ShouldBe("chorus@example.test");
        mail.Headers["Auto-Submitted"].ShouldBe("auto-generated");
        (await app.CountAsync("select count(*) from notifications where id = @id and emailed_at is not null", new { id = ids[0] })).ShouldBe(1);
    }

    [Fact]
    public async Task MailJob_SmtpServerDown_FailsAndIsRetriedLater_TheEmailArrivesOnce()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var reader = await app.AddMemberAsync(workspace, WorkspaceRole.Owner);
        await app.Smtp.StopAsync();
        try
        {
            await app.Get<NotificationService>().NotifyAsync(workspace.WorkspaceId, NotificationRecipients.People(reader.UserId),
                NotificationKindIds.PublishFailed, Failed);

            var first = (await app.RunDueJobsAsync()).Single(r => r.Job.WorkspaceId == workspace.WorkspaceId);

            first.Outcome.Kind.ShouldBe(JobOutcomeKind.Failed);
            first.Outcome.Error!.ShouldContain($"127.0.0.1:{app.Smtp.Port}");
            var job = (await app.Get<JobQueue>().GetAsync(first.Job.Id))!;
            job.Status.ShouldBe(JobStatus.Queued);
            job.Attempts.ShouldBe(1);
        }
        finally
        {
            await app.Smtp.StartAsync();
        }
        app.Smtp.MessagesTo(reader.Email).ShouldBeEmpty();

        // The backoff of a first retry is at most JobQueue.BackoffBase.
        app.Clock.Advance(JobQueue.BackoffBase + TimeSpan.FromSeconds(1));
        var second = (await app.RunDueJobsAsync()).Single(r => r.Job.WorkspaceId == workspace.WorkspaceId);

        second.Outcome.Kind.ShouldBe(JobOutcomeKind.Succeeded);
        app.Smtp.MessagesTo(reader.Email).ShouldHaveSingleItem().Subject.ShouldBe("The post “Soldes d’été” could not be published on Bluesky: Text too long.");
        (await app.Get<JobQueue>().GetAsync(second.Job.Id))!.Status.ShouldBe(JobStatus.Succeeded);
    }

    [Fact]
    public async Task MailPreference_KindTurnedOff_NoEmail_OtherKindsStillMailed_InAppStillShown()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var reader = await app.AddMemberAsync(workspace, WorkspaceRole.Admin);
        var service = app.Get<NotificationService>();
        // Enqueued while the kind was still on, then turned off before the job ran.
        await service.NotifyAsync(workspace.WorkspaceId, NotificationRecipients.People(reader.UserId), NotificationKindIds.PublishFailed, Failed);
        using var browser = await app.SignedInAsync(reader);
        var page = await browser.GetStringAsync("/notifications");
        page.ShouldContain("name=\"mailed\" value=\"publish.failed\"");
        using var saved = await browser.PostAsync("/notifications?handler=Mail", new FormUrlEncodedContent(
        [
            new("mailed", NotificationKindIds.ApprovalRequested), new("mailed", NotificationKindIds.ChannelBroken),
            new("__RequestVerificationToken", ChorusFactory.Antiforgery(page)),
        ]));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await service.NotifyAsync(workspace.WorkspaceId, NotificationRecipients.People(reader.UserId), NotificationKindIds.PublishFailed, Failed);
        await service.NotifyAsync(workspace.WorkspaceId, NotificationRecipients.People(reader.UserId), NotificationKindIds.ApprovalRequested,
            new Dictionary<string, string> { ["author"] = "Ana", ["post"] = "Rentrée" });
        await app.RunDueJobsAsync();

        (await service.MailOptOutsAsync(reader.UserId)).Order().ShouldBe(
            app.Get<NotificationKinds>().All.Select(k => k.Id).Except([NotificationKindIds.ApprovalRequested, NotificationKindIds.ChannelBroken]).Order());
        app.Smtp.MessagesTo(reader.Email).ShouldHaveSingleItem().Subject.ShouldBe("Ana asks you to approve the post “Rentrée”.");
        (await app.CountAsync("select count(*) from jobs where kind = 'notifications.email' and workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(2);
        (await service.UnreadCountAsync(reader.UserId)).ShouldBe(3);
    }

    [Fact]
    public async Task Api_ListsTheTokenOwnersNotifications_PagedAndTranslated_MarksReadOneAndAll()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var other = await app.AddMemberAsync(workspace, WorkspaceRole.Admin);
        var service = app.Get<NotificationService>();
        for (var i = 0; i < 3; i++)
            await service.NotifyAsync(workspace.WorkspaceId, NotificationRecipients.People(workspace.Owner.UserId), NotificationKindIds.ApprovalRequested,
                new Dictionary<string, string> { ["author"] = "Ana", ["post"] = $"Post {i}" });
        await service.NotifyAsync(workspace.WorkspaceId, NotificationRecipients.People(other.UserId), NotificationKindIds.PublishFailed, Failed);
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var path = $"/api/v1/workspaces/{workspace.WorkspaceId}/notifications";

        var first = await api.GetFromJsonAsync<JsonElement>(path + "?limit=2");
        var items = first.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(2);
        items[0].GetProperty("text").GetString().ShouldBe("Ana asks you to approve the post “Post 2”.");
        items[0].GetProperty("parameters").GetProperty("post").GetString().ShouldBe("Post 2");
        items[0].GetProperty("readAt").ValueKind.ShouldBe(JsonValueKind.Null);
        var next = first.GetProperty("next").GetString()!;
        var second = await api.GetFromJsonAsync<JsonElement>(path + "?limit=2&cursor=" + Uri.EscapeDataString(next));
        second.GetProperty("items").EnumerateArray().Single().GetProperty("text").GetString().ShouldBe("Ana asks you to approve the post “Post 0”.");
        second.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);

        using var french = new HttpRequestMessage(HttpMethod.Get, path + "?limit=1");
        french.Headers.AcceptLanguage.ParseAdd("fr");
        using var frenchAnswer = await api.SendAsync(french);
        (await frenchAnswer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0].GetProperty("text").GetString()
            .ShouldBe("Ana vous demande de valider la publication «\u00a0Post 2\u00a0».");

        var id = items[0].GetProperty("id").GetInt64();
        (await api.PostAsync($"{path}/{id}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var otherId = await app.CountAsync("select id::int from notifications where user_id = @id", new { id = other.UserId });
        (await api.PostAsync($"{path}/{otherId}/read", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.GetFromJsonAsync<JsonElement>(path + "?unread=true")).GetProperty("items").GetArrayLength().ShouldBe(2);
        (await (await api.PostAsync($"{path}/read", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marked").GetInt32().ShouldBe(2);
        (await service.UnreadCountAsync(workspace.Owner.UserId)).ShouldBe(0);
        (await service.UnreadCountAsync(other.UserId)).ShouldBe(1);
        (await api.GetAsync(path + "?cursor=nonsense")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Command_NotificationList_PrintsTheMembersNotifications_AsLinesOrJson()
    {
        var workspace = await app.CreateWorkspaceAsync();
        await app.Get<NotificationService>().NotifyAsync(workspace.WorkspaceId, NotificationRecipients.People(workspace.Owner.UserId),
            NotificationKindIds.PublishFailed, Failed, $"/w/{workspace.WorkspaceId}/channels");

        var lines = await CommandAsync("list", "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email);
        var json = await CommandAsync("list", "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email, "--json");
        var stranger = await CommandAsync("list", "--workspace", workspace.WorkspaceId.ToString(), "--as", "nobody@example.test");

        lines.Exit.ShouldBe(ChorusCommandLine.Ok, lines.Error);
        lines.Output.ShouldContain("\tunread\tThe post “Soldes d’été” could not be published on Bluesky: Text too long.\t/w/");
        json.Exit.ShouldBe(ChorusCommandLine.Ok, json.Error);
        var item = JsonDocument.Parse(json.Output.Trim()).RootElement;
        item.GetProperty("kind").GetString().ShouldBe(NotificationKindIds.PublishFailed);
        item.GetProperty("parameters").GetProperty("channel").GetString().ShouldBe("Bluesky");
        item.GetProperty("link").GetString().ShouldBe($"/w/{workspace.WorkspaceId}/channels");
        stranger.Exit.ShouldBe(ChorusCommandLine.BadInput);
        stranger.Error.ShouldContain("as: No account has the e-mail address 'nobody@example.test'.");
    }

    private async Task<(int Exit, string Output, string Error)> CommandAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await NotificationCommand.RunAsync(args, output, error, builder => builder.Configuration["CHORUS_DATABASE"] = app.ConnectionString);
        return (exit, output.ToString(), error.ToString());
    }
}
