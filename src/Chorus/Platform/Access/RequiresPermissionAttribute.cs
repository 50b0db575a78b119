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

/// <summary>
/// Declares that only a signed-in person may do this, never an API token: handing out access (invitations, roles,
/// removals, new tokens). A leaked token must not be able to turn itself into a lasting membership or more tokens.
/// Enforced by <see cref="WorkspaceAccessMiddleware"/> with a 403 that says why.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequiresSignedInPersonAttribute : Attribute;

public static class RouteHandlerSignedInPerson
{
    public static TBuilder RequireSignedInPerson<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresSignedInPersonAttribute());
}
