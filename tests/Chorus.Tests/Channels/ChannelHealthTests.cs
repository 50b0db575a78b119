using System.Net;
using System.Net.Http.Json;
using Chorus.Channels;
using Chorus.Workspaces;
using Chorus.Data.Jobs;
using Chorus.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Chorus.Tests.Channels;

public sealed class ChannelHealthTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    [Fact]
    public async Task HealthJob_PasswordRevokedOnTheSite_ChannelBrokenAuditedBannerShownAndNextCheckScheduled()
    {
        var password = "abcd EFGH 1234 ijkl MNOP 5678";
        await using var site = await NetworkStubs.WordPressAsync(() => password);
        var workspace = await app.CreateWorkspaceAsync();
        var moderator = await app.AddMemberAsync(workspace, WorkspaceRole.Moderator);
        var channel = await ConnectWordPressAsync(workspace, site.BaseUrl, password);
        password = "revoked on the site";

        var outcome = await RunHealthJobAsync(channel.Id, workspace.WorkspaceId);

        outcome.Kind.ShouldBe(JobOutcomeKind.Succeeded);
        var broken = (await app.Get<ChannelService>().FindAsync(await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId), channel.Id))!;
        broken.Status.ShouldBe("broken");
        broken.StatusReason!.ShouldContain("invalid application password");
        (await app.CountAsync("select count(*) from audit_log where workspace_id = @id and action = 'channel.broken' and target_id = @target",
            new { id = workspace.WorkspaceId, target = channel.Id.ToString() })).ShouldBe(1);
        (await app.CountAsync("select count(*) from jobs where kind = 'channels.health' and payload->>'channelId' = @target and due_at > now()",
            new { target = channel.Id.ToString() })).ShouldBe(1);
        // The owner is notified (with the reader's sentence, a link to the channels); a moderator is not.
        (await app.CountAsync("select count(*) from notifications where workspace_id = @id and user_id = @user and kind = 'channel.broken' and link like '%/channels'",
            new { id = workspace.WorkspaceId, user = workspace.Owner.UserId })).ShouldBe(1);
        (await app.CountAsync("select count(*) from notifications where user_id = @user", new { user = moderator.UserId })).ShouldBe(0);
        using var ownerBrowser = await app.SignedInAsync(workspace.Owner);
        WebUtility.HtmlDecode(await ownerBrowser.GetStringAsync("/notifications")).ShouldContain($"Channel {channel.Name} is broken: The network refused these credentials");

        using var browser = await app.SignedInAsync(moderator);
        var page = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}");
        page.ShouldContain("class=\"banner\"");
        page.ShouldContain($"Channel {channel.Name} is broken");
        // The banner says what to do in the reader's words, not the network's raw message.
        page.ShouldContain("The network refused these credentials");
    }

    [Fact]
    public async Task HealthJob_SiteDownOnce_StaysHealthyUntilTheThirdFailureInARow()
    {
        await using var site = await NetworkStubs.WordPressAsync(() => "pass");
        var workspace = await app.CreateWorkspaceAsync();
        var channel = await ConnectWordPressAsync(workspace, site.BaseUrl, "pass");
        await site.DisposeAsync();
        var health = app.Get<ChannelHealth>();

        var first = await health.CheckAsync(channel.Id);
        var second = await health.CheckAsync(channel.Id);
        var third = await health.CheckAsync(channel.Id);

        first!.Succeeded.ShouldBeFalse();
        first.Channel.Status.ShouldBe("healthy");
        second!.Channel.Status.ShouldBe("healthy");
        third!.Channel.Status.ShouldBe("broken");
    }

    [Fact]
    public async Task HoldAsync_BrokenChannel_PostponesWithoutUsingAnAttempt_HealthyProceeds_DisconnectedIsDead()
    {
        var password = "pass word";
        await using var site = await NetworkStubs.WordPressAsync(() => password);
        var workspace = await app.CreateWorkspaceAsync();
        var channel = await ConnectWordPressAsync(workspace, site.BaseUrl, password);
        var gate = app.Get<ChannelGate>();

        (await gate.HoldAsync(channel.Id)).ShouldBeNull();

        password = "changed";
        await app.Get<ChannelHealth>().CheckAsync(channel.Id);
        var postponed = await gate.HoldAsync(channel.Id);

        postponed!.Kind.ShouldBe(JobOutcomeKind.RetryAt);
        postponed.At!.Value.ShouldBeGreaterThan(app.Get<TimeProvider>().GetUtcNow().AddMinutes(14));
        postponed.Error!.ShouldContain("broken");

        await app.Get<ChannelService>().DisconnectAsync(await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId), channel.Id);
        (await gate.HoldAsync(channel.Id))!.Kind.ShouldBe(JobOutcomeKind.Dead);
    }

    [Fact]
    public async Task HoldAsync_AfterTheNetworkRateLimitedTheChannel_PostponesUntilTheTimeItGave_OtherChannelsProceed()
    {
        await using var site = await NetworkStubs.WordPressAsync(() => "pass word");
        var workspace = await app.CreateWorkspaceAsync();
        var limited = await ConnectWordPressAsync(workspace, site.BaseUrl, "pass word");
        var gate = app.Get<ChannelGate>();
        var until = app.Get<TimeProvider>().GetUtcNow().AddMinutes(7);

        var answer = gate.RateLimited(limited.Id, Chorus.Connectors.Abstractions.ConnectorResult.RateLimited(until, "WordPress answered 429"));
        var postponed = await gate.HoldAsync(limited.Id);

        answer.Kind.ShouldBe(JobOutcomeKind.RetryAt);
        answer.At.ShouldBe(until);
        postponed!.Kind.ShouldBe(JobOutcomeKind.RetryAt);
        postponed.At.ShouldBe(until);
        postponed.Error!.ShouldContain("request budget");
        var other = await app.CreateWorkspaceAsync();
        var unaffected = await ConnectWordPressAsync(other, site.BaseUrl, "pass word");
        (await gate.HoldAsync(unaffected.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task TestEndpoint_WrongPassword_MarksBrokenAtOnceAndReconnectHealsIt()
    {
        var password = "pass word";
        await using var site = await NetworkStubs.WordPressAsync(() => password);
        var workspace = await app.CreateWorkspaceAsync();
        var channel = await ConnectWordPressAsync(workspace, site.BaseUrl, password);
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        password = "new pass word";

        var tested = await (await api.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels/{channel.Id}/test", null))
            .Content.ReadFromJsonAsync<ChannelsApi.TestResponse>();
        using var reconnected = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels",
            new { network = "wordpress", url = site.BaseUrl.AbsoluteUri, username = "editor", password });

        tested!.Succeeded.ShouldBeFalse();
        tested.Channel.Status.ShouldBe("broken");
        reconnected.StatusCode.ShouldBe(HttpStatusCode.Created);
        var healed = (await reconnected.Content.ReadFromJsonAsync<ChannelsApi.ConnectResponse>())!.Channel!;
        healed.Id.ShouldBe(channel.Id);
        healed.Status.ShouldBe("healthy");
    }

    [Fact]
    public async Task Seeder_ChannelWhoseHealthChainEnded_GetsItsNextCheckOnce()
    {
        await using var site = await NetworkStubs.WordPressAsync(() => "pass");
        var workspace = await app.CreateWorkspaceAsync();
        var channel = await ConnectWordPressAsync(workspace, site.BaseUrl, "pass");
        await app.CountAsync("delete from jobs where kind = 'channels.health' and payload->>'channelId' = @target", new { target = channel.Id.ToString() });
        var seeder = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ChannelHealthSeeder>().Single();

        await seeder.StartAsync(CancellationToken.None);
        await seeder.StartAsync(CancellationToken.None);

        (await app.CountAsync("select count(*) from jobs where kind = 'channels.health' and payload->>'channelId' = @target and status = 'queued'",
            new { target = channel.Id.ToString() })).ShouldBe(1);
    }

    private async Task<Channel> ConnectWordPressAsync(ChorusFactory.WorkspaceWithOwner workspace, Uri site, string password)
    {
        var context = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        return (await app.Get<ChannelConnections>().ConnectAsync(context,
            new ConnectRequest("wordpress", "Brand blog", site.AbsoluteUri, Username: "editor", Password: password))).Channel!;
    }

    private async Task<JobOutcome> RunHealthJobAsync(Guid channelId, Guid workspaceId)
    {
        using var scope = app.Services.CreateScope();
        var handler = scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>(ChannelHealthSchedule.JobKind);
        var now = app.Get<TimeProvider>().GetUtcNow();
        var job = new Job(1, ChannelHealthSchedule.JobKind, workspaceId, $$"""{"channelId":"{{channelId}}"}""", null, JobStatus.Running, now, 1, 8, now.AddMinutes(5),
            "test", null, now, null);
        return await handler.HandleAsync(job, CancellationToken.None);
    }
}
