using System.Net;
using System.Net.Http.Json;
using Chorus.Publishing;
using Chorus.Publishing.Calendar;
using Chorus.Tests.Support;
using Dapper;
using Npgsql;

namespace Chorus.Tests.Publishing.Calendar;

/// <summary>Contests on PostgreSQL: entries stored by the test (as collected replies would be), a draw that keeps the
/// conditions (hashtag, not the brand, one entry each), stored with its seed and list, and drawn again the same.</summary>
public sealed class ContestTests(PublishingFactory app) : IClassFixture<PublishingFactory>
{
    private static readonly DateTimeOffset Noon = new(2027, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static ContestEntry Reply(string handle, string text, int minute, string? id = null) =>
        new("bluesky", id ?? $"at://did:plc:{handle}/app.bsky.feed.post/{minute}", $"did:plc:{handle}", handle + ".bsky.social", null, text, null, Noon.AddMinutes(minute));

    [Fact]
    public void Eligibility_BrandNoHashtagAndSecondEntries_Excluded_InReplyOrder()
    {
        var entries = new[]
        {
            Reply("alice", "Je participe #Concours !", 3),
            Reply("bob", "Moi aussi", 1),
            Reply("alice", "Encore moi #concours", 5),
            Reply("brand", "Merci à tous #concours", 2),
            Reply("chloe", "#concoursbis", 4),
            Reply("dan", "#CONCOURS", 6),
        };

        var drawn = Contests.Eligibility(entries, "#concours", ["@brand.bsky.social"]);

        drawn.Select(d => (d.Handle, d.Excluded)).ShouldBe([
            ("bob.bsky.social", "no_hashtag"), ("brand.bsky.social", "brand"), ("alice.bsky.social", null), ("chloe.bsky.social", "no_hashtag"),
            ("alice.bsky.social", "duplicate"), ("dan.bsky.social", null)]);
    }

    [Fact]
    public void Draw_SameSeedSameWinners_OtherSeedAnOrderFromTheTickets()
    {
        var entrants = Contests.Eligibility(Enumerable.Range(1, 40).Select(i => Reply($"p{i}", "#jeu", i)), "#jeu", []);
        var seed = new string('a', 64);

        var first = Contests.Draw(seed, entrants, 3);
        var again = Contests.Draw(seed, entrants, 3);
        var other = Contests.Draw(new string('b', 64), entrants, 3);

        first.Winners.Select(w => w.AuthorId).ShouldBe(again.Winners.Select(w => w.AuthorId));
        first.Winners.Count.ShouldBe(3);
        first.Winners.Select(w => w.Ticket).ShouldBe(first.Winners.Select(w => w.Ticket).Order(StringComparer.Ordinal));
        other.Winners.Select(w => w.AuthorId).ShouldNotBe(first.Winners.Select(w => w.AuthorId));
        // The ticket is SHA-256(seed bytes ‖ "network:author id"), checkable by anyone.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            [.. Convert.FromHexString(seed), .. System.Text.Encoding.UTF8.GetBytes("bluesky:did:plc:p1")]));
        first.Entrants.Single(e => e.AuthorId == "did:plc:p1").Ticket.ShouldBe(expected);
    }

    [Fact]
    public async Task DrawThroughTheApi_StoredWithSeedAndList_RedrawShowsTheSameWinners_TamperingSeen()
    {
        var workspace = await app.CreateWorkspaceAsync();
        await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", new Uri("http://127.0.0.1:9/"), MastodonInstance.Credentials, "brand");
        using var owner = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        using var analyst = app.Api(await app.TokenAsync((await app.AddMemberAsync(workspace, WorkspaceRole.Analyst)).UserId, workspace.WorkspaceId));
        var api = $"/api/v1/workspaces/{workspace.WorkspaceId}";
        var post = await (await owner.PostAsJsonAsync($"{api}/posts", new
        {
            channels = new[] { (await app.Get<NpgsqlDataSource>().CreateConnection().ExecuteScalarAsync<Guid>("select id from channels where workspace_id = @id", new { id = workspace.WorkspaceId })) },
            text = "Gagnez un panier ! Répondez avec #panier",
        })).Content.ReadFromJsonAsync<Post>(Chorus.Tests.Publishing.PublishingWorkflowTests.Json);
        var contest = await (await owner.PostAsJsonAsync($"{api}/events", new { name = "Jeu-concours", kind = "contest", startsAt = "2027-05-01T10:00Z", post = post!.Id }))
            .Content.ReadFromJsonAsync<CalendarEvent>(Chorus.Tests.Publishing.PublishingWorkflowTests.Json);
        var noEntry = await owner.PostAsJsonAsync($"{api}/events/{contest!.Id}/draws", new { winners = 2, hashtag = "panier" });
        noEntry.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var context = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        var entries = Enumerable.Range(1, 12).Select(i => Reply($"fan{i}", i % 4 == 0 ? "j’adore" : "Je tente #panier", i)).Append(Reply("fan13", "#panier", 20))
            .Append(Reply("fan1", "#panier encore", 30)).ToList();
        // The brand's own account, as its Mastodon channel records it (name@host): excluded from the draw.
        entries.Add(new ContestEntry("mastodon", "109", "1", "brand@127.0.0.1:9", null, "#panier", null, Noon.AddMinutes(40)));
        (await app.Get<Contests>().StoreAsync(context, contest.Id, entries)).ShouldBe(15);
        (await app.Get<Contests>().StoreAsync(context, contest.Id, entries)).ShouldBe(15);

        (await analyst.PostAsJsonAsync($"{api}/events/{contest.Id}/draws", new { winners = 2 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var bad = await owner.PostAsJsonAsync($"{api}/events/{contest.Id}/draws", new { winners = 0, hashtag = "pa nier" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("\"hashtag\"");
        var draw = await (await owner.PostAsJsonAsync($"{api}/events/{contest.Id}/draws", new { winners = 3, hashtag = "panier" }))
            .Content.ReadFromJsonAsync<ContestDraw>(Chorus.Tests.Publishing.PublishingWorkflowTests.Json);

        draw!.Winners.Count.ShouldBe(3);
        draw.Entrants.Count.ShouldBe(15);
        draw.Entrants.Count(e => e.Excluded is null).ShouldBe(10);
        draw.Entrants.Single(e => e.Network == "mastodon").Excluded.ShouldBe("brand");
        draw.Winners.ShouldAllBe(w => w.Excluded == null && w.Network == "bluesky");
        draw.Winners.Select(w => w.AuthorId).Distinct().Count().ShouldBe(3);
        draw.Reproduced.ShouldBeTrue();
        var draws = await (await analyst.GetAsync($"{api}/events/{contest.Id}/draws")).Content.ReadFromJsonAsync<List<ContestDraw>>(Chorus.Tests.Publishing.PublishingWorkflowTests.Json) ?? [];
        draws.Single().Winners.Select(w => w.ReplyId).ShouldBe(draw.Winners.Select(w => w.ReplyId));
        draws.Single().Reproduced.ShouldBeTrue();
        draws.Single().Seed.ShouldBe(draw.Seed);
        // Changing the stored winners is seen: drawing again from the seed and the list disagrees.
        await using (var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update contest_draws set winners = jsonb_build_array(entrants->0) where id = @id", new { id = draw.Id });
        }
        (await app.Get<Contests>().DrawsAsync(context, contest.Id) ?? []).Single().Reproduced.ShouldBeFalse();
        (await app.CountAsync("select count(*) from audit_log where target_id = @id and action = 'contest.drawn'", new { id = contest.Id.ToString() })).ShouldBe(1);
        // Collecting needs the post published first.
        var early = await owner.PostAsync($"{api}/events/{contest.Id}/entries/collect", null);
        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await early.Content.ReadAsStringAsync()).ShouldContain("not published yet");
    }
}
