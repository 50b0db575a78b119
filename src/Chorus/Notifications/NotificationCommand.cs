using System.CommandLine;
using System.Text.Json;
using Chorus.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;

namespace Chorus.Notifications;

/// <summary>`chorus notification list`: a member's notifications in a workspace, newest first, in English.</summary>
public static class NotificationCommand
{
    public static Command Create() => Create(null);

    /// <summary>Runs `notification ...` with the given streams (tests call it in-process).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IHostApplicationBuilder>? addServices = null) =>
        ChorusCommandLine.RunGroupAsync(Create(addServices), args, output, error);

    private static Command Create(Action<IHostApplicationBuilder>? addServices)
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace: its id, or its name.", Required = true };
        var actingAs = new Option<string>("--as") { Description = "E-mail of the member whose notifications are listed.", Required = true };
        var json = new Option<bool>("--json") { Description = "One JSON object per line: id, kind, text, parameters, link, createdAt, readAt." };
        var unread = new Option<bool>("--unread") { Description = "Only the notifications not read yet." };
        var list = new Command("list", "List a member's notifications in a workspace, newest first: id, date, read or unread, sentence, link.")
            { workspace, actingAs, json, unread };
        list.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var service = services.GetRequiredService<NotificationService>();
            var kinds = services.GetRequiredService<NotificationKinds>();
            var localizer = services.GetRequiredService<IStringLocalizer<SharedResource>>();
            var output = result.InvocationConfiguration.Output;
            using var english = new UiCulture("en");
            string? cursor = null;
            do
            {
                var page = await service.ListAsync(context.Actor.UserId, context.WorkspaceId, cursor, Cursor.MaxLimit, result.GetValue(unread), cancellationToken);
                foreach (var n in page.Items)
                {
                    var text = kinds.Render(localizer, n.Kind, n.Parameters);
                    await output.WriteLineAsync(result.GetValue(json)
                        ? JsonSerializer.Serialize(new NotificationsApi.NotificationItem(n.Id, n.Kind, text, n.Parameters, n.Link, n.CreatedAt, n.ReadAt), CommandJson)
                        : $"{n.Id}\t{n.CreatedAt:yyyy-MM-ddTHH:mm:ssZ}\t{(n.ReadAt is null ? "unread" : "read")}\t{text}\t{n.Link}");
                }
                cursor = page.Next;
            }
            while (cursor is not null);
            return ChorusCommandLine.Ok;
        }, addServices));
        return new Command("notification", "Read a member's notifications.") { list };
    }

    private static readonly JsonSerializerOptions CommandJson = new(JsonSerializerDefaults.Web);
}
