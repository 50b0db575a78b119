using System.Text.RegularExpressions;
using Chorus.Platform.CommandLine;
using Chorus.Channels;
using Chorus.Testing;
using Chorus.Tests.Channels;

namespace Chorus.Tests.Channels;

/// <summary>
/// `chorus channel ...` in-process against a fresh database named by CHORUS_DATABASE (read by the command host from
/// the environment, as in production). The environment is process-wide, so this is the only test class of this project
/// that sets it.
/// </summary>
public sealed partial class ChannelCommandTests : IAsyncLifetime
{
    private const string Owner = "owner@brand.test";
    private string _workspaceId = "";

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("CHORUS_DATABASE", await TestPostgres.CreateDatabaseAsync());
        Environment.SetEnvironmentVariable("Connectors__AllowLoopback", "true");
        (await RunAsync("user", "create", "--email", Owner, "--name", "Owner", "--password", "correct horse battery", "--organization", "Brand Org")).Exit.ShouldBe(0);
        var (exit, output, _) = await RunAsync("workspace", "create", "--owner", Owner, "--name", "Brand");
        exit.ShouldBe(0);
        _workspaceId = output.Trim().Split(' ')[1];
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AddListTestRemove_Feed_ExitCodesFollowTheNetworksAnswers()
    {
        var feeds = await NetworkStubs.FeedServerAsync();
        var url = new Uri(feeds.BaseUrl, "feed.xml").AbsoluteUri;

        var added = await ChannelAsync("", "add", "--workspace", "Brand", "--as", Owner, "--network", "feed", "--url", url);
        added.Exit.ShouldBe(ChorusCommandLine.Ok, added.Error);
        var channelId = ChannelLine().Match(added.Output).Groups[1].Value;
        channelId.ShouldNotBeEmpty();

        var listed = await ChannelAsync("", "list", "--workspace", _workspaceId, "--as", Owner);
        listed.Exit.ShouldBe(ChorusCommandLine.Ok);
        listed.Output.ShouldContain($"{channelId}\tfeed\thealthy\t{url}\tBrand news");

        (await ChannelAsync("", "test", "--workspace", _workspaceId, "--as", Owner, "--channel", channelId)).Exit.ShouldBe(ChorusCommandLine.Ok);

        await feeds.DisposeAsync();
        var down = await ChannelAsync("", "test", "--workspace", _workspaceId, "--as", Owner, "--channel", channelId);
        down.Exit.ShouldBe(ChorusCommandLine.Failure);
        down.Error.ShouldContain("Brand news: ");

        (await ChannelAsync("", "remove", "--workspace", _workspaceId, "--as", Owner, "--channel", channelId)).Exit.ShouldBe(ChorusCommandLine.Ok);
        (await ChannelAsync("", "list", "--workspace", _workspaceId, "--as", Owner)).Output.ShouldNotContain(channelId);
        (await ChannelAsync("", "remove", "--workspace", _workspaceId, "--as", Owner, "--channel", channelId)).Exit.ShouldBe(ChorusCommandLine.BadInput);
    }

    [Fact]
    public async Task Add_BadInput_Exits2WithTheFieldAndReason()
    {
        await using var feeds = await NetworkStubs.FeedServerAsync();

        var notFeed = await ChannelAsync("", "add", "--workspace", _workspaceId, "--as", Owner, "--network", "feed", "--url", new Uri(feeds.BaseUrl, "page.html").AbsoluteUri);
        var unknownNetwork = await ChannelAsync("", "add", "--workspace", _workspaceId, "--as", Owner, "--network", "myspace", "--url", "https://example.com/");
        var stranger = await ChannelAsync("", "add", "--workspace", _workspaceId, "--as", "nobody@brand.test", "--network", "feed", "--url", "https://example.com/");
        var missingOption = await ChannelAsync("", "add", "--workspace", _workspaceId, "--network", "feed");

        notFeed.Exit.ShouldBe(ChorusCommandLine.BadInput);
        notFeed.Error.ShouldStartWith("url: ");
        unknownNetwork.Exit.ShouldBe(ChorusCommandLine.BadInput);
        unknownNetwork.Error.ShouldStartWith("network: ");
        stranger.Exit.ShouldBe(ChorusCommandLine.BadInput);
        stranger.Error.ShouldStartWith("as: ");
        missingOption.Exit.ShouldBe(ChorusCommandLine.BadInput);
    }

    [Fact]
    public async Task Add_WordPressWrongPasswordFromStdin_Exits2NamingPasswordAndStoresNothing()
    {
        await using var site = await NetworkStubs.WordPressAsync(() => "right pass word");

        var wrong = await ChannelAsync("wrong pass word\n", "add", "--workspace", _workspaceId, "--as", Owner, "--network", "wordpress",
            "--url", site.BaseUrl.AbsoluteUri, "--username", "editor", "--password-stdin");
        var right = await ChannelAsync("right pass word\n", "add", "--workspace", _workspaceId, "--as", Owner, "--network", "wordpress",
            "--url", site.BaseUrl.AbsoluteUri, "--username", "editor", "--password-stdin", "--name", "Blog");

        wrong.Exit.ShouldBe(ChorusCommandLine.BadInput);
        wrong.Error.ShouldStartWith("password: ");
        wrong.Error.ShouldContain("invalid application password");
        right.Exit.ShouldBe(ChorusCommandLine.Ok, right.Error);
        right.Output.ShouldContain("\"Blog\"");
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ChorusCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<(int Exit, string Output, string Error)> ChannelAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ChannelCommand.RunAsync(args, input, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"^channel ([0-9a-f-]{36}) feed ", RegexOptions.Multiline)]
    private static partial Regex ChannelLine();
}
