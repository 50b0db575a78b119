using System.CommandLine;
using System.Text.Json;
using Chorus.Platform.Shell;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Charter;

/// <summary>
/// `chorus charter show|set|check`, acting as the workspace member named by --as. `set` reads the same JSON as
/// PUT /charter (from --file, or standard input); `check` exits 0 when the text may be approved, 1 when a blocking
/// finding stops it, 2 on bad input.
/// </summary>
public static class CharterCommand
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    public static Command Create() => Create(Console.In, null);

    /// <summary>Runs `charter ...` with the given streams (tests call it in-process).</summary>
    public static Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error,
        Action<IHostApplicationBuilder>? addServices = null) =>
        ChorusCommandLine.RunGroupAsync(Create(input, addServices), args, output, error);

    private static Command Create(TextReader input, Action<IHostApplicationBuilder>? addServices)
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace: its id, or its name.", Required = true };
        var actingAs = new Option<string>("--as") { Description = "E-mail of the workspace member who acts (needs ManageCharter to set the charter).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON (the API's answer) instead of lines." };
        var file = new Option<FileInfo?>("--file") { Description = "The charter as JSON, as PUT /charter takes it (standard input when absent)." };
        var text = new Option<string>("--text") { Description = "The text to check.", Required = true };
        var title = new Option<string?>("--title") { Description = "A title to check with the text." };
        var part = new Option<string[]>("--part") { Description = "A following post of a thread (repeat for each, in order).", AllowMultipleArgumentsPerToken = false };
        var channel = new Option<Guid?>("--channel") { Description = "The channel the text goes to (for the mentions required there)." };
        var campaign = new Option<string?>("--campaign") { Description = "The campaign's key (for the mentions required in it)." };
        var language = new Option<string?>("--lang") { Description = "The text's language (fr, en) for the toxicity score; detected when absent." };

        var show = new Command("show", "Print the charter: tone notes, banned terms, required mentions, toxicity threshold.") { workspace, actingAs, json };
        show.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var charter = await services.GetRequiredService<CharterService>().GetAsync(context, cancellationToken);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(charter, Json));
                return ChorusCommandLine.Ok;
            }
            await WriteAsync(output, charter);
            return ChorusCommandLine.Ok;
        }, addServices));

        var set = new Command("set", "Replace the charter with a JSON document: {\"toneNotes\", \"bannedTerms\": [{\"term\", \"severity\", \"note\"}], " +
            "\"requiredMentions\": [{\"text\", \"channelId\", \"campaign\", \"severity\"}], \"toxicityThreshold\", \"toxicitySeverity\", \"breachBlocksApproval\"}.")
            { workspace, actingAs, file, json };
        set.SetAction(async (result, cancellationToken) =>
        {
            var given = result.GetValue(file);
            string document;
            try
            {
                document = given is null ? await input.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(given.FullName, cancellationToken);
            }
            catch (IOException e)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"file: {e.Message}");
                return ChorusCommandLine.BadInput;
            }
            CharterSettings? settings;
            try
            {
                settings = JsonSerializer.Deserialize<CharterSettings>(document, Json);
            }
            catch (JsonException e)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"file: not a charter document ({e.Path} line {e.LineNumber + 1}): {e.Message}");
                return ChorusCommandLine.BadInput;
            }
            return await ActingMember.RunAsync(result, workspace, actingAs, Permission.ManageCharter, async (services, context) =>
            {
                var saved = await services.GetRequiredService<CharterService>().SaveAsync(context, settings, cancellationToken);
                if (result.GetValue(json)) await result.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(saved, Json));
                else await result.InvocationConfiguration.Output.WriteLineAsync($"charter saved: {saved.BannedTerms.Count} banned terms, {saved.RequiredMentions.Count} required mentions");
                return ChorusCommandLine.Ok;
            }, addServices);
        });

        var check = new Command("check", "Check a text against the charter: one line per finding (rule, severity, field, place, term); exit 1 when a finding blocks approval.")
            { workspace, actingAs, text, title, part, channel, campaign, language, json };
        check.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var subject = CharterApi.Subject(new CharterApi.CheckRequest(result.GetValue(text), result.GetValue(title), result.GetValue(part) ?? [],
                result.GetValue(channel), result.GetValue(campaign), result.GetValue(language)));
            var report = await services.GetRequiredService<CharterCheck>().CheckAsync(context.WorkspaceId, subject, cancellationToken);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(report, Json));
            }
            else
            {
                foreach (var f in report.Findings)
                {
                    var place = f.Start is { } start ? $"{start}+{f.Length}" : "-";
                    await output.WriteLineAsync($"{f.Rule}\t{f.Severity}\t{f.Field}\t{place}\t{f.Term}\t{f.Message}");
                }
                if (report.Findings.Count == 0) await output.WriteLineAsync("ok: nothing breaches the charter");
            }
            return report.BlocksApproval ? ChorusCommandLine.Failure : ChorusCommandLine.Ok;
        }, addServices));

        return new Command("charter", "Show, set and check a workspace's communication charter.") { show, set, check };
    }

    private static async Task WriteAsync(TextWriter output, WorkspaceCharter charter)
    {
        if (charter.IsEmpty)
        {
            await output.WriteLineAsync("no charter yet: set one with 'chorus charter set' (an Owner or Admin)");
            return;
        }
        if (charter.ToneNotes.Length > 0) await output.WriteLineAsync($"tone: {charter.ToneNotes.ReplaceLineEndings(" ")}");
        foreach (var term in charter.BannedTerms)
            await output.WriteLineAsync($"banned\t{term.Severity}\t{term.Term}{(term.Note is null ? "" : "\t" + term.Note)}");
        foreach (var mention in charter.RequiredMentions)
            await output.WriteLineAsync($"required\t{mention.Severity}\t{mention.Text}\tchannel={mention.ChannelId?.ToString() ?? "all"}\tcampaign={mention.Campaign ?? "all"}");
        await output.WriteLineAsync($"toxicity\t{(charter.ToxicityThreshold is { } t ? $"{t.ToString(System.Globalization.CultureInfo.InvariantCulture)} {charter.ToxicitySeverity}" : "not checked")}");
        await output.WriteLineAsync($"breach blocks approval\t{(charter.BreachBlocksApproval ? "yes" : "no")}");
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        return options;
    }
}
