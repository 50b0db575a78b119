using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Chorus.Links;

/// <summary>REST API v1 of the link shortener: reading needs ViewWorkspace, shortening WritePosts. A link of another
/// workspace is not found.</summary>
public static class LinksApi
{
    public static RouteGroupBuilder MapLinksApi(this RouteGroupBuilder api)
    {
        var links = api.MapGroup("/workspaces/{workspaceId:guid}/links").WithTags("Links");
        links.MapGet("", (WorkspaceContext context, ShortLinks service, CancellationToken ct) => service.ListAsync(context, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("ListShortLinks").WithSummary("The workspace's short links, newest first, with their clicks so far.");
        links.MapPost("", async Task<Results<Created<ShortLink>, Ok<ShortLink>>> (WorkspaceContext context, ShortenRequest request, ShortLinks service,
                CancellationToken ct) =>
            {
                var (link, created) = await service.ShortenAsync(context, request.Url, ct);
                return created ? TypedResults.Created($"/api/v1/workspaces/{context.WorkspaceId}/links/{link.Id}", link) : TypedResults.Ok(link);
            })
            .RequirePermission(Permission.WritePosts).WithName("ShortenLink")
            .WithSummary("Shortens an absolute http or https address (never fetched): 201 with a new link, 200 with the one the workspace already has for it.");
        links.MapPost("/shorten-text", (WorkspaceContext context, ShortenTextRequest request, ShortLinks service, CancellationToken ct) =>
                service.ShortenTextAsync(context, request.Text, ct))
            .RequirePermission(Permission.WritePosts).WithName("ShortenLinksInText")
            .WithSummary("Replaces each http(s) address of a text with the workspace's short link to it (as the composer's button does).");
        links.MapGet("/{shortLinkId:guid}", async Task<Results<Ok<ShortLinkStats>, NotFound>> (WorkspaceContext context, Guid shortLinkId, ShortLinks service,
                CancellationToken ct) => await service.StatsAsync(context, shortLinkId, ct) is { } stats ? TypedResults.Ok(stats) : TypedResults.NotFound())
            .RequirePermission(Permission.ViewWorkspace).WithName("GetShortLink").WithSummary("A short link and its clicks per UTC day.");
        return api;
    }
}
