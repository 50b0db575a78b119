using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Chorus.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing;

/// <summary>
/// `chorus post create|list|show|approve|cancel|import|export`: the service the web app uses, acting as the workspace member named
/// by --as. Publishing itself is done by the workers of `chorus serve`, so a script can write, approve and publish
/// with the command line alone.
/// </summary>
public static partial class PostCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static Command Create() => Create(null);

    /// <summary>Runs `post ...` with the given streams (tests call it in-process).</summary>
    /// <param name="addServices">Services added before the modules (see <see cref="CommandHost.RunAsync"/>).</param>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IHostApplicationBuilder>? addServices = null) =>
        ChorusCommandLine.RunGroupAsync(Create(addServices), args, output, error);

    private static Command Create(Action<IHostApplicationBuilder>? addServices)
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace: its id, or its name.", Required = true };
        var actingAs = new Option<string>("--as") { Description = "E-mail of the workspace member who acts (their role decides what they may do).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var postId = new Argument<Guid>("ID") { Description = "The post's id (printed by 'chorus post create', listed by 'chorus post list')." };

        var channels = new Option<string[]>("--channel")
        {
            Description = "A channel to publish on: its id (see 'chorus channel list') or its name; repeat for several.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var text = new Option<string>("--text") { Description = "The post's text.", Required = true };
        var title = new Option<string?>("--title") { Description = "The title (blog posts: WordPress needs one)." };
        var at = new Option<string?>("--at") { Description = "When to publish, ISO-8601 with its offset (2026-12-24T09:00:00+01:00); as soon as approved when absent." };
        var submit = new Option<bool>("--submit") { Description = "Send it to approval at once, or schedule it when the workspace needs no approval." };

        var create = new Command("create", "Write a post (one variant per channel) and print its id.") { workspace, actingAs, channels, text, title, at, submit };
        create.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.WritePosts, async (services, context) =>
        {
            var service = services.GetRequiredService<PublishingService>();
            var channelIds = await ChannelIdsAsync(services.GetRequiredService<ChannelService>(), context, result.GetValue(channels) ?? [], cancellationToken);
            var id = await service.CreateAsync(context, new CreatePostRequest(channelIds, result.GetValue(text), result.GetValue(title),
                ScheduledAt: ParseTime(result.GetValue(at))), cancellationToken);
            if (result.GetValue(submit)) await service.SubmitAsync(context, id, cancellationToken);
            await result.InvocationConfiguration.Output.WriteLineAsync(id.ToString());
            return ChorusCommandLine.Ok;
        }, addServices));

        var list = new Command("list", "List the workspace's posts, newest first: id, status, each variant's network and status, the start of the text.") { workspace, actingAs, json };
        list.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var service = services.GetRequiredService<PublishingService>();
            var output = result.InvocationConfiguration.Output;
            var all = new List<PostSummary>();
            string? cursor = null;
            do
            {
                var page = await service.ListAsync(context, new PostFilter(), cursor, Cursor.MaxLimit, cancellationToken);
                all.AddRange(page.Items);
                cursor = page.Next;
            }
            while (cursor is not null);
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(all, Json));
                return ChorusCommandLine.Ok;
            }
            foreach (var post in all)
            {
                var variants = string.Join(' ', post.Variants.Select(v => $"{v.ChannelName ?? v.Network}:{v.Status}"));
                await output.WriteLineAsync($"{post.Id}\t{post.Status}\t{variants}\t{OneLine(post.Excerpt)}");
            }
            return ChorusCommandLine.Ok;
        }, addServices));

        var show = new Command("show", "Show a post: its status, and each variant's channel, status, time, address once published and error when it failed.") { postId, workspace, actingAs, json };
        show.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var post = await services.GetRequiredService<PublishingService>().FindAsync(context, result.GetValue(postId), cancellationToken) ?? throw NoSuchPost();
            await WriteAsync(result, post, result.GetValue(json));
            return ChorusCommandLine.Ok;
        }, addServices));

        var approve = new Command("approve", "Approve the step of approval the post waits for; the last step schedules it.") { postId, workspace, actingAs };
        approve.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ApprovePosts, async (services, context) =>
        {
            var post = await services.GetRequiredService<PublishingService>().ApproveAsync(context, result.GetValue(postId), null, cancellationToken) ?? throw NoSuchPost();
            await result.InvocationConfiguration.Output.WriteLineAsync($"{post.Id} {post.Status}");
            return ChorusCommandLine.Ok;
        }, addServices));

        var cancel = new Command("cancel", "Cancel every variant of the post not yet publishing.") { postId, workspace, actingAs };
        cancel.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.WritePosts, async (services, context) =>
        {
            var post = await services.GetRequiredService<PublishingService>().CancelAsync(context, result.GetValue(postId), cancellationToken) ?? throw NoSuchPost();
            await result.InvocationConfiguration.Output.WriteLineAsync($"{post.Id} {post.Status}");
            return ChorusCommandLine.Ok;
        }, addServices));

        var post = new Command("post", "Write, approve and follow posts; `chorus serve` publishes them.") { create, list, show, approve, cancel,
            ClientReview.ReviewLinkCommand.Create(workspace, actingAs, json, postId, addServices) };
        foreach (var csv in Csv.PostsCsvCommands.Create(workspace, actingAs, json, addServices)) post.Subcommands.Add(csv);
        return post;
    }

    /// <summary>What `show --json` prints: the post's id and status, and per variant its channel, status, address
    /// once published and error when it failed.</summary>
    public sealed record ShownPost(Guid Id, string Status, IReadOnlyList<ShownVariant> Variants);

    public sealed record ShownVariant(Guid Id, Guid? Channel, string Network, string Status, DateTimeOffset? ScheduledAt, string? Url, string? Error);

    private static async Task WriteAsync(ParseResult result, Post post, bool asJson)
    {
        var output = result.InvocationConfiguration.Output;
        if (asJson)
        {
            var shown = new ShownPost(post.Id, post.Status, post.Variants.Select(v => new ShownVariant(v.Id, v.ChannelId, v.Network, v.Status, v.ScheduledAt,
                v.Status == VariantStatus.Published ? v.Url : null, v.Error)).ToList());
            await output.WriteLineAsync(JsonSerializer.Serialize(shown, Json));
            return;
        }
        await output.WriteLineAsync($"post {post.Id} {post.Status} by {post.AuthorName ?? "?"}");
        foreach (var v in post.Variants)
        {
            var when = v.PublishedAt ?? v.ScheduledAt;
            var where = v.Url ?? v.Error ?? "";
            await output.WriteLineAsync($"{v.ChannelId?.ToString() ?? "-"}\t{v.ChannelName ?? v.Network}\t{v.Status}\t{when?.ToString("O", CultureInfo.InvariantCulture) ?? "-"}\t{OneLine(where)}");
        }
    }

    internal static async Task<List<Guid>> ChannelIdsAsync(ChannelService channels, WorkspaceContext context, string[] given, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        List<Channel>? all = null;
        foreach (var channel in given)
        {
            if (Guid.TryParse(channel, out var id))
            {
                ids.Add(id);
                continue;
            }
            all ??= (await channels.ListAsync(context, null, Cursor.MaxLimit, cancellationToken)).Items.ToList();
            var named = all.Where(c => string.Equals(c.Name, channel, StringComparison.OrdinalIgnoreCase)).ToList();
            ids.Add(named.Count == 1 ? named[0].Id : throw new InputException("channel", named.Count == 0
                ? $"'{channel}' is neither a channel id nor the name of a channel of this workspace."
                : $"Several channels are named '{channel}'; give its id."));
        }
        return ids;
    }

    /// <summary>ISO-8601 with an offset: a time without one would mean a different instant on each machine.</summary>
    internal static DateTimeOffset? ParseTime(string? value, string field = "at") =>
        value is null ? null
        : OffsetTime.TryParse(value, out var parsed) ? parsed
        : throw new InputException(field, $"'{value}' is not an ISO-8601 time with its offset, such as {OffsetTime.Example} or 2026-12-24T08:00:00Z.");

    private static InputException NoSuchPost() => new("ID", "This workspace has no such post.");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
