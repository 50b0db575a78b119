using System.Net;
using Chorus.Workspaces;
using Chorus.Tests.Support;

namespace Chorus.Tests.Workspaces;

public sealed class TenantIsolationTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    [Fact]
    public void EveryWorkspaceRoute_DeclaresAPermission()
    {
        var undeclared = ApiRoute.All(app.Services).Where(r => r.IsWorkspaceRoute && r.Permission is null).ToList();

        ApiRoute.All(app.Services).Count(r => r.IsWorkspaceRoute).ShouldBeGreaterThan(10);
        undeclared.ShouldBeEmpty();
    }

    [Fact]
    public async Task EveryWorkspaceRoute_MemberOfAnotherWorkspace_Gets404AndChangesNothing()
    {
        var a = await app.CreateWorkspaceAsync("A");
        var b = await app.CreateWorkspaceAsync("B");
        var bMember = await app.AddMemberAsync(b, WorkspaceRole.Analyst);
        var bInvitation = await app.Get<Invitations>().CreateAsync(await app.ContextAsync(b.Owner.UserId, b.WorkspaceId), WorkspaceRole.Moderator, null);
        var bToken = await app.TokenAsync(b.Owner.UserId, b.WorkspaceId);
        var bTokenId = (await app.Get<Chorus.Workspaces.ApiTokens>().ListAsync(await app.ContextAsync(b.Owner.UserId, b.WorkspaceId))).Single().Id;
        using var attacker = app.Api(await app.TokenAsync(a.Owner.UserId, a.WorkspaceId));
        var before = await app.CountAsync("select count(*) from audit_log where workspace_id = @id", new { id = b.WorkspaceId });

        var bDeadJob = await app.CountAsync("""
            insert into jobs (kind, workspace_id, status, due_at, attempts, max_attempts, created_at, finished_at, last_error)
            values ('test.dead', @id, 'dead', now(), 1, 1, now(), now(), 'boom') returning id
            """, new { id = b.WorkspaceId });
        var bChannel = Guid.CreateVersion7();
        await app.CountAsync("""
            insert into channels (id, workspace_id, network, name, account, base_url, status, created_at)
            values (@bChannel, @id, 'feed', 'B feed', 'https://b.example/feed.xml', 'https://b.example/feed.xml', 'healthy', now())
            """, new { bChannel, id = b.WorkspaceId });
        var bNotification = (await app.Get<Chorus.Notifications.NotificationService>().NotifyAsync(b.WorkspaceId,
            Chorus.Notifications.NotificationRecipients.People(b.Owner.UserId), Chorus.Notifications.NotificationKindIds.ApprovalRequested,
            new Dictionary<string, string> { ["author"] = "Ana", ["post"] = "B post" })).Single();
        var bMedia = Guid.CreateVersion7();
        await app.CountAsync("""
            insert into media (id, workspace_id, sha256, content_type, bytes, width, height, name, alt_text, uploaded_at)
            values (@bMedia, @id, repeat('ab', 32), 'image/png', 10, 1, 1, 'b.png', 'B image', now())
            """, new { bMedia, id = b.WorkspaceId });
        var (bPost, bVariant) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await app.CountAsync("""
            insert into posts (id, workspace_id, author_id, created_at, updated_at) values (@bPost, @id, @owner, now(), now());
            insert into post_variants (id, post_id, channel_id, network, text, idempotency_key) values (@bVariant, @bPost, @bChannel, 'feed', 'B post', 'k');
            """, new { bPost, bVariant, bChannel, id = b.WorkspaceId, owner = b.Owner.UserId });
        var (bCampaign, bEvent, bLink) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await app.CountAsync("""
            insert into campaigns (id, workspace_id, name, colour, starts_on, ends_on, created_at)
            values (@bCampaign, @id, 'B campaign', '#123456', current_date, current_date, now());
            insert into calendar_events (id, workspace_id, name, kind, starts_at, ends_at, campaign_id, post_id, created_at)
            values (@bEvent, @id, 'B contest', 'contest', now(), now(), @bCampaign, @bPost, now());
            insert into review_links (id, workspace_id, post_id, step, created_at, expires_at)
            values (@bLink, @id, @bPost, 1, now(), now() + interval '1 day');
            """, new { bCampaign, bEvent, bLink, bPost, id = b.WorkspaceId });
        var (bTemplate, bSignature, bHashtags, bShortLink) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await app.CountAsync("""
            insert into post_templates (id, workspace_id, name, body, created_at, updated_at) values (@bTemplate, @id, 'B template', 'B body', now(), now());
            insert into signatures (id, workspace_id, name, text, default_channel_id, created_at, updated_at)
            values (@bSignature, @id, 'B signature', 'B text', @bChannel, now(), now());
            insert into hashtag_groups (id, workspace_id, name, hashtags, created_at, updated_at) values (@bHashtags, @id, 'B tags', '{b}', now(), now());
            insert into short_links (id, workspace_id, code, url, created_at) values (@bShortLink, @id, 'BbBbBbBbBb', 'https://b.example/', now());
            """, new { bTemplate, bSignature, bHashtags, bShortLink, bChannel, id = b.WorkspaceId });
        var bSlot = Guid.CreateVersion7();
        await app.CountAsync("""
            insert into queue_slots (id, workspace_id, channel_id, weekday, local_time, created_at) values (@bSlot, @id, @bChannel, 1, '09:00', now());
            insert into post_recurrences (post_id, workspace_id, every, unit, times, created_at) values (@bPost, @id, 1, 'week', 3, now());
            insert into evergreen_posts (post_id, workspace_id, cooldown_days, created_at) values (@bPost, @id, 30, now());
            """, new { bSlot, bChannel, bPost, id = b.WorkspaceId });
        var bResources = new Dictionary<string, string>
        {
            ["notificationId"] = bNotification.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["channelId"] = bChannel.ToString(), ["postId"] = bPost.ToString(), ["variantId"] = bVariant.ToString(), ["mediaId"] = bMedia.ToString(),
            ["userId"] = bMember.UserId.ToString(), ["invitationId"] = bInvitation.Id.ToString(), ["tokenId"] = bTokenId.ToString(),
            ["jobId"] = bDeadJob.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["campaignId"] = bCampaign.ToString(), ["eventId"] = bEvent.ToString(), ["linkId"] = bLink.ToString(),
            ["templateId"] = bTemplate.ToString(), ["signatureId"] = bSignature.ToString(), ["hashtagGroupId"] = bHashtags.ToString(),
            ["shortLinkId"] = bShortLink.ToString(),
            ["queueSlotId"] = bSlot.ToString(),
        };
        var failures = new List<string>();
        foreach (var route in ApiRoute.All(app.Services).Where(r => r.IsWorkspaceRoute))
        {
            // B's workspace id, and (where the route has them) B's resource ids under A's own workspace id.
            var attempts = new List<Dictionary<string, string>> { new(bResources) { ["workspaceId"] = b.WorkspaceId.ToString() } };
            if (route.Pattern.Count(c => c == '{') > 1) attempts.Add(new(bResources) { ["workspaceId"] = a.WorkspaceId.ToString() });
            foreach (var values in attempts)
            {
                using var response = await attacker.SendAsync(route.Request(values));
                // In A's own workspace, what only a signed-in person may do is refused to A's token before B's ids are looked at.
                var expected = route.SignedInPersonOnly && values["workspaceId"] == a.WorkspaceId.ToString() ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound;
                if (response.StatusCode != expected) failures.Add($"{route} as {route.Url(values)} answered {(int)response.StatusCode}");
            }
        }

        failures.ShouldBeEmpty();
        (await app.CountAsync("select count(*) from audit_log where workspace_id = @id", new { id = b.WorkspaceId })).ShouldBe(before);
        (await app.CountAsync("select count(*) from jobs where id = @bDeadJob and status = 'dead'", new { bDeadJob })).ShouldBe(1);
        (await app.CountAsync("select count(*) from channels where id = @bChannel and name = 'B feed'", new { bChannel })).ShouldBe(1);
        (await app.CountAsync("select count(*) from post_variants where id = @bVariant and status = 'draft' and text = 'B post'", new { bVariant })).ShouldBe(1);
        (await app.CountAsync("select count(*) from notifications where id = @bNotification and read_at is null", new { bNotification })).ShouldBe(1);
        (await app.CountAsync("select count(*) from media where id = @bMedia and alt_text = 'B image'", new { bMedia })).ShouldBe(1);
        (await app.CountAsync("select count(*) from campaigns where id = @bCampaign and name = 'B campaign'", new { bCampaign })).ShouldBe(1);
        (await app.CountAsync("select count(*) from calendar_events where id = @bEvent and name = 'B contest'", new { bEvent })).ShouldBe(1);
        (await app.CountAsync("select count(*) from contest_draws where event_id = @bEvent", new { bEvent })).ShouldBe(0);
        (await app.CountAsync("select count(*) from review_links where id = @bLink and revoked_at is null", new { bLink })).ShouldBe(1);
        (await app.CountAsync("select count(*) from post_templates where id = @bTemplate and name = 'B template' and body = 'B body'", new { bTemplate })).ShouldBe(1);
        (await app.CountAsync("select count(*) from signatures where id = @bSignature and name = 'B signature' and default_channel_id = @bChannel", new { bSignature, bChannel }))
            .ShouldBe(1);
        (await app.CountAsync("select count(*) from hashtag_groups where id = @bHashtags and name = 'B tags'", new { bHashtags })).ShouldBe(1);
        (await app.CountAsync("select count(*) from short_links where id = @bShortLink and url = 'https://b.example/'", new { bShortLink })).ShouldBe(1);
        (await app.CountAsync("select count(*) from queue_slots where id = @bSlot", new { bSlot })).ShouldBe(1);
        (await app.CountAsync("select count(*) from post_recurrences where post_id = @bPost and times = 3", new { bPost })).ShouldBe(1);
        (await app.CountAsync("select count(*) from evergreen_posts where post_id = @bPost and cooldown_days = 30", new { bPost })).ShouldBe(1);
        (await app.CountAsync("select count(*) from post_variants where post_id = @bPost and scheduled_at is null", new { bPost })).ShouldBe(1);
        using var owner = app.Api(bToken);
        (await owner.GetAsync($"/api/v1/workspaces/{b.WorkspaceId}/members/{bMember.UserId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TokenOfWorkspaceA_UsedOnWorkspaceBWhereOwnerIsAlsoMember_Gets404()
    {
        var a = await app.CreateWorkspaceAsync("A");
        var b = await app.CreateWorkspaceAsync("B");
        var both = await app.AddMemberAsync(a, WorkspaceRole.Admin);
        var invitation = await app.Get<Invitations>().CreateAsync(await app.ContextAsync(b.Owner.UserId, b.WorkspaceId), WorkspaceRole.Admin, null);
        await app.Get<Invitations>().AcceptAsync(invitation.Token, both.UserId);
        using var client = app.Api(await app.TokenAsync(both.UserId, a.WorkspaceId));

        (await client.GetAsync($"/api/v1/workspaces/{a.WorkspaceId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync($"/api/v1/workspaces/{b.WorkspaceId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
