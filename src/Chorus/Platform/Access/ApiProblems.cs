using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Chorus.Platform.Access;

/// <summary>
/// Turns what a request did wrong into an RFC 7807 problem a person can read, naming the field: bad input thrown by
/// any module, a conflict, and what the framework refuses before a handler runs (broken JSON with its line and byte,
/// a value of the wrong type, a query value that does not parse, a body that is too large or not JSON). Under /api an
/// unexpected error is a problem too, never the HTML error page; elsewhere it falls through to that page.
/// </summary>
public sealed partial class ApiProblems : IExceptionHandler
{
    public const string ApiPathPrefix = "/api/";

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        // The request's path already points at the error page here; the feature keeps the one the client asked for.
        var path = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path.Value ?? "";
        var isApi = path.StartsWith(ApiPathPrefix, StringComparison.OrdinalIgnoreCase);
        IResult? result = exception switch
        {
            InputException input => Invalid(StatusCodes.Status400BadRequest, input.Errors),
            ConflictException conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: conflict.Message),
            BadHttpRequestException { InnerException: JsonException json } when isApi => FromJson(json),
            BadHttpRequestException request when isApi => FromBadRequest(request),
            _ when isApi => TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Something went wrong on our side.",
                detail: "The error was recorded; if it persists, tell your administrator this reference.",
                extensions: new Dictionary<string, object?> { ["traceId"] = System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier }),
            _ => null,
        };
        if (result is null) return false;
        await result.ExecuteAsync(http);
        return true;
    }

    private static ProblemHttpResult Invalid(int status, string field, string reason, IDictionary<string, object?>? extensions = null) =>
        Invalid(status, [new FieldError(field, reason)], extensions);

    /// <summary>Every wrong field in <c>errors</c>; the title names the first (or says how many there are).</summary>
    private static ProblemHttpResult Invalid(int status, IReadOnlyList<FieldError> errors, IDictionary<string, object?>? extensions = null)
    {
        var problem = new HttpValidationProblemDetails(errors.GroupBy(error => error.Field).ToDictionary(field => field.Key, field => field.Select(error => error.Reason).ToArray()))
        {
            Status = status,
            Title = errors.Count == 1 ? $"The field '{errors[0].Field}' is not valid: {errors[0].Reason}" : $"{errors.Count} fields are not valid: see errors.",
        };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>()) problem.Extensions[key] = value;
        return TypedResults.Problem(problem);
    }

    /// <summary>Broken JSON, a value of the wrong type, or a value our converters refuse (ApiJson): the field is the
    /// JSON path, and the line and byte say where (1-based, as an editor counts).</summary>
    private static ProblemHttpResult FromJson(JsonException json)
    {
        var field = json.Path is null or "$" ? "body" : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path.TrimStart('$');
        var line = (json.LineNumber ?? 0) + 1;
        var position = (json.BytePositionInLine ?? 0) + 1;
        var reason = ReasonOf(json);
        return Invalid(StatusCodes.Status400BadRequest, field, $"{reason} (line {line}, byte {position})",
            new Dictionary<string, object?> { ["line"] = line, ["position"] = position });
    }

    private static string ReasonOf(JsonException json)
    {
        // The serializer's messages end with its own zero-based "Path: … | LineNumber: …"; we give those separately.
        var message = PathSuffix().Replace(json.Message, "").Trim();
        // "could not be converted to X" names a .NET type, often the enclosing record's: say it in the client's terms.
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
            return "This value does not have the type this field takes (the API reference gives each field's type).";
        return message.Length > 0 ? message : "The JSON is not valid here.";
    }

    /// <summary>What the framework refuses before the handler: a missing body, a query value that does not parse
    /// (the message names the parameter), a body that is too large (413) or not JSON (415).</summary>
    private static ProblemHttpResult FromBadRequest(BadHttpRequestException request)
    {
        // Only a query or route value is named by its parameter; anything about the body is the body's.
        var field = !request.Message.Contains("body", StringComparison.OrdinalIgnoreCase) && ParameterName().Match(request.Message) is { Success: true } parameter
            ? parameter.Groups[1].Value
            : "body";
        var reason = request.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            _ when request.Message.StartsWith("Required parameter", StringComparison.Ordinal) => "This is required.",
            _ when BoundValue().Match(request.Message) is { Success: true } value => $"'{value.Groups[1].Value}' is not a valid value here.",
            _ => request.Message,
        };
        return Invalid(request.StatusCode, field, reason);
    }

    [GeneratedRegex(@"\s*(Path:.*|LineNumber:.*)$", RegexOptions.Singleline)]
    private static partial Regex PathSuffix();

    // "Failed to bind parameter "Nullable<int> limit" from "abc"." / "Required parameter "RenameRequest request" was not provided…"
    [GeneratedRegex(@"parameter ""(?:[^""]*\s)?(\w+)""")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@" from ""(.*)""\.?$")]
    private static partial Regex BoundValue();
}

