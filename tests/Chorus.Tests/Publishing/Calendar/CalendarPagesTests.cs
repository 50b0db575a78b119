using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Publishing;
using Chorus.Publishing.Calendar;
using Microsoft.Extensions.Hosting;

namespace Chorus.Tests.Publishing.Calendar;

/// <summary>The calendar, campaigns and event pages through a signed-in browser client (empty states, FR/EN, the feed,
/// a move from the date field and one refused), and `chorus campaign|event`.</summary>
public sealed class CalendarPagesTests(PublishingFactory app) : IClassFixture<PublishingFactory>
{
    private static readonly Uri Instance = new("http://127.0.0.1:9/");

    [Fact]
    public async Task Pages_Empty_SayWhatToDoNext_InBothLanguages()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);
        var calendar = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/calendar");
        var campaigns = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/campaigns");

        calendar.ShouldContain("Nothing scheduled in the coming weeks.");
        calendar.ShouldContain("data-time-zone=\"UTC\"");
        calendar.ShouldContain("/js/calendar.js");
        campaigns.ShouldContain("No campaign yet.");
        campaigns.ShouldContain("No event yet.");
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        (await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/calendar")).ShouldContain("Rien de programm");
        (await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/campaigns")).ShouldContain("Aucune campagne pour l");
    }

    [Fact]
    public async Task Feed_AndMoveFromTheDateField_InThePersonsZone_RefusalBesideTheField()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", Instance, MastodonInstance.Credentials, "Brand toots");
        var context = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);
        await app.Get<CalendarZones>().SetPersonZoneAsync(context, "Europe/Paris");
        var posts = app.Get<PublishingService>();
        var id = await posts.CreateAsync(context, new CreatePostRequest([channel], "Soldes", ScheduledAt: DateTimeOffset.UtcNow.AddDays(2)));
        await posts.SubmitAsync(context, id);
        using var browser = await app.SignedInAsync(workspace.Owner);
        var url = $"/w/{workspace.WorkspaceId}/calendar";
        var page = await browser.GetStringAsync(url);
        page.ShouldContain($"id=\"at-{id}\"");

        var feed = await browser.GetFromJsonAsync<JsonElement>($"{url}?handler=Feed&start=2027-10-25T00:00&end=2027-11-08T00:00");
        feed.GetProperty("timeZone").GetString().ShouldBe("Europe/Paris");
        using var moved = await browser.PostAsync(url + "?handler=Move", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["postId"] = id.ToString(), ["at"] = "2027-10-31T09:00", ["__RequestVerificationToken"] = PublishingFactory.Antiforgery(page),
        }));
        moved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await posts.FindAsync(context, id))!.Variants[0].ScheduledAt.ShouldBe(new DateTimeOffset(2027, 10, 31, 8, 0, 0, TimeSpan.Zero));
        var after = await browser.GetFromJsonAsync<JsonElement>($"{url}?handler=Feed&start=2027-10-25T00:00&end=2027-11-08T00:00");
        after.GetProperty("items")[0].GetProperty("start").GetString().ShouldBe("2027-10-31T09:00:00+01:00");

        // A drop into the skipped hour, as the calendar's script sends it: refused with the reason, in JSON.
        using var drop = new HttpRequestMessage(HttpMethod.Post, url + "?handler=Move")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["postId"] = id.ToString(), ["at"] = "2027-03-28T02:30", ["__RequestVerificationToken"] = PublishingFactory.Antiforgery(page),
            }),
        };
        drop.Headers.Accept.ParseAdd("application/json");
        using var refused = await browser.SendAsync(drop);
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("does not exist in Europe/Paris");
        (await posts.FindAsync(context, id))!.Variants[0].ScheduledAt.ShouldBe(new DateTimeOffset(2027, 10, 31, 8, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Move_ByAMemberWhoMayNotWritePosts_Forbidden()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var analyst = await app.AddMemberAsync(workspace, WorkspaceRole.Analyst);
        using var browser = await app.SignedInAsync(analyst);
        var url = $"/w/{workspace.WorkspaceId}/calendar";
        var page = await browser.GetStringAsync(url);
        page.ShouldNotContain("handler=Move\" class=\"inline\"");

        using var drop = new HttpRequestMessage(HttpMethod.Post, url + "?handler=Move")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["postId"] = Guid.NewGuid().ToString(), ["at"] = "2030-01-01T09:00", ["__RequestVerificationToken"] = PublishingFactory.Antiforgery(page),
            }),
        };
        drop.Headers.Accept.ParseAdd("application/json");
        using var refused = await browser.SendAsync(drop);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("You may not move posts");
    }

    [Fact]
    public async Task Commands_CampaignCreateListShow_EventCreateList_Json()
    {
        var workspace = await app.CreateWorkspaceAsync("Cli");
        var email = workspace.Owner.Email;
        var ws = workspace.WorkspaceId.ToString();

        var (exit, created, _) = await RunAsync(CampaignCommand.RunAsync, "create", "--workspace", ws, "--as", email, "--name", "Noël", "--colour", "#B91C1C",
            "--from", "2027-12-01", "--to", "2027-12-24", "--goal", "Ventes");
        exit.ShouldBe(0);
        var campaignId = Guid.Parse(created.Trim());
        var (_, list, _) = await RunAsync(CampaignCommand.RunAsync, "list", "--workspace", ws, "--as", email, "--json");
        JsonDocument.Parse(list).RootElement[0].GetProperty("name").GetString().ShouldBe("Noël");
        var (_, shown, _) = await RunAsync(CampaignCommand.RunAsync, "show", campaignId.ToString(), "--workspace", ws, "--as", email, "--json");
        var campaign = JsonDocument.Parse(shown).RootElement.GetProperty("campaign");
        campaign.GetProperty("colour").GetString().ShouldBe("#b91c1c");
        campaign.GetProperty("startsOn").GetString().ShouldBe("2027-12-01");
        var (badExit, _, badError) = await RunAsync(CampaignCommand.RunAsync, "create", "--workspace", ws, "--as", email, "--name", "X", "--from", "2027-12-24", "--to", "2027-12-01");
        badExit.ShouldBe(2);
        badError.ShouldContain("endsOn");

        var (eventExit, eventId, _) = await RunAsync(EventCommand.RunAsync, "create", "--workspace", ws, "--as", email, "--name", "Live de Noël", "--kind", "live",
            "--start", "2027-12-20T18:00", "--time-zone", "Europe/Paris", "--campaign", campaignId.ToString());
        eventExit.ShouldBe(0);
        var (_, events, _) = await RunAsync(EventCommand.RunAsync, "list", "--workspace", ws, "--as", email, "--json");
        var listed = JsonDocument.Parse(events).RootElement[0];
        listed.GetProperty("id").GetString().ShouldBe(eventId.Trim());
        listed.GetProperty("startsAt").GetString().ShouldBe("2027-12-20T17:00:00+00:00");
        listed.GetProperty("campaign").GetString().ShouldBe(campaignId.ToString());
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(
        Func<string[], TextWriter, TextWriter, Action<IHostApplicationBuilder>?, Task<int>> command, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await command(args, output, error, builder => builder.Configuration["CHORUS_DATABASE"] = app.ConnectionString);
        return (exit, output.ToString(), error.ToString());
    }
}
