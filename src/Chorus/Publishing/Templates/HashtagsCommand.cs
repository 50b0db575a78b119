using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing.Templates;

/// <summary>`chorus hashtags list|add|remove`, acting as the workspace member named by --as.</summary>
public static class HashtagsCommand
{
    public static Command Create() => Create(null);

    /// <summary>Runs `hashtags ...` with the given streams (tests call it in-process).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IHostApplicationBuilder>? addServices = null) =>
        ChorusCommandLine.RunGroupAsync(Create(addServices), args, output, error);

    private static Command Create(Action<IHostApplicationBuilder>? addServices)
    {
        var options = new TemplateOptions("hashtags");
        var name = new Option<string>("--name") { Description = "The group's name.", Required = true };
        var tags = new Option<string>("--tags") { Description = "Its hashtags, separated by spaces or commas: \"#soldes #hiver\".", Required = true };

        var list = new Command("list", "List the workspace's hashtag groups: id, name, hashtags.") { options.Workspace, options.ActingAs, options.Json };
        list.SetAction((result, ct) => ActingMember.RunAsync(result, options.Workspace, options.ActingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var groups = await services.GetRequiredService<HashtagGroups>().ListAsync(context, ct);
            return await TemplateOptions.PrintAsync(result, options.Json, groups, g => $"{g.Id}\t{g.Name}\t{g.Text}");
        }, addServices));

        var add = new Command("add", "Add a hashtag group and print its id.") { options.Workspace, options.ActingAs, name, tags };
        add.SetAction((result, ct) => ActingMember.RunAsync(result, options.Workspace, options.ActingAs, Permission.WritePosts, async (services, context) =>
        {
            var created = await services.GetRequiredService<HashtagGroups>().CreateAsync(context, new HashtagGroupRequest(result.GetValue(name), [result.GetValue(tags)]), ct);
            await result.InvocationConfiguration.Output.WriteLineAsync(created.Id.ToString());
            return ChorusCommandLine.Ok;
        }, addServices));

        var remove = new Command("remove", "Remove a hashtag group.") { options.Id, options.Workspace, options.ActingAs };
        remove.SetAction((result, ct) => ActingMember.RunAsync(result, options.Workspace, options.ActingAs, Permission.WritePosts, async (services, context) =>
            await services.GetRequiredService<HashtagGroups>().DeleteAsync(context, result.GetValue(options.Id), ct)
                ? ChorusCommandLine.Ok : throw new InputException("ID", "This workspace has no such hashtag group."), addServices));

        return new Command("hashtags", "Hashtag groups: named lists of hashtags inserted together in the composer.") { list, add, remove };
    }
}
