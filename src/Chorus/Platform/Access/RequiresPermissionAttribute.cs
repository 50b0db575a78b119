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
/// Enforced by the endpoint filter <see cref="RouteHandlerSignedInPerson.RequireSignedInPerson"/> adds, with a 403 that
/// says why (after the body is read, so bad input is still answered as bad input).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequiresSignedInPersonAttribute : Attribute;

public static class RouteHandlerSignedInPerson
{
    public static TBuilder RequireSignedInPerson<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresSignedInPersonAttribute()).AddEndpointFilter(async (invocation, next) =>
            Actor.From(invocation.HttpContext.User) is { TokenId: not null }
                ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "API tokens cannot do this.",
                    detail: "Managing people and API tokens (invitations, role changes, removals, new tokens) needs a person signed in to the web app: " +
                            "a token that leaked must not be able to give access to others.")
                : await next(invocation));
}
