using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing.Calendar;

/// <summary>`chorus campaign list|create|show`, acting as the workspace member named by --as.</summary>
public static class CampaignCommand
{
    public static Command Create() => Create(null);

    /// <summary>Runs `campaign ...` with the given streams (tests call it in-process).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IHostApplicationBuilder>? addServices = null) =>
        ChorusCommandLine.RunGroupAsync(Create(addServices), args, output, error);

    private static Command Create(Action<IHostApplicationBuilder>? addServices)
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace: its id, or its name.", Required = true };
        var actingAs = new Option<string>("--as") { Description = "E-mail of the workspace member who acts (their role decides what they may do).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var id = new Argument<Guid>("ID") { Description = "The campaign's id (printed by 'chorus campaign create', listed by 'chorus campaign list')." };
        var name = new Option<string>("--name") { Description = "The campaign's name.", Required = true };
        var colour = new Option<string>("--colour") { Description = "Its colour on the calendar, #rrggbb.", DefaultValueFactory = _ => "#1d4ed8" };
        var from = new Option<string>("--from") { Description = "Its first day, yyyy-MM-dd.", Required = true };
        var to = new Option<string>("--to") { Description = "Its last day, yyyy-MM-dd.", Required = true };
        var goal = new Option<string?>("--goal") { Description = "What it is for." };

        var list = new Command("list", "List the workspace's campaigns: id, first and last day, colour, posts, name.") { workspace, actingAs, json };
        list.SetAction((result, ct) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var campaigns = await services.GetRequiredService<Campaigns>().ListAsync(context, ct);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(campaigns, CalendarJson.Options));
                return ChorusCommandLine.Ok;
            }
            foreach (var c in campaigns) await output.WriteLineAsync(Line(c));
            return ChorusCommandLine.Ok;
        }, addServices));

        var create = new Command("create", "Create a campaign and print its id.") { workspace, actingAs, name, colour, from, to, goal };
        create.SetAction((result, ct) => ActingMember.RunAsync(result, workspace, actingAs, Permission.WritePosts, async (services, context) =>
        {
            var campaign = await services.GetRequiredService<Campaigns>().CreateAsync(context,
                new CampaignRequest(result.GetValue(name), result.GetValue(colour), result.GetValue(from), result.GetValue(to), result.GetValue(goal)), ct);
            await result.InvocationConfiguration.Output.WriteLineAsync(campaign.Id.ToString());
            return ChorusCommandLine.Ok;
        }, addServices));

        var show = new Command("show", "Show a campaign and the ids of its posts.") { id, workspace, actingAs, json };
        show.SetAction((result, ct) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var service = services.GetRequiredService<Campaigns>();
            var campaign = await service.FindAsync(context, result.GetValue(id), ct) ?? throw new InputException("ID", "This workspace has no such campaign.");
            var posts = await service.PostsAsync(context, campaign.Id, ct);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { campaign, postIds = posts }, CalendarJson.Options));
                return ChorusCommandLine.Ok;
            }
            await output.WriteLineAsync(Line(campaign));
            if (campaign.Goal is { } g) await output.WriteLineAsync(g.ReplaceLineEndings(" "));
            foreach (var post in posts) await output.WriteLineAsync($"post {post}");
            return ChorusCommandLine.Ok;
        }, addServices));

        return new Command("campaign", "Plan campaigns: a name, a colour, dates, a goal, and the posts tagged with it.") { list, create, show };
    }

    private static string Line(Campaign c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.Id}\t{c.StartsOn:yyyy-MM-dd}\t{c.EndsOn:yyyy-MM-dd}\t{c.Colour}\t{c.Posts} posts\t{c.Name}");
}
