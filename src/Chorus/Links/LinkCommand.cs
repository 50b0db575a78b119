using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Links;

/// <summary>`chorus link shorten URL|list`, acting as the workspace member named by --as.</summary>
public static class LinkCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static Command Create() => Create(null);

    /// <summary>Runs `link ...` with the given streams (tests call it in-process).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IHostApplicationBuilder>? addServices = null) =>
        ChorusCommandLine.RunGroupAsync(Create(addServices), args, output, error);

    private static Command Create(Action<IHostApplicationBuilder>? addServices)
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace: its id, or its name.", Required = true };
        var actingAs = new Option<string>("--as") { Description = "E-mail of the workspace member who acts (their role decides what they may do).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var url = new Argument<string>("URL") { Description = "The absolute http or https address to shorten." };

        var shorten = new Command("shorten", "Shorten an address and print the short link (the same one when the workspace already has it).") { url, workspace, actingAs, json };
        shorten.SetAction((result, ct) => ActingMember.RunAsync(result, workspace, actingAs, Permission.WritePosts, async (services, context) =>
        {
            var (link, _) = await services.GetRequiredService<ShortLinks>().ShortenAsync(context, result.GetValue(url), ct);
            var output = result.InvocationConfiguration.Output;
            await output.WriteLineAsync(result.GetValue(json) ? JsonSerializer.Serialize(link, Json) : link.ShortUrl.AbsoluteUri);
            return ChorusCommandLine.Ok;
        }, addServices));

        var list = new Command("list", "List the workspace's short links: short link, clicks, address.") { workspace, actingAs, json };
        list.SetAction((result, ct) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var links = await services.GetRequiredService<ShortLinks>().ListAsync(context, ct);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(links, Json));
                return ChorusCommandLine.Ok;
            }
            foreach (var link in links) await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{link.ShortUrl.AbsoluteUri}\t{link.Clicks}\t{link.Url}"));
            return ChorusCommandLine.Ok;
        }, addServices));

        return new Command("link", "Short links: /l/CODE sends to the address and counts clicks per day.") { shorten, list };
    }
}
