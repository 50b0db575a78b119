using System.Text.Json;
using Chorus.Platform.CommandLine;
using Chorus.Publishing;
using Microsoft.Extensions.Hosting;

namespace Chorus.Tests.Publishing;

/// <summary>
/// `chorus post ...` in-process on the database of a running app (its worker publishes what the command schedules, as
/// `chorus serve` does for a script), against a Mastodon instance on loopback. The database is given through the
/// command host's configuration, not the process environment.
/// </summary>
public sealed class PostCommandTests(PublishingFactory app) : IClassFixture<PublishingFactory>, IAsyncLifetime
{
    private MastodonInstance _instance = null!;
    private string _email = "";
    private string _workspace = "";
    private Guid _channel;

    public async Task InitializeAsync()
    {
        _instance = await MastodonInstance.StartAsync();
        var workspace = await app.CreateWorkspaceAsync("Cli");
        _email = workspace.Owner.Email;
        _workspace = workspace.WorkspaceId.ToString();
        _channel = await app.AddChannelAsync(workspace.WorkspaceId, "mastodon", _instance.BaseUrl, MastodonInstance.Credentials, "Brand toots");
    }

    public async Task DisposeAsync() => await _instance.DisposeAsync();

    private async Task<(int Exit, string Output, string Error)> PostAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        void Database(IHostApplicationBuilder builder)
        {
            builder.Configuration["CHORUS_DATABASE"] = app.ConnectionString;
            builder.Configuration["Connectors:AllowLoopback"] = "true";
        }
        var exit = await PostCommand.RunAsync(args, output, error, Database);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task CreateSubmitShow_NoApproval_PublishedByTheWorkerAndShownAsJson()
    {
        var created = await PostAsync("create", "--workspace", _workspace, "--as", _email, "--channel", "Brand toots", "--text", "Bonjour depuis la ligne de commande", "--submit");
        created.Exit.ShouldBe(ChorusCommandLine.Ok, created.Error);
        var postId = Guid.Parse(created.Output.Trim());

        await app.WaitForVariantAsync(postId, 30, VariantStatus.Published);
        var shown = await PostAsync("show", postId.ToString(), "--workspace", _workspace, "--as", _email, "--json");

        shown.Exit.ShouldBe(ChorusCommandLine.Ok, shown.Error);
        using var json = JsonDocument.Parse(shown.Output);
        json.RootElement.GetProperty("id").GetGuid().ShouldBe(postId);
        json.RootElement.GetProperty("status").GetString().ShouldBe("published");
        var variant = json.RootElement.GetProperty("variants").EnumerateArray().Single();
        variant.GetProperty("channel").GetGuid().ShouldBe(_channel);
        variant.GetProperty("status").GetString().ShouldBe("published");
        variant.GetProperty("url").GetString().ShouldBe(_instance.Statuses.Single()["url"]!.GetValue<string>());
        variant.TryGetProperty("error", out _).ShouldBeFalse();
        (await PostAsync("list", "--workspace", _workspace, "--as", _email)).Output.ShouldContain($"{postId}\tpublished\tBrand toots:published\tBonjour");
    }

    [Fact]
    public async Task CreateLaterThenCancel_NothingPublished()
    {
        var at = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var created = await PostAsync("create", "--workspace", _workspace, "--as", _email, "--channel", _channel.ToString(), "--text", "Plus tard", "--at", at, "--submit");
        created.Exit.ShouldBe(ChorusCommandLine.Ok, created.Error);
        var postId = created.Output.Trim();

        var cancelled = await PostAsync("cancel", postId, "--workspace", _workspace, "--as", _email);

        cancelled.Exit.ShouldBe(ChorusCommandLine.Ok, cancelled.Error);
        cancelled.Output.ShouldBe($"{postId} cancelled{Environment.NewLine}");
        (await PostAsync("cancel", postId, "--workspace", _workspace, "--as", _email)).Exit.ShouldBe(ChorusCommandLine.BadInput);
        _instance.PostsReceived.ShouldBe(0);
    }

    [Theory]
    [InlineData("--at", "2026-12-24 09:00", "at:")]
    [InlineData("--channel", "Nowhere", "channel:")]
    [InlineData("--text", "  ", "text:")]
    public async Task Create_BadInput_Exits2NamingTheField(string option, string value, string expected)
    {
        var args = new Dictionary<string, string> { ["--channel"] = "Brand toots", ["--text"] = "Texte" };
        args[option] = value;

        var result = await PostAsync(["create", "--workspace", _workspace, "--as", _email, .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        result.Exit.ShouldBe(ChorusCommandLine.BadInput);
        result.Error.ShouldStartWith(expected);
    }

    [Fact]
    public async Task Approve_AsAMemberWhoCannot_Exits2()
    {
        var created = await PostAsync("create", "--workspace", _workspace, "--as", _email, "--channel", "Brand toots", "--text", "À valider");
        var refused = await PostAsync("approve", created.Output.Trim(), "--workspace", _workspace, "--as", "nobody@example.test");

        refused.Exit.ShouldBe(ChorusCommandLine.BadInput);
        refused.Error.ShouldStartWith("as:");
        var notInReview = await PostAsync("approve", created.Output.Trim(), "--workspace", _workspace, "--as", _email);
        notInReview.Exit.ShouldBe(ChorusCommandLine.BadInput);
        notInReview.Error.ShouldContain("not waiting for approval");
    }
}
