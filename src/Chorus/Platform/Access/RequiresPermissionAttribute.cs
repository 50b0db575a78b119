namespace Chorus.Platform.Access;

/// <summary>
/// Declares the permission a workspace page or endpoint needs. Every route with a {workspaceId} must carry one:
/// <see cref="WorkspaceAccessMiddleware"/> refuses the others, so a forgotten check fails closed.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequiresPermissionAttribute(Permission permission) : Attribute
{
    public Permission Permission { get; } = permission;
}
