using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing.Templates;

/// <summary>`chorus template list|add|remove`, acting as the workspace member named by --as.</summary>
public static class TemplateCommand
{
    public static Command Create() => Create(null);

    /// <summary>Runs `template ...` with the given streams (tests call it in-process).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IHostApplicationBuilder>? addServices = null) =>
        ChorusCommandLine.RunGroupAsync(Create(addServices), args, output, error);

    private static Command Create(Action<IHostApplicationBuilder>? addServices)
    {
        var options = new TemplateOptions("template");
        var name = new Option<string>("--name") { Description = "The template's name.", Required = true };
        var text = new Option<string>("--text") { Description = "Its body, the text a variant starts from.", Required = true };
        var title = new Option<string?>("--title") { Description = "Its title, for networks whose posts have one (WordPress)." };

        var list = new Command("list", "List the workspace's templates: id, name, title, then the body's first line.") { options.Workspace, options.ActingAs, options.Json };
        list.SetAction((result, ct) => ActingMember.RunAsync(result, options.Workspace, options.ActingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var templates = await services.GetRequiredService<PostTemplates>().ListAsync(context, ct);
            return await TemplateOptions.PrintAsync(result, options.Json, templates, t => $"{t.Id}\t{t.Name}\t{t.Title}\t{TemplateOptions.FirstLine(t.Body)}");
        }, addServices));

        var add = new Command("add", "Add a template and print its id.") { options.Workspace, options.ActingAs, name, text, title };
        add.SetAction((result, ct) => ActingMember.RunAsync(result, options.Workspace, options.ActingAs, Permission.WritePosts, async (services, context) =>
        {
            var created = await services.GetRequiredService<PostTemplates>().CreateAsync(context,
                new TemplateRequest(result.GetValue(name), result.GetValue(text), result.GetValue(title)), ct);
            await result.InvocationConfiguration.Output.WriteLineAsync(created.Id.ToString());
            return ChorusCommandLine.Ok;
        }, addServices));

        var remove = new Command("remove", "Remove a template.") { options.Id, options.Workspace, options.ActingAs };
        remove.SetAction((result, ct) => ActingMember.RunAsync(result, options.Workspace, options.ActingAs, Permission.WritePosts, async (services, context) =>
            await services.GetRequiredService<PostTemplates>().DeleteAsync(context, result.GetValue(options.Id), ct)
                ? ChorusCommandLine.Ok : throw new InputException("ID", "This workspace has no such template."), addServices));

        return new Command("template", "Templates: texts (and titles) a variant starts from in the composer.") { list, add, remove };
    }
}

/// <summary>The options `chorus template|signature|hashtags` share, and how they print a list.</summary>
internal sealed class TemplateOptions(string noun)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public Option<string> Workspace { get; } = new("--workspace") { Description = "The workspace: its id, or its name.", Required = true };

    public Option<string> ActingAs { get; } = new("--as") { Description = "E-mail of the workspace member who acts (their role decides what they may do).", Required = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON instead of text." };

    public Argument<Guid> Id { get; } = new("ID") { Description = $"The {noun}'s id (printed by 'chorus {noun} add', listed by 'chorus {noun} list')." };

    public static async Task<int> PrintAsync<T>(ParseResult result, Option<bool> json, IReadOnlyList<T> items, Func<T, string> line)
    {
        var output = result.InvocationConfiguration.Output;
        if (result.GetValue(json))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(items, JsonOptions));
            return ChorusCommandLine.Ok;
        }
        foreach (var item in items) await output.WriteLineAsync(line(item));
        return ChorusCommandLine.Ok;
    }

    public static string FirstLine(string text) => text.ReplaceLineEndings("\n").Split('\n')[0];
}
