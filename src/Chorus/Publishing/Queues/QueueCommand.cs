using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Chorus.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing.Queues;

/// <summary>`chorus queue slots|add-slot|remove-slot|add|repeat|evergreen`, acting as the workspace member named by --as.</summary>
public static class QueueCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create() => Create(null);

    /// <summary>Runs `queue ...` with the given streams (tests call it in-process).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IHostApplicationBuilder>? addServices = null) =>
        ChorusCommandLine.RunGroupAsync(Create(addServices), args, output, error);

    private static Command Create(Action<IHostApplicationBuilder>? addServices)
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace: its id, or its name.", Required = true };
        var actingAs = new Option<string>("--as") { Description = "E-mail of the workspace member who acts (their role decides what they may do).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var channel = new Option<string?>("--channel") { Description = "The channel: its id or its name." };
        var requiredChannel = new Option<string>("--channel") { Description = "The channel: its id or its name.", Required = true };
        var channels = new Option<string[]>("--channel") { Description = "Only this channel's variant (id or name); repeat for several. All of the post's when absent." };
        var weekday = new Option<string>("--weekday") { Description = "monday … sunday (or 1 … 7, Monday first).", Required = true };
        var time = new Option<string>("--time") { Description = "HH:mm, in the workspace's time zone.", Required = true };
        var slotId = new Argument<Guid>("SLOT") { Description = "The slot's id (listed by 'chorus queue slots')." };
        var postId = new Argument<Guid>("POST") { Description = "The post's id (listed by 'chorus post list')." };
        var every = new Option<int>("--every") { Description = "Every how many days or weeks.", Required = true };
        var unit = new Option<string>("--unit") { Description = "day or week.", DefaultValueFactory = _ => Recurrences.Week };
        var until = new Option<string?>("--until") { Description = "The last day (yyyy-MM-dd, in the workspace's zone)." };
        var times = new Option<int?>("--times") { Description = "How many times in all, the post itself counting as the first." };
        var cooldown = new Option<int>("--cooldown") { Description = "Days after each publication before the post goes into the queue again.", Required = true };

        var list = new Command("slots", "List the queues' weekly slots: id, channel, weekday, time (the workspace's zone).") { workspace, actingAs, channel, json };
        list.SetAction((result, ct) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var queues = services.GetRequiredService<QueueService>();
            IReadOnlyList<QueueSlot> slots = result.GetValue(channel) is { } given
                ? await queues.SlotsAsync(context, await ChannelAsync(services, context, given, ct), ct) ?? []
                : await queues.AllSlotsAsync(context, ct);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(slots, Json));
                return ChorusCommandLine.Ok;
            }
            foreach (var slot in slots) await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{slot.Id}\t{slot.ChannelId}\t{slot.Day}\t{slot.Time:HH\\:mm}"));
            return ChorusCommandLine.Ok;
        }, addServices));

        var addSlot = new Command("add-slot", "Add a weekly slot to a channel's queue and print its id.") { workspace, actingAs, requiredChannel, weekday, time };
        addSlot.SetAction((result, ct) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ManagePublishing, async (services, context) =>
        {
            var channelId = await ChannelAsync(services, context, result.GetValue(requiredChannel)!, ct);
            var slot = await services.GetRequiredService<QueueService>().AddSlotAsync(context, channelId, new QueueSlotRequest(result.GetValue(weekday), result.GetValue(time)), ct)
                ?? throw new InputException("channel", "This workspace has no such channel.");
            await result.InvocationConfiguration.Output.WriteLineAsync(slot.Id.ToString());
            return ChorusCommandLine.Ok;
        }, addServices));

        var removeSlot = new Command("remove-slot", "Remove a slot from its channel's queue.") { slotId, workspace, actingAs };
        removeSlot.SetAction((result, ct) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ManagePublishing, async (services, context) =>
        {
            var queues = services.GetRequiredService<QueueService>();
            var slot = (await queues.AllSlotsAsync(context, ct)).FirstOrDefault(s => s.Id == result.GetValue(slotId))
                ?? throw new InputException("SLOT", "This workspace has no such slot.");
            await queues.RemoveSlotAsync(context, slot.ChannelId, slot.Id, ct);
            return ChorusCommandLine.Ok;
        }, addServices));

        var add = new Command("add", "Plan a post at its channels' next free slots and print each variant's channel and time.") { postId, workspace, actingAs, channels, json };
        add.SetAction((result, ct) => ActingMember.RunAsync(result, workspace, actingAs, Permission.WritePosts, async (services, context) =>
        {
            var only = await PostCommand.ChannelIdsAsync(services.GetRequiredService<ChannelService>(), context, result.GetValue(channels) ?? [], ct);
            var post = await services.GetRequiredService<QueueService>().AddToQueueAsync(context, result.GetValue(postId), new AddToQueueRequest(only), ct)
                ?? throw new InputException("POST", "This workspace has no such post.");
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(post.Variants.Select(v => new { channel = v.ChannelId, v.Status, at = v.ScheduledAt }), Json));
                return ChorusCommandLine.Ok;
            }
            foreach (var v in post.Variants)
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{v.ChannelName}\t{v.Status}\t{v.ScheduledAt:yyyy-MM-dd'T'HH:mm:ssK}"));
            return ChorusCommandLine.Ok;
        }, addServices));

        var repeat = new Command("repeat", "Publish a post again every N days or weeks, until a date (--until) or a number of times in all (--times).")
            { postId, workspace, actingAs, every, unit, until, times };
        repeat.SetAction((result, ct) => ActingMember.RunAsync(result, workspace, actingAs, Permission.WritePosts, async (services, context) =>
        {
            var set = await services.GetRequiredService<Recurrences>().SetAsync(context, result.GetValue(postId),
                new RecurrenceRequest(result.GetValue(every), result.GetValue(unit), result.GetValue(until), result.GetValue(times)), ct)
                ?? throw new InputException("POST", "This workspace has no such post.");
            await result.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"every {set.Every} {set.Unit}(s), {(set.Until is { } last ? $"until {last:yyyy-MM-dd}" : $"{set.Times} times in all")}"));
            return ChorusCommandLine.Ok;
        }, addServices));

        var evergreen = new Command("evergreen", "Mark a post evergreen: after each publication and the cooldown, it goes into the queue again.")
            { postId, workspace, actingAs, cooldown };
        evergreen.SetAction((result, ct) => ActingMember.RunAsync(result, workspace, actingAs, Permission.WritePosts, async (services, context) =>
        {
            _ = await services.GetRequiredService<Evergreen>().SetAsync(context, result.GetValue(postId), new EvergreenRequest(result.GetValue(cooldown)), ct)
                ?? throw new InputException("POST", "This workspace has no such post.");
            return ChorusCommandLine.Ok;
        }, addServices));

        return new Command("queue", "Channels' queues: weekly slots, adding a post at the next free slot, recurring and evergreen posts.")
            { list, addSlot, removeSlot, add, repeat, evergreen };
    }

    private static async Task<Guid> ChannelAsync(IServiceProvider services, WorkspaceContext context, string given, CancellationToken ct) =>
        (await PostCommand.ChannelIdsAsync(services.GetRequiredService<ChannelService>(), context, [given], ct))[0];
}
