using Chorus.Platform.Shell;

namespace Chorus.Channels;

/// <summary>Getting started: connect the brand's first account (done once the workspace has a channel).</summary>
public sealed class ConnectAChannelStep(ChannelService channels) : IGettingStartedStep
{
    public int Order => 10;
    public string Title => "Connect a channel";
    public string Explanation => "Connect the brand’s Bluesky or Mastodon account, its WordPress site or a feed: everything else starts from there.";
    public string Path => "channels";
    public string Action => "Connect";
    public Permission Permission => Permission.ManageChannels;

    public async Task<bool> IsDoneAsync(WorkspaceContext workspace, CancellationToken cancellationToken) =>
        (await channels.ListAsync(workspace, null, 1, cancellationToken)).Items.Count > 0;
}

public static class ChannelsNavigation
{
    public static IServiceCollection AddChannelsNavigation(this IServiceCollection services) => services
        .AddNavigation(new NavigationItem(NavigationSection.Settings, 30, "Channels", "plug", "channels", Permission.ViewWorkspace))
        .AddGettingStartedStep<ConnectAChannelStep>();
}
