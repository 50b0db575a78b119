using Chorus.Platform.Shell;

namespace Chorus.Workspaces;

/// <summary>Getting started: bring the team in (done once someone else is a member or has a pending invitation).</summary>
public sealed class InviteTheTeamStep(Members members, Invitations invitations) : IGettingStartedStep
{
    public int Order => 20;
    public string Title => "Invite your team";
    public string Explanation => "Send an invitation link to each person who works on this brand, with the role they need.";
    public string Path => "invitations";
    public string Action => "Invite";
    public Permission Permission => Permission.ManageMembers;

    public async Task<bool> IsDoneAsync(WorkspaceContext workspace, CancellationToken cancellationToken) =>
        (await members.ListAsync(workspace, null, 2, cancellationToken: cancellationToken)).Items.Count > 1 || (await invitations.ListPendingAsync(workspace, cancellationToken: cancellationToken)).Count > 0;
}

public static class WorkspacesNavigation
{
    public static IServiceCollection AddWorkspacesNavigation(this IServiceCollection services) => services
        .AddNavigation(
            new NavigationItem(NavigationSection.Settings, 10, "Members", "users", "members", Permission.ViewWorkspace),
            new NavigationItem(NavigationSection.Settings, 20, "Invitations", "mail-plus", "invitations", Permission.ManageMembers),
            new NavigationItem(NavigationSection.Settings, 40, "API tokens", "key-round", "tokens", Permission.ManageApiTokens),
            new NavigationItem(NavigationSection.Settings, 90, "Workspace settings", "settings", "settings", Permission.RenameWorkspace))
        .AddGettingStartedStep<InviteTheTeamStep>();
}
