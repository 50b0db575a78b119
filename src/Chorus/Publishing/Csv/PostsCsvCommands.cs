using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing.Csv;

/// <summary>`chorus post import FILE.csv` and `chorus post export`: the same file, checks and all-or-nothing import as
/// the page and the API.</summary>
public static class PostsCsvCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEnumerable<Command> Create(Option<string> workspace, Option<string> actingAs, Option<bool> json, Action<IHostApplicationBuilder>? addServices)
    {
        var file = new Argument<FileInfo>("FILE.csv") { Description = "The posts file: a header (channel,at,text,title,...) then one row per post or variant." };
        var submit = new Option<bool>("--submit") { Description = "Submit the imported posts that have a time (to approval, or scheduled when the workspace needs none); those without stay drafts." };
        var import = new Command("import", "Import posts from a CSV file: every row is checked first, and one bad row imports nothing (exit 2, each bad row's number, column and reason on stderr). Prints the new posts' ids.")
            { file, workspace, actingAs, submit, json };
        import.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.WritePosts, async (services, context) =>
        {
            var path = result.GetValue(file)!;
            byte[] bytes;
            try
            {
                await using var stream = path.OpenRead();
                bytes = await PostsCsvApi.ReadCappedAsync(stream, cancellationToken);
            }
            catch (Exception unreadable) when (unreadable is IOException or UnauthorizedAccessException)
            {
                throw new InputException("FILE.csv", $"{path.FullName} cannot be read: {unreadable.Message}");
            }
            PostsCsvImported imported;
            try
            {
                imported = await services.GetRequiredService<PostsCsvImport>().ImportAsync(context, bytes, result.GetValue(submit), cancellationToken);
            }
            catch (PostsCsvException refused)
            {
                var error = result.InvocationConfiguration.Error;
                await error.WriteLineAsync($"{path.Name}: {refused.Message} Nothing was imported.");
                foreach (var wrong in refused.Errors) await error.WriteLineAsync(wrong.ToString());
                return ChorusCommandLine.BadInput;
            }
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json)) await output.WriteLineAsync(JsonSerializer.Serialize(imported.Posts, Json));
            else foreach (var id in imported.Posts) await output.WriteLineAsync(id.ToString());
            return ChorusCommandLine.Ok;
        }, addServices));

        var from = new Option<string?>("--from") { Description = "Only variants due at or after this time (ISO-8601 with offset)." };
        var to = new Option<string?>("--to") { Description = "Only variants due before this time (ISO-8601 with offset)." };
        var status = new Option<string?>("--status") { Description = $"Only variants in this status ({string.Join(", ", VariantStatus.All)})." };
        var export = new Command("export", "Write the workspace's posts as CSV on standard output, one row per variant, in the columns 'post import' reads.")
            { workspace, actingAs, from, to, status };
        export.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var filter = new PostsCsvFilter(PostCommand.ParseTime(result.GetValue(from), "from"), PostCommand.ParseTime(result.GetValue(to), "to"),
                result.GetValue(status));
            await result.InvocationConfiguration.Output.WriteAsync(await services.GetRequiredService<PostsCsvExport>().CsvAsync(context, filter, cancellationToken));
            return ChorusCommandLine.Ok;
        }, addServices));
        return [import, export];
    }
}
