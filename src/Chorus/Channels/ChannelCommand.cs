using System.CommandLine;
using Chorus.Workspaces;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chorus.Channels;

/// <summary>
/// `chorus channel add|list|test|remove`: the same service the web app uses, acting as the workspace member named by
/// --as (their role decides what they may do, and the audit log names them). Mastodon needs a browser to authorise
/// Chorus, so it is connected from the web app.
/// </summary>
public static class ChannelCommand
{
    public static Command Create() => Create(Console.In);

    /// <summary>Runs `channel ...` with the given streams (tests call it in-process; stdin feeds --password-stdin).</summary>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("chorus") { Create(input) };
        var parsed = root.Parse(["channel", .. args]);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors) await error.WriteLineAsync(parseError.Message);
            return ChorusCommandLine.BadInput;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static Command Create(TextReader input)
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace: its id, or its name.", Required = true };
        var actingAs = new Option<string>("--as") { Description = "E-mail of the workspace member who acts (needs ManageChannels to change channels).", Required = true };
        var network = new Option<string>("--network") { Description = "bluesky, wordpress or feed (Mastodon is connected from the web app).", Required = true };
        var name = new Option<string?>("--name") { Description = "The channel's name in Chorus (the account's own name by default)." };
        var url = new Option<string?>("--url") { Description = "Feed URL, WordPress site URL, or Bluesky server (https://bsky.social by default)." };
        var handle = new Option<string?>("--handle") { Description = "Bluesky handle, e.g. brand.bsky.social." };
        var appPassword = new Option<string?>("--app-password") { Description = "Bluesky app password; prefer --password-stdin." };
        var username = new Option<string?>("--username") { Description = "WordPress user name." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password (WordPress application password or Bluesky app password) from the first line of standard input." };
        var channel = new Option<Guid>("--channel") { Description = "The channel's id (see 'chorus channel list').", Required = true };

        var add = new Command("add", "Connect an account after testing it; nothing is stored when the network refuses.")
            { workspace, actingAs, network, name, url, handle, appPassword, username, passwordStdin };
        add.SetAction(async (result, cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            var chosen = result.GetValue(network);
            string? secret = null;
            if (result.GetValue(passwordStdin))
            {
                if (result.GetValue(appPassword) is not null)
                {
                    await error.WriteLineAsync("appPassword: give --app-password or --password-stdin, not both.");
                    return ChorusCommandLine.BadInput;
                }
                secret = await input.ReadLineAsync(cancellationToken);
            }
            var bluesky = string.Equals(chosen, ChannelNetworks.Bluesky, StringComparison.OrdinalIgnoreCase);
            var request = new ConnectRequest(chosen, result.GetValue(name), result.GetValue(url), result.GetValue(handle),
                bluesky ? secret ?? result.GetValue(appPassword) : result.GetValue(appPassword), result.GetValue(username), bluesky ? null : secret);
            return await ActAsync(result, workspace, actingAs, Permission.ManageChannels, async (service, context) =>
            {
                var connected = (await service.ConnectAsync(context, request, null, cancellationToken)).Channel!;
                await result.InvocationConfiguration.Output.WriteLineAsync($"channel {connected.Id} {connected.Network} {connected.Account} \"{connected.Name}\"");
                return ChorusCommandLine.Ok;
            });
        });

        var list = new Command("list", "List the workspace's channels: id, network, status, account, name.") { workspace, actingAs };
        list.SetAction((result, cancellationToken) => ActAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (service, context) =>
        {
            string? cursor = null;
            do
            {
                var page = await service.ListAsync(context, cursor, Cursor.MaxLimit, cancellationToken);
                foreach (var c in page.Items)
                {
                    var reason = c.IsBroken ? $" ({c.StatusReason})" : "";
                    await result.InvocationConfiguration.Output.WriteLineAsync($"{c.Id}\t{c.Network}\t{c.Status}{reason}\t{c.Account}\t{c.Name}");
                }
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return ChorusCommandLine.Ok;
        }));

        var test = new Command("test", "Ask the channel's network whether it works: exit 0 when it answers, 1 with its reason when not.") { workspace, actingAs, channel };
        test.SetAction((result, cancellationToken) => ActAsync(result, workspace, actingAs, Permission.ManageChannels, async (service, context) =>
        {
            var check = await service.TestAsync(context, result.GetValue(channel), cancellationToken)
                ?? throw new InputException("channel", "This workspace has no such channel.");
            if (check.Succeeded)
            {
                await result.InvocationConfiguration.Output.WriteLineAsync($"ok: {check.Channel.Name} answered");
                return ChorusCommandLine.Ok;
            }
            await result.InvocationConfiguration.Error.WriteLineAsync($"{check.Channel.Name}: {check.Reason} (status: {check.Channel.Status})");
            return ChorusCommandLine.Failure;
        }));

        var remove = new Command("remove", "Disconnect a channel and delete its credentials (a Mastodon token is revoked).") { workspace, actingAs, channel };
        remove.SetAction((result, cancellationToken) => ActAsync(result, workspace, actingAs, Permission.ManageChannels, async (service, context) =>
        {
            if (!await service.DisconnectAsync(context, result.GetValue(channel), cancellationToken))
                throw new InputException("channel", "This workspace has no such channel.");
            await result.InvocationConfiguration.Output.WriteLineAsync($"removed {result.GetValue(channel)}");
            return ChorusCommandLine.Ok;
        }));

        return new Command("channel", "Manage a workspace's channels (connected accounts).") { add, list, test, remove };
    }

    /// <summary>Resolves who acts in which workspace (bad input when they may not) and runs the work.</summary>
    private static Task<int> ActAsync(ParseResult result, Option<string> workspace, Option<string> actingAs, Permission needed,
        Func<ChannelService, WorkspaceContext, Task<int>> work) =>
        CommandHost.RunAsync(result.InvocationConfiguration.Error, async services =>
        {
            var dataSource = services.GetRequiredService<NpgsqlDataSource>();
            await using var connection = await dataSource.OpenConnectionAsync();
            var email = result.GetValue(actingAs);
            var userId = await connection.ExecuteScalarAsync<Guid?>("select id from users where lower(email) = lower(@email)", new { email })
                ?? throw new InputException("as", $"No account has the e-mail address '{email}'.");
            var given = result.GetValue(workspace)!;
            var workspaceId = Guid.TryParse(given, out var id) ? id
                : (await services.GetRequiredService<Tenancy>().WorkspacesOfAsync(userId))
                    .Where(w => string.Equals(w.Name, given, StringComparison.OrdinalIgnoreCase)).Select(w => (Guid?)w.Id).FirstOrDefault()
                  ?? throw new InputException("workspace", $"'{given}' is not a workspace of {email}.");
            var context = await services.GetRequiredService<WorkspaceAccess>().ResolveAsync(new Actor(userId, null), workspaceId)
                ?? throw new InputException("workspace", $"{email} is not a member of workspace {given}.");
            if (!context.Can(needed))
                throw new InputException("as", $"{email} is {context.Role} in this workspace, which does not allow {needed}.");
            return await work(services.GetRequiredService<ChannelService>(), context);
        });
}
