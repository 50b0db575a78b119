using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing.Templates;

/// <summary>`chorus signature list|add|remove`, acting as the workspace member named by --as.</summary>
public static class SignatureCommand
{
    public static Command Create() => Create(null);

    /// <summary>Runs `signature ...` with the given streams (tests call it in-process).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IHostApplicationBuilder>? addServices = null) =>
        ChorusCommandLine.RunGroupAsync(Create(addServices), args, output, error);

    private static Command Create(Action<IHostApplicationBuilder>? addServices)
    {
        var options = new TemplateOptions("signature");
        var name = new Option<string>("--name") { Description = "The signature's name.", Required = true };
        var text = new Option<string>("--text") { Description = "The text appended to a variant.", Required = true };
        var channel = new Option<Guid?>("--channel") { Description = "The channel (id) this signature is the default of." };

        var list = new Command("list", "List the workspace's signatures: id, name, default channel, then the text's first line.") { options.Workspace, options.ActingAs, options.Json };
        list.SetAction((result, ct) => ActingMember.RunAsync(result, options.Workspace, options.ActingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var signatures = await services.GetRequiredService<Signatures>().ListAsync(context, ct);
            return await TemplateOptions.PrintAsync(result, options.Json, signatures, s => $"{s.Id}\t{s.Name}\t{s.DefaultChannel}\t{TemplateOptions.FirstLine(s.Text)}");
        }, addServices));

        var add = new Command("add", "Add a signature and print its id.") { options.Workspace, options.ActingAs, name, text, channel };
        add.SetAction((result, ct) => ActingMember.RunAsync(result, options.Workspace, options.ActingAs, Permission.WritePosts, async (services, context) =>
        {
            var created = await services.GetRequiredService<Signatures>().CreateAsync(context,
                new SignatureRequest(result.GetValue(name), result.GetValue(text), result.GetValue(channel)), ct);
            await result.InvocationConfiguration.Output.WriteLineAsync(created.Id.ToString());
            return ChorusCommandLine.Ok;
        }, addServices));

        var remove = new Command("remove", "Remove a signature.") { options.Id, options.Workspace, options.ActingAs };
        remove.SetAction((result, ct) => ActingMember.RunAsync(result, options.Workspace, options.ActingAs, Permission.WritePosts, async (services, context) =>
            await services.GetRequiredService<Signatures>().DeleteAsync(context, result.GetValue(options.Id), ct)
                ? ChorusCommandLine.Ok : throw new InputException("ID", "This workspace has no such signature."), addServices));

        return new Command("signature", "Signatures: texts appended to a variant in the composer, one the default of a channel.") { list, add, remove };
    }
}
