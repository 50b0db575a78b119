using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Chorus.Platform.Access;

/// <summary>Turns bad input and conflicts thrown by any module into RFC 7807 problems a person can read.</summary>
public sealed class ApiProblems : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        IResult? result = exception switch
        {
            InputException input => TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [input.Field] = [input.Message] },
                title: $"The field '{input.Field}' is not valid: {input.Message}"),
            ConflictException conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: conflict.Message),
            _ => null,
        };
        if (result is null) return false;
        await result.ExecuteAsync(http);
        return true;
    }
}

public static class RouteHandlerPermissions
{
    /// <summary>Declares the workspace permission an endpoint needs (enforced by WorkspaceAccessMiddleware).</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresPermissionAttribute(permission));
}
