using System.Collections.Frozen;

namespace Chorus.Platform.Access;

/// <summary>One role per member per workspace.</summary>
public enum WorkspaceRole
{
    Owner,
    Admin,
    ContentManager,
    CommunityManager,
    Moderator,
    Analyst,
    ClientApprover,
}

public static class WorkspaceRoles
{
    /// <summary>
    /// One role by its name (any letter case). Anything else is refused with an error naming the field: a list such as
    /// "Owner, Admin" or a number, which enum parsing would read as flags or as a value, is not a role.
    /// </summary>
    public static WorkspaceRole Parse(string field, string? value) =>
        TryParse(value, out var role) ? role
            : throw new InputException(field, $"'{value}' is not a role; use one of {string.Join(", ", Enum.GetNames<WorkspaceRole>())}.");

    public static bool TryParse(string? value, out WorkspaceRole role)
    {
        foreach (var candidate in Enum.GetValues<WorkspaceRole>())
        {
            if (string.Equals(candidate.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }
}

/// <summary>What a role may do in its workspace. Every page and endpoint names the one permission it needs.</summary>
public enum Permission
{
    ViewWorkspace,
    RenameWorkspace,
    DeleteWorkspace,
    ManageMembers,
    ManageApiTokens,
    ViewAuditLog,
    ManageJobs,
    ManageChannels,
    WritePosts,
    ApprovePosts,
    ManagePublishing,
    ReplyInInbox,
    Moderate,
    ManageListening,
    ViewAnalytics,
    ManageCharter,
    ShareReviewLinks,
}

/// <summary>The single permission matrix; the README's table is this table.</summary>
public static class PermissionMatrix
{
    private static readonly FrozenDictionary<WorkspaceRole, FrozenSet<Permission>> Grants = new Dictionary<WorkspaceRole, FrozenSet<Permission>>
    {
        [WorkspaceRole.Owner] = Enum.GetValues<Permission>().ToFrozenSet(),
        [WorkspaceRole.Admin] = Enum.GetValues<Permission>().Where(p => p != Permission.DeleteWorkspace).ToFrozenSet(),
        [WorkspaceRole.ContentManager] = Set(Permission.ViewWorkspace, Permission.ManageApiTokens, Permission.WritePosts, Permission.ViewAnalytics, Permission.ShareReviewLinks),
        [WorkspaceRole.CommunityManager] = Set(Permission.ViewWorkspace, Permission.ManageApiTokens, Permission.ReplyInInbox, Permission.Moderate, Permission.ManageListening, Permission.ViewAnalytics),
        [WorkspaceRole.Moderator] = Set(Permission.ViewWorkspace, Permission.ManageApiTokens, Permission.Moderate),
        [WorkspaceRole.Analyst] = Set(Permission.ViewWorkspace, Permission.ManageApiTokens, Permission.ViewAnalytics),
        [WorkspaceRole.ClientApprover] = Set(Permission.ViewWorkspace, Permission.ApprovePosts),
    }.ToFrozenDictionary();

    public static bool Allows(WorkspaceRole role, Permission permission) => Grants[role].Contains(permission);

    public static IReadOnlySet<Permission> PermissionsOf(WorkspaceRole role) => Grants[role];

    /// <summary>
    /// Who may hand out which role (in invitations, role changes and API tokens): an Owner any role, an Admin any role
    /// but Owner, anyone else only a role whose permissions are a subset of their own (for their own API tokens).
    /// </summary>
    public static bool CanGrant(WorkspaceRole actor, WorkspaceRole granted) => actor switch
    {
        WorkspaceRole.Owner => true,
        WorkspaceRole.Admin => granted != WorkspaceRole.Owner,
        _ => Grants[granted].IsSubsetOf(Grants[actor]),
    };

    private static FrozenSet<Permission> Set(params Permission[] permissions) => permissions.ToFrozenSet();
}
