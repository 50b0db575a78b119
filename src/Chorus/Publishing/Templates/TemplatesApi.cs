using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Chorus.Publishing.Templates;

/// <summary>REST API v1 for templates, signatures and hashtag groups. Reading needs ViewWorkspace, writing WritePosts (as
/// campaigns). An id of another workspace is not found, whatever the body says.</summary>
public static class TemplatesApi
{
    public static RouteGroupBuilder MapTemplatesApi(this RouteGroupBuilder api)
    {
        var workspace = api.MapGroup("/workspaces/{workspaceId:guid}").WithTags("Templates");

        var templates = workspace.MapGroup("/templates");
        templates.MapGet("", (WorkspaceContext context, PostTemplates service, CancellationToken ct) => service.ListAsync(context, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("ListTemplates").WithSummary("The workspace's templates, by name.");
        templates.MapPost("", async Task<Created<PostTemplate>> (WorkspaceContext context, TemplateRequest request, PostTemplates service, CancellationToken ct) =>
            {
                var created = await service.CreateAsync(context, request, ct);
                return TypedResults.Created($"/api/v1/workspaces/{context.WorkspaceId}/templates/{created.Id}", created);
            })
            .RequirePermission(Permission.WritePosts).WithName("CreateTemplate").WithSummary("Creates a template: a name, a body and an optional title.");
        templates.MapGet("/{templateId:guid}", async Task<Results<Ok<PostTemplate>, NotFound>> (WorkspaceContext context, Guid templateId, PostTemplates service,
                CancellationToken ct) => Found(await service.FindAsync(context, templateId, ct)))
            .RequirePermission(Permission.ViewWorkspace).WithName("GetTemplate");
        templates.MapPut("/{templateId:guid}", async Task<Results<Ok<PostTemplate>, NotFound>> (WorkspaceContext context, Guid templateId, TemplateRequest request,
                PostTemplates service, CancellationToken ct) => Found(await service.UpdateAsync(context, templateId, request, ct)))
            .RequirePermission(Permission.WritePosts).WithName("UpdateTemplate").WithSummary("Replaces a template's name, body and title.");
        templates.MapDelete("/{templateId:guid}", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid templateId, PostTemplates service,
                CancellationToken ct) => await service.DeleteAsync(context, templateId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).WithName("DeleteTemplate").WithSummary("Deletes a template; posts written from it keep their text.");

        var signatures = workspace.MapGroup("/signatures");
        signatures.MapGet("", (WorkspaceContext context, Signatures service, CancellationToken ct) => service.ListAsync(context, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("ListSignatures").WithSummary("The workspace's signatures, by name, with the channel each is the default of.");
        signatures.MapPost("", async Task<Created<Signature>> (WorkspaceContext context, SignatureRequest request, Signatures service, CancellationToken ct) =>
            {
                var created = await service.CreateAsync(context, request, ct);
                return TypedResults.Created($"/api/v1/workspaces/{context.WorkspaceId}/signatures/{created.Id}", created);
            })
            .RequirePermission(Permission.WritePosts).WithName("CreateSignature")
            .WithSummary("Creates a signature: a name, the text appended to a variant, and optionally the channel it is the default of (replacing its previous default).");
        signatures.MapGet("/{signatureId:guid}", async Task<Results<Ok<Signature>, NotFound>> (WorkspaceContext context, Guid signatureId, Signatures service,
                CancellationToken ct) => Found(await service.FindAsync(context, signatureId, ct)))
            .RequirePermission(Permission.ViewWorkspace).WithName("GetSignature");
        signatures.MapPut("/{signatureId:guid}", async Task<Results<Ok<Signature>, NotFound>> (WorkspaceContext context, Guid signatureId, SignatureRequest request,
                Signatures service, CancellationToken ct) => Found(await service.UpdateAsync(context, signatureId, request, ct)))
            .RequirePermission(Permission.WritePosts).WithName("UpdateSignature").WithSummary("Replaces a signature's name, text and default channel.");
        signatures.MapDelete("/{signatureId:guid}", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid signatureId, Signatures service,
                CancellationToken ct) => await service.DeleteAsync(context, signatureId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).WithName("DeleteSignature");

        var groups = workspace.MapGroup("/hashtag-groups");
        groups.MapGet("", (WorkspaceContext context, HashtagGroups service, CancellationToken ct) => service.ListAsync(context, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("ListHashtagGroups").WithSummary("The workspace's hashtag groups, by name.");
        groups.MapPost("", async Task<Created<HashtagGroup>> (WorkspaceContext context, HashtagGroupRequest request, HashtagGroups service, CancellationToken ct) =>
            {
                var created = await service.CreateAsync(context, request, ct);
                return TypedResults.Created($"/api/v1/workspaces/{context.WorkspaceId}/hashtag-groups/{created.Id}", created);
            })
            .RequirePermission(Permission.WritePosts).WithName("CreateHashtagGroup")
            .WithSummary("Creates a hashtag group: a name and its hashtags (with or without '#'; letters, digits and _; at most 30).");
        groups.MapGet("/{hashtagGroupId:guid}", async Task<Results<Ok<HashtagGroup>, NotFound>> (WorkspaceContext context, Guid hashtagGroupId, HashtagGroups service,
                CancellationToken ct) => Found(await service.FindAsync(context, hashtagGroupId, ct)))
            .RequirePermission(Permission.ViewWorkspace).WithName("GetHashtagGroup");
        groups.MapPut("/{hashtagGroupId:guid}", async Task<Results<Ok<HashtagGroup>, NotFound>> (WorkspaceContext context, Guid hashtagGroupId,
                HashtagGroupRequest request, HashtagGroups service, CancellationToken ct) => Found(await service.UpdateAsync(context, hashtagGroupId, request, ct)))
            .RequirePermission(Permission.WritePosts).WithName("UpdateHashtagGroup").WithSummary("Replaces a hashtag group's name and hashtags.");
        groups.MapDelete("/{hashtagGroupId:guid}", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid hashtagGroupId, HashtagGroups service,
                CancellationToken ct) => await service.DeleteAsync(context, hashtagGroupId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).WithName("DeleteHashtagGroup");
        return api;
    }

    private static Results<Ok<T>, NotFound> Found<T>(T? value) where T : class => value is null ? TypedResults.NotFound() : TypedResults.Ok(value);
}
