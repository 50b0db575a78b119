using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Chorus.Platform.Access;

/// <summary>
/// Resolves the workspace of every request whose route has a {workspaceId}: someone who is not a member gets 404
/// (a workspace they cannot see does not exist for them), a member without the endpoint's permission gets 403.
/// The resolved <see cref="WorkspaceContext"/> is what handlers and pages receive.
/// </summary>
public sealed partial class WorkspaceAccessMiddleware(RequestDelegate next, ILogger<WorkspaceAccessMiddleware> logger)
{
    public const string RouteKey = "workspaceId";
    private static readonly object ContextKey = new();

    public async Task InvokeAsync(HttpContext http, WorkspaceAccess access)
    {
        if (http.GetRouteValue(RouteKey) is not { } raw)
        {
            await next(http);
            return;
        }
        var requirement = http.GetEndpoint()?.Metadata.GetMetadata<RequiresPermissionAttribute>();
        if (requirement is null)
        {
            LogUndeclared(logger, http.Request.Path);
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This endpoint declares no permission and is refused.").ExecuteAsync(http);
            return;
        }
        if (http.User.Identity?.IsAuthenticated != true || Actor.From(http.User) is not { } actor)
        {
            // Authorization (which runs before this middleware for protected endpoints) normally answers first.
            await Results.Unauthorized().ExecuteAsync(http);
            return;
        }
        var context = Guid.TryParse(raw.ToString(), out var workspaceId) ? await access.ResolveAsync(actor, workspaceId, http.RequestAborted) : null;
        if (context is null)
        {
            await NotFound(http);
            return;
        }
        if (!context.Can(requirement.Permission))
        {
            if (IsPage(http))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You do not have permission to do this.",
                detail: $"Your role in this workspace ({context.Role}) does not allow {requirement.Permission}.").ExecuteAsync(http);
            return;
        }
        http.Items[ContextKey] = context;
        await next(http);
    }

    public static WorkspaceContext Current(HttpContext http) =>
        http.Items[ContextKey] as WorkspaceContext ?? throw new InvalidOperationException("No workspace was resolved for this request.");

    public static WorkspaceContext? TryCurrent(HttpContext http) => http.Items[ContextKey] as WorkspaceContext;

    /// <summary>A page's error answers with its status only: the status page then speaks the person's language.</summary>
    private static bool IsPage(HttpContext http) => !http.Request.Path.StartsWithSegments("/api");

    private static Task NotFound(HttpContext http)
    {
        if (IsPage(http))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: "There is no such workspace, or you are not a member of it.").ExecuteAsync(http);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused {Path}: a workspace route without [RequiresPermission]")]
    private static partial void LogUndeclared(ILogger logger, string path);
}
