using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chorus.Channels;
using Chorus.Platform.CommandLine;
using Chorus.Connectors.Abstractions;
using Chorus.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Tests.Channels;

/// <summary>
/// A network the app has never heard of (<see cref="PigeonNetwork"/>), registered by the test alone, is connected
/// through the API, the command line and the connect page: the descriptor is all the app reads.
/// </summary>
public sealed partial class PigeonNetworkTests(PigeonNetworkTests.PigeonApp app) : IClassFixture<PigeonNetworkTests.PigeonApp>
{
    /// <summary>The app with the pigeon network added: the one registration line a network needs.</summary>
    public sealed class PigeonApp : ChorusFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices((context, services) => services.AddNetwork<PigeonNetwork>(context.Configuration));
        }
    }

    [Fact]
    public async Task Api_ConnectsAPigeonLoftAndNamesTheFieldItRefuses()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var root = $"/api/v1/workspaces/{workspace.WorkspaceId}/channels";

        using var wrongRing = await api.PostAsJsonAsync(root, new { network = "pigeon", loft = "north-tower", ringCode = "ring-9999" });
        using var noLoft = await api.PostAsJsonAsync(root, new { network = "pigeon", ringCode = PigeonNetwork.KnownRing });
        using var unknown = await api.PostAsJsonAsync(root, new { network = "raven", loft = "north-tower" });
        using var connected = await api.PostAsJsonAsync(root, new { network = "pigeon", loft = "north-tower", ringCode = PigeonNetwork.KnownRing });

        wrongRing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ErrorsAsync(wrongRing))["ringCode"].ShouldContain("does not know this ring code");
        (await ErrorsAsync(noLoft))["loft"].ShouldContain("required");
        var unknownNetwork = (await ErrorsAsync(unknown))["network"];
        unknownNetwork.ShouldContain("'raven' is not a network");
        unknownNetwork.ShouldContain("pigeon");
        unknownNetwork.ShouldContain("bluesky");
        connected.StatusCode.ShouldBe(HttpStatusCode.Created, await connected.Content.ReadAsStringAsync());
        var channel = (await connected.Content.ReadFromJsonAsync<ChannelsApi.ConnectResponse>())!.Channel!;
        channel.Network.ShouldBe("pigeon");
        channel.Account.ShouldBe("north-tower@pigeon");
        channel.Name.ShouldBe("Loft north-tower");
        (await app.CountAsync("select count(*) from channels where workspace_id = @id and network = 'pigeon'", new { id = workspace.WorkspaceId })).ShouldBe(1);
        // The stored credentials open a working connector, as the health check does.
        (await app.Get<ChannelHealth>().CheckAsync(channel.Id))!.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task CommandLine_TheNetworksFieldsAreItsOptions()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var common = new[] { "add", "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email, "--network", "pigeon" };

        var added = await ChannelAsync("", [.. common, "--loft", "south-tower", "--ring-code", PigeonNetwork.KnownRing]);
        var fromStdin = await ChannelAsync(PigeonNetwork.KnownRing + "\n", [.. common, "--loft=east-tower", "--password-stdin", "--name", "East"]);
        var wrongOption = await ChannelAsync("", [.. common, "--loft", "west-tower", "--handle", "west.bsky.social"]);
        var wrongRing = await ChannelAsync("", [.. common, "--loft", "west-tower", "--ring-code", "ring-9999"]);

        added.Exit.ShouldBe(ChorusCommandLine.Ok, added.Error);
        added.Output.ShouldMatch(@"^channel [0-9a-f-]{36} pigeon south-tower@pigeon ""Loft south-tower""");
        fromStdin.Exit.ShouldBe(ChorusCommandLine.Ok, fromStdin.Error);
        fromStdin.Output.ShouldContain("pigeon east-tower@pigeon \"East\"");
        wrongOption.Exit.ShouldBe(ChorusCommandLine.BadInput);
        wrongOption.Error.ShouldStartWith("handle: Pigeon has no such field; its options are --loft, --ring-code.");
        wrongRing.Exit.ShouldBe(ChorusCommandLine.BadInput);
        wrongRing.Error.ShouldStartWith("ringCode: The loft does not know this ring code.");
        (await app.CountAsync("select count(*) from channels where workspace_id = @id and network = 'pigeon'", new { id = workspace.WorkspaceId })).ShouldBe(2);
    }

    [Fact]
    public async Task ConnectPage_DrawsTheFormFromTheDescriptorAndListsTheChannel()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);
        var connectPage = $"/w/{workspace.WorkspaceId}/channels/connect/pigeon";

        var list = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/channels");
        var form = await browser.GetStringAsync(connectPage);
        async Task<HttpResponseMessage> Submit(string ring) => await browser.PostAsync(connectPage, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["loft"] = "harbour", ["ringCode"] = ring, ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(form),
        }));
        using var refused = await Submit("ring-9999");
        var refusedPage = await refused.Content.ReadAsStringAsync();
        using var accepted = await Submit(PigeonNetwork.KnownRing);

        list.ShouldMatch($"href=\"{connectPage}\"><span[^>]*></span> Pigeon loft</a>");
        Input(form, "loft").ShouldContain("type=\"text\"");
        Input(form, "loft").ShouldContain("maxlength=\"40\"");
        Input(form, "ringCode").ShouldContain("type=\"password\"");
        form.ShouldContain("<label for=\"ringCode\">Ring code</label>");
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        refusedPage.ShouldContain("id=\"ringCode-error\"");
        Input(refusedPage, "loft").ShouldContain("value=\"harbour\"");
        refusedPage.ShouldNotContain("ring-9999");
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var listed = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/channels");
        listed.ShouldContain("value=\"Loft harbour\"");
        listed.ShouldContain("<td><span class=\"icon network-icon network-pigeon\" aria-hidden=\"true\"></span> Pigeon</td>");
    }

    /// <summary>The &lt;input&gt; tag of a field.</summary>
    private static string Input(string html, string name) =>
        Regex.Match(html, $"<input id=\"{name}\"[^>]*>", RegexOptions.Singleline) is { Success: true } input ? input.Value : $"(no input {name})";

    private async Task<(int Exit, string Output, string Error)> ChannelAsync(string stdin, string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ChannelCommand.RunAsync(args, input, output, error, builder =>
        {
            builder.Configuration["CHORUS_DATABASE"] = app.ConnectionString;
            builder.Services.AddNetwork<PigeonNetwork>(builder.Configuration);
        });
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<Dictionary<string, string>> ErrorsAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("errors").EnumerateObject()
            .ToDictionary(p => p.Name, p => string.Join(" ", p.Value.EnumerateArray().Select(e => e.GetString())));
    }
}
