using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing.Calendar;

/// <summary>`chorus event list|create`, acting as the workspace member named by --as; times without an offset are in
/// the member's display zone (or --time-zone).</summary>
public static class EventCommand
{
    public static Command Create() => Create(null);

    /// <summary>Runs `event ...` with the given streams (tests call it in-process).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IHostApplicationBuilder>? addServices = null) =>
        ChorusCommandLine.RunGroupAsync(Create(addServices), args, output, error);

    private static Command Create(Action<IHostApplicationBuilder>? addServices)
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace: its id, or its name.", Required = true };
        var actingAs = new Option<string>("--as") { Description = "E-mail of the workspace member who acts (their role decides what they may do).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var name = new Option<string>("--name") { Description = "The event's name.", Required = true };
        var kind = new Option<string>("--kind") { Description = $"One of {string.Join(", ", EventKind.All)}.", DefaultValueFactory = _ => EventKind.Other };
        var start = new Option<string>("--start") { Description = "When it starts: 2027-03-28T09:00 (in your time zone) or with an offset.", Required = true };
        var end = new Option<string?>("--end") { Description = "When it ends (one hour after the start when absent)." };
        var timeZone = new Option<string?>("--time-zone") { Description = "IANA zone of times without an offset (yours when absent)." };
        var description = new Option<string?>("--description") { Description = "What happens." };
        var campaign = new Option<Guid?>("--campaign") { Description = "The campaign it belongs to (its id)." };
        var post = new Option<Guid?>("--post") { Description = "For a contest: the post whose replies are the entries." };

        var list = new Command("list", "List the workspace's events, soonest first: id, start, end, kind, name.") { workspace, actingAs, json };
        list.SetAction((result, ct) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var events = await services.GetRequiredService<Events>().ListAsync(context, cancellationToken: ct);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(events, CalendarJson.Options));
                return ChorusCommandLine.Ok;
            }
            foreach (var e in events)
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{e.Id}\t{e.StartsAt:O}\t{e.EndsAt:O}\t{e.Kind}\t{e.Name}"));
            return ChorusCommandLine.Ok;
        }, addServices));

        var create = new Command("create", "Create an event and print its id.") { workspace, actingAs, name, kind, start, end, timeZone, description, campaign, post };
        create.SetAction((result, ct) => ActingMember.RunAsync(result, workspace, actingAs, Permission.WritePosts, async (services, context) =>
        {
            var created = await services.GetRequiredService<Events>().CreateAsync(context, new EventRequest(result.GetValue(name), result.GetValue(kind),
                result.GetValue(start), result.GetValue(end), result.GetValue(description), result.GetValue(campaign), result.GetValue(post),
                result.GetValue(timeZone)), ct);
            await result.InvocationConfiguration.Output.WriteLineAsync(created.Id.ToString());
            return ChorusCommandLine.Ok;
        }, addServices));

        return new Command("event", "Plan events (a launch, a live, a contest) on the calendar.") { list, create };
    }
}

/// <summary>How the calendar's commands print JSON (the API's names).</summary>
internal static class CalendarJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
