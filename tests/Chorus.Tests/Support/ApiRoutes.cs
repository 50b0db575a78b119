using System.Net.Http.Json;
using Chorus.Workspaces;
using Chorus.Platform.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Chorus.Tests.Support;

/// <summary>Every API route of the running app, read from its endpoint list, so routes added later are covered too.</summary>
public sealed record ApiRoute(string Method, string Pattern, Permission? Permission, bool SignedInPersonOnly)
{
    public static IReadOnlyList<ApiRoute> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new ApiRoute(m, e.RoutePattern.RawText!, e.Metadata.GetMetadata<RequiresPermissionAttribute>()?.Permission,
                    e.Metadata.GetMetadata<RequiresSignedInPersonAttribute>() is not null)))
            // Deleting the workspace goes last, so it does not remove what the other calls need.
            .OrderBy(r => r.Method == "DELETE" && r.Pattern.TrimEnd('/').EndsWith("{workspaceId:guid}", StringComparison.Ordinal))
            .ThenBy(r => r.Pattern).ThenBy(r => r.Method)
            .ToList();

    public bool IsWorkspaceRoute => Pattern.Contains("{workspaceId", StringComparison.Ordinal);

    /// <summary>The URL with every {parameter} filled from the given values (by name, constraints ignored).</summary>
    public string Url(IReadOnlyDictionary<string, string> values) =>
        System.Text.RegularExpressions.Regex.Replace(Pattern, @"\{(\w+)(:[^}]*)?\}", m =>
            values.TryGetValue(m.Groups[1].Value, out var v) ? v : throw new InvalidOperationException($"No test value for route parameter '{m.Groups[1].Value}' in {Pattern}: add one to the test."));

    public HttpRequestMessage Request(IReadOnlyDictionary<string, string> values)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Url(values));
        // A body that would be valid for any write, so an allowed call is judged by its permission, not its input.
        if (Method is "POST" or "PATCH" or "PUT")
            request.Content = JsonContent.Create(new { name = "Renamed " + Guid.NewGuid().ToString("N")[..4], role = "Analyst", note = "test" });
        return request;
    }

    public override string ToString() => $"{Method} {Pattern}";
}
