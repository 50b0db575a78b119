using System.CommandLine;
using Chorus.Channels;
using Chorus.Charter;
using Chorus.Notifications;
using Chorus.Platform.Accounts;
using Chorus.TextCommands;
using Chorus.Workspaces;

namespace Chorus.Platform.CommandLine;

/// <summary>The `chorus` command line. Exit status: 0 ok, 2 bad input (with the reason), 1 failure.</summary>
public static class ChorusCommandLine
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand("Chorus: self-hosted community management. Run 'chorus serve' to start the web app.");
        root.Subcommands.Add(new Command("serve", "Start the web app and its background workers (CHORUS_URLS, CHORUS_DATABASE, CHORUS_DATA)."));
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(UserCommand.Create());
        root.Subcommands.Add(WorkspaceCommand.Create());
        root.Subcommands.Add(MatchCommand.Create());
        root.Subcommands.Add(SentimentCommand.Create());
        root.Subcommands.Add(LanguageCommand.Create());
        root.Subcommands.Add(ModerateCommand.Create());
        root.Subcommands.Add(ChannelCommand.Create());
        root.Subcommands.Add(CharterCommand.Create());
        root.Subcommands.Add(Chorus.Publishing.PostCommand.Create());
        root.Subcommands.Add(NotificationCommand.Create());
        root.Subcommands.Add(Chorus.Media.MediaCommand.Create());
        root.Subcommands.Add(Chorus.Publishing.Calendar.CampaignCommand.Create());
        root.Subcommands.Add(Chorus.Publishing.Calendar.EventCommand.Create());
        root.Subcommands.Add(Chorus.Publishing.Templates.TemplateCommand.Create());
        root.Subcommands.Add(Chorus.Publishing.Templates.SignatureCommand.Create());
        root.Subcommands.Add(Chorus.Publishing.Templates.HashtagsCommand.Create());
        root.Subcommands.Add(Chorus.Links.LinkCommand.Create());
        root.Subcommands.Add(Chorus.Publishing.Queues.QueueCommand.Create());
        return root;
    }

    /// <summary>True when the arguments name a command other than serve (no arguments, options only, or serve: the web app).</summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && args[0] != "serve"
        || args.Any(a => a is "--help" or "-h" or "-?") || args is ["--version", ..];

    /// <summary>The arguments for the web host: those after `serve`.</summary>
    public static string[] ServeArguments(string[] args) => args is ["serve", .. var rest] ? rest : args;

    /// <summary>Runs one command group (`channel ...`, `post ...`) with the given streams, as tests call it in-process:
    /// a parse error is printed and answered with <see cref="BadInput"/>, as the real root does.</summary>
    public static async Task<int> RunGroupAsync(Command group, string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("chorus") { group };
        var parsed = root.Parse([group.Name, .. args]);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors) await error.WriteLineAsync(parseError.Message);
            return BadInput;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        var configuration = new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error };
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors) await configuration.Error.WriteLineAsync(parseError.Message);
            await configuration.Error.WriteLineAsync("Run 'chorus --help' (or 'chorus <command> --help') to see the usage.");
            return BadInput;
        }
        return await parsed.InvokeAsync(configuration);
    }
}
