using System.CommandLine;
using Chorus.Connectors.Abstractions;
using Chorus.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Channels;

/// <summary>
/// `chorus channel add|list|test|remove`: the same service the web app uses, acting as the workspace member named by
/// --as (their role decides what they may do, and the audit log names them). `add` takes the fields of the network's
/// connect form as options; a network connected by OAuth needs a browser to authorise Chorus, so it is connected from
/// the web app.
/// </summary>
public static class ChannelCommand
{
    public static Command Create() => Create(Console.In, null);

    /// <summary>Runs `channel ...` with the given streams (tests call it in-process; stdin feeds --password-stdin).</summary>
    /// <param name="addServices">Services added before the modules (see <see cref="CommandHost.RunAsync"/>).</param>
    public static Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error,
        Action<IHostApplicationBuilder>? addServices = null) =>
        ChorusCommandLine.RunGroupAsync(Create(input, addServices), args, output, error);

    private static Command Create(TextReader input, Action<IHostApplicationBuilder>? addServices)
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace: its id, or its name.", Required = true };
        var actingAs = new Option<string>("--as") { Description = "E-mail of the workspace member who acts (needs ManageChannels to change channels).", Required = true };
        var network = new Option<string>("--network")
        {
            Description = "The network's id, e.g. bluesky, wordpress, feed (an unknown id is answered with the list; networks connected by OAuth, such as Mastodon, are connected from the web app).",
            Required = true,
        };
        var name = new Option<string?>("--name") { Description = "The channel's name in Chorus (the account's own name by default)." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the network's password field (Bluesky app password, WordPress application password) from the first line of standard input." };
        var channel = new Option<Guid>("--channel") { Description = "The channel's id (see 'chorus channel list').", Required = true };

        var add = new Command("add", "Connect an account after testing it; nothing is stored when the network refuses. Each field of the network's " +
            "connect form is an option: --url, --handle, --app-password, --username, --password... (a wrong one is answered with the network's options).")
            { workspace, actingAs, network, name, passwordStdin };
        // The network's fields are its options, known once the network is: they arrive as unmatched tokens.
        add.TreatUnmatchedTokensAsErrors = false;
        add.SetAction(async (result, cancellationToken) =>
        {
            if (FieldOptions(result.UnmatchedTokens) is not { } given)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(
                    $"Options of the network's connect form come as '--field value': {string.Join(' ', result.UnmatchedTokens)}");
                return ChorusCommandLine.BadInput;
            }
            var secret = result.GetValue(passwordStdin) ? await input.ReadLineAsync(cancellationToken) : null;
            return await ActingMember.RunAsync(result, workspace, actingAs, Permission.ManageChannels, async (services, context) =>
            {
                var connections = services.GetRequiredService<ChannelConnections>();
                var descriptor = connections.NetworkOf(result.GetValue(network));
                var connected = (await connections.ConnectAsync(context, descriptor.Id, result.GetValue(name), FieldsOf(descriptor, given, secret), null,
                    cancellationToken)).Channel!;
                await result.InvocationConfiguration.Output.WriteLineAsync($"channel {connected.Id} {connected.Network} {connected.Account} \"{connected.Name}\"");
                return ChorusCommandLine.Ok;
            }, addServices);
        });

        var list = new Command("list", "List the workspace's channels: id, network, status, account, name.") { workspace, actingAs };
        list.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var service = services.GetRequiredService<ChannelService>();
            string? cursor = null;
            do
            {
                var page = await service.ListAsync(context, cursor, Cursor.MaxLimit, cancellationToken);
                foreach (var c in page.Items)
                {
                    var reason = c.IsBroken ? $" ({c.StatusReason})" : "";
                    await result.InvocationConfiguration.Output.WriteLineAsync($"{c.Id}\t{c.Network}\t{c.Status}{reason}\t{c.Account}\t{c.Name}");
                }
                cursor = page.Next;
            }
            while (cursor is not null);
            return ChorusCommandLine.Ok;
        }, addServices));

        var test = new Command("test", "Ask the channel's network whether it works: exit 0 when it answers, 1 with its reason when not.") { workspace, actingAs, channel };
        test.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ManageChannels, async (services, context) =>
        {
            var check = await services.GetRequiredService<ChannelHealth>().TestAsync(context, result.GetValue(channel), cancellationToken)
                ?? throw new InputException("channel", "This workspace has no such channel.");
            if (check.Succeeded)
            {
                await result.InvocationConfiguration.Output.WriteLineAsync($"ok: {check.Channel.Name} answered");
                return ChorusCommandLine.Ok;
            }
            await result.InvocationConfiguration.Error.WriteLineAsync($"{check.Channel.Name}: {check.Reason} (status: {check.Channel.Status})");
            return ChorusCommandLine.Failure;
        }, addServices));

        var remove = new Command("remove", "Disconnect a channel and delete its credentials (a token the network can revoke, such as Mastodon's, is revoked first).") { workspace, actingAs, channel };
        remove.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ManageChannels, async (services, context) =>
        {
            if (!await services.GetRequiredService<ChannelService>().DisconnectAsync(context, result.GetValue(channel), cancellationToken))
                throw new InputException("channel", "This workspace has no such channel.");
            await result.InvocationConfiguration.Output.WriteLineAsync($"removed {result.GetValue(channel)}");
            return ChorusCommandLine.Ok;
        }, addServices));

        return new Command("channel", "Manage a workspace's channels (connected accounts).") { add, list, test, remove };
    }

    /// <summary>'--option value' and '--option=value' pairs, in order; null when a token is not one of them.</summary>
    private static List<(string Option, string Value)>? FieldOptions(IReadOnlyList<string> tokens)
    {
        var options = new List<(string, string)>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!tokens[i].StartsWith("--", StringComparison.Ordinal)) return null;
            var equals = tokens[i].IndexOf('=', StringComparison.Ordinal);
            if (equals > 0) options.Add((tokens[i][..equals], tokens[i][(equals + 1)..]));
            else if (i + 1 < tokens.Count) options.Add((tokens[i], tokens[++i]));
            else return null;
        }
        return options;
    }

    /// <summary>The connect-form values the options give, by field name: each option must be one of the network's fields.</summary>
    private static Dictionary<string, string?> FieldsOf(NetworkDescriptor network, List<(string Option, string Value)> given, string? secret)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (option, value) in given)
        {
            var field = network.Fields.FirstOrDefault(f => f.CommandLineOption == option)
                ?? throw new InputException(option.TrimStart('-'),
                    $"{network.DisplayName} has no such field; its options are {string.Join(", ", network.Fields.Select(f => f.CommandLineOption))}.");
            fields[field.Name] = value;
        }
        if (secret is not null)
        {
            var secretField = network.Fields.FirstOrDefault(f => f.IsSecret)
                ?? throw new InputException("password-stdin", $"{network.DisplayName} has no password to read.");
            if (fields.ContainsKey(secretField.Name))
                throw new InputException(secretField.Name, $"give {secretField.CommandLineOption} or --password-stdin, not both.");
            fields[secretField.Name] = secret;
        }
        return fields;
    }
}