/// <summary>
/// The problem responses every API operation declares, added in one place to the /api/v1 group so the OpenAPI
/// document says what each operation can answer: 401 everywhere (tokens only); 403 and 404 under a workspace (the
/// access middleware's answers) and 404 wherever the route names a resource; 400 with the field wherever the
/// operation takes a body or query values, plus 413 and 415 for bodies. 409 is declared by the operations that can
/// conflict (<see cref="RouteHandlerPermissions.ProducesConflict{TBuilder}"/>).
/// </summary>
public static class ApiProblemResponses
{
    private static readonly string[] ProblemJson = ["application/problem+json"];

    public static TBuilder DeclareProblemResponses<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // Finally: runs after the handler's own metadata (its typed results, its body) is known.
        builder.Finally(endpoint =>
        {
            var route = (endpoint as RouteEndpointBuilder)?.RoutePattern;
            var routeParameters = route?.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
            var takesBody = endpoint.Metadata.OfType<IAcceptsMetadata>().Any();
            var takesQuery = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault()?.GetParameters()
                .Any(p => p.Name is not null && !routeParameters.Contains(p.Name) && IsQueryValue(p.ParameterType)) ?? false;

            // A typed NotFound() or BadRequest() has no body of its own: the status-code pages answer it as a problem.
            foreach (var bodiless in endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Where(m => m.StatusCode >= 400 && IsBodiless(m)).ToList())
                Declare(endpoint, bodiless.StatusCode, typeof(ProblemDetails));
            Declare(endpoint, StatusCodes.Status401Unauthorized, typeof(ProblemDetails));
            if (routeParameters.Contains(WorkspaceAccessMiddleware.RouteKey)) Declare(endpoint, StatusCodes.Status403Forbidden, typeof(ProblemDetails));
            if (routeParameters.Count > 0) Declare(endpoint, StatusCodes.Status404NotFound, typeof(ProblemDetails));
            if (takesBody || takesQuery) Declare(endpoint, StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails));
            if (takesBody)
            {
                Declare(endpoint, StatusCodes.Status413PayloadTooLarge, typeof(HttpValidationProblemDetails));
                Declare(endpoint, StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails));
            }
        });
        return builder;
    }

    /// <summary>Replaces a bodiless declaration of the same status (a typed NotFound) by the problem it really answers.</summary>
    internal static void Declare(EndpointBuilder endpoint, int status, Type problem)
    {
        var existing = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Where(m => m.StatusCode == status).ToList();
        if (!existing.All(IsBodiless)) return;
        foreach (var bodiless in existing) endpoint.Metadata.Remove(bodiless);
        endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, problem, ProblemJson));
    }

    private static bool IsBodiless(IProducesResponseTypeMetadata declared) => declared.Type is null || declared.Type == typeof(void);

    private static bool IsQueryValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(string) || underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(Guid) || underlying == typeof(DateTimeOffset);
    }
}

public static class RouteHandlerPermissions
{
    /// <summary>Declares the workspace permission an endpoint needs (enforced by WorkspaceAccessMiddleware).</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresPermissionAttribute(permission));

    /// <summary>Declares that the operation answers 409 when the change would break a rule (e.g. the last owner).</summary>
    public static TBuilder ProducesConflict<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => ApiProblemResponses.Declare(endpoint, StatusCodes.Status409Conflict, typeof(ProblemDetails)));
        return builder;
    }
}
