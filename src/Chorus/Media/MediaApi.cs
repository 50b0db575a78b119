using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;

namespace Chorus.Media;

/// <summary>REST API v1 for the media library. Reading needs ViewWorkspace; uploading, alt text and deleting need
/// WritePosts; the workspace's media rules need RenameWorkspace (workspace settings). Files are fetched through a
/// signed link the API hands out.</summary>
public static partial class MediaApi
{
    public sealed record AltTextRequest(string? AltText);
    public sealed record MediaSettingsRequest(bool? AltTextRequired);
    public sealed record MediaLinkResponse(Uri Url, DateTimeOffset ExpiresAt);

    public static RouteGroupBuilder MapMediaApi(this RouteGroupBuilder api)
    {
        var media = api.MapGroup("/workspaces/{workspaceId:guid}/media").WithTags("Media");

        media.MapGet("", (WorkspaceContext context, MediaLibrary library, string? cursor, int? limit, CancellationToken ct) =>
                library.ListAsync(context, cursor, limit, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("ListMedia").WithSummary("The workspace's images, newest first (cursor paging).");
        // The form is read by the handler, not bound as a parameter: a bound form makes routing answer 415 to other
        // bodies before the access middleware runs, and a role that may not upload must hear 403 first.
        media.MapPost("", async Task<Results<Created<MediaItem>, Ok<MediaItem>>> (WorkspaceContext context, HttpRequest request, MediaLibrary library,
                CancellationToken ct) =>
            {
                if (!request.HasFormContentType)
                    throw new BadHttpRequestException("The request body must be multipart/form-data with the image in the field 'file'.",
                        StatusCodes.Status415UnsupportedMediaType);
                var form = await request.ReadFormAsync(ct);
                var file = form.Files.GetFile("file") ?? throw new InputException("file", "Choose an image to upload (the form field 'file').");
                await using var stream = file.OpenReadStream();
                var upload = await library.UploadAsync(context, file.FileName, await library.ReadAsync(stream, "file", ct), form["altText"].FirstOrDefault(), ct);
                return upload.AlreadyInLibrary
                    ? TypedResults.Ok(upload.Item)
                    : TypedResults.Created($"/api/v1/workspaces/{context.WorkspaceId}/media/{upload.Item.Id}", upload.Item);
            })
            .RequirePermission(Permission.WritePosts).WithName("UploadMedia")
            // Larger than the API's other bodies: an image up to Media:MaxBytes, with the form around it.
            .WithMetadata(new RequestSizeLimitAttribute(MediaOptions.MaxUploadBody))
            .DeclaresUploadForm()
            .WithSummary("Uploads an image (multipart/form-data: file, altText). Its type is read from its bytes; it is decoded whole, turned upright and " +
                "stripped of its metadata. The same image again answers 200 with the item already in the library.");
        media.MapGet("/{mediaId:guid}", async Task<Results<Ok<MediaItem>, NotFound>> (WorkspaceContext context, Guid mediaId, MediaLibrary library, CancellationToken ct) =>
                await library.FindAsync(context, mediaId, ct) is { } item ? TypedResults.Ok(item) : TypedResults.NotFound())
            .RequirePermission(Permission.ViewWorkspace).WithName("GetMedia");
        media.MapPatch("/{mediaId:guid}", async Task<Results<Ok<MediaItem>, NotFound>> (WorkspaceContext context, Guid mediaId, AltTextRequest request,
                MediaLibrary library, CancellationToken ct) =>
                await library.UpdateAltTextAsync(context, mediaId, request.AltText, ct) is { } item ? TypedResults.Ok(item) : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).WithName("UpdateMediaAltText").WithSummary("Changes the alternative text (empty removes it).");
        media.MapDelete("/{mediaId:guid}", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid mediaId, MediaLibrary library, CancellationToken ct) =>
                await library.DeleteAsync(context, mediaId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.WritePosts).ProducesConflict().WithName("DeleteMedia")
            .WithSummary("Deletes an image no post uses (409 when one does); its file goes once no workspace has that image.");
        media.MapPost("/{mediaId:guid}/link", async Task<Results<Ok<MediaLinkResponse>, NotFound>> (WorkspaceContext context, Guid mediaId, MediaLibrary library,
                MediaLinks links, TimeProvider time, Microsoft.Extensions.Options.IOptions<MediaOptions> options, CancellationToken ct) =>
            {
                if (await library.FindAsync(context, mediaId, ct) is null) return TypedResults.NotFound();
                var lifetime = options.Value.LinkLifetime;
                return TypedResults.Ok(new MediaLinkResponse(await links.CreateAsync(mediaId, lifetime, ct), time.GetUtcNow().Add(lifetime)));
            })
            .RequirePermission(Permission.ViewWorkspace).WithName("CreateMediaLink")
            .WithSummary("A link to the image that works without signing in until it expires (Media:LinkLifetime), as networks that fetch media by URL use.");

        var settings = api.MapGroup("/workspaces/{workspaceId:guid}/media-settings").WithTags("Media");
        settings.MapGet("", (WorkspaceContext context, MediaLibrary library, CancellationToken ct) => library.SettingsAsync(context.WorkspaceId, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("GetMediaSettings");
        settings.MapPut("", (WorkspaceContext context, MediaSettingsRequest request, MediaLibrary library, CancellationToken ct) =>
                library.ChangeSettingsAsync(context, new MediaSettings(request.AltTextRequired ?? throw new InputException("altTextRequired", "This field is required.")), ct))
            .RequirePermission(Permission.RenameWorkspace).WithName("ChangeMediaSettings")
            .WithSummary("altTextRequired: images need alternative text before they are published.");
        return api;
    }

    /// <summary>
    /// The files: thumbnails and images for members signed in to the web app (under the workspace's address, so the
    /// access middleware checks membership), and images behind a signed link for networks, without a session.
    /// </summary>
    public static IEndpointRouteBuilder MapMediaFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/w/{workspaceId:guid}/media/{mediaId:guid}/{size:regex(^(thumbnail|image)$)}", async Task<IResult> (WorkspaceContext context, Guid mediaId,
                string size, MediaLibrary library, HttpContext http, ILogger<MediaLibrary> logger, CancellationToken ct) =>
                await library.FileAsync(context.WorkspaceId, mediaId, size == "thumbnail", ct) is { } file
                    ? Send(http, file, "private, max-age=3600", logger)
                    : Results.NotFound())
            .RequireAuthorization().RequirePermission(Permission.ViewWorkspace).ExcludeFromDescription();
        app.MapGet(MediaLinks.RoutePath, async Task<IResult> (Guid mediaId, long? expires, string? signature, MediaLinks links, MediaLibrary library,
                HttpContext http, ILogger<MediaLibrary> logger, CancellationToken ct) =>
            {
                var check = expires is { } at ? await links.CheckAsync(mediaId, at, signature, ct) : MediaLinkCheck.Forged;
                if (check == MediaLinkCheck.Expired) return Results.StatusCode(StatusCodes.Status410Gone);
                if (check != MediaLinkCheck.Valid || await library.LinkedFileAsync(mediaId, ct) is not { } file) return Results.NotFound();
                return Send(http, file, "private, no-transform", logger);
            })
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The upload's body in the OpenAPI document, with the answers a body can get, since the handler reads
    /// the form itself.</summary>
    private static RouteHandlerBuilder DeclaresUploadForm(this RouteHandlerBuilder builder)
    {
        builder.Add(endpoint =>
        {
            ApiProblemResponses.Declare(endpoint, StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails));
            ApiProblemResponses.Declare(endpoint, StatusCodes.Status413PayloadTooLarge, typeof(HttpValidationProblemDetails));
            ApiProblemResponses.Declare(endpoint, StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails));
        });
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The image (JPEG, PNG, GIF or WebP) and, optionally, its alternative text.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "file" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                                ["altText"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = MediaLibrary.MaxAltTextLength },
                            },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        });
    }

    private static IResult Send(HttpContext http, MediaFile file, string cacheControl, ILogger logger)
    {
        if (!File.Exists(file.Path))
        {
            LogMissingFile(logger, file.Item.Id, file.Path);
            return Results.NotFound();
        }
        var headers = http.Response.Headers;
        headers.CacheControl = cacheControl;
        headers.XContentTypeOptions = "nosniff";
        // Served as an image and nothing else: no script, no style, no frame, even if opened on its own.
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return Results.File(file.Path, file.ContentType, fileDownloadName: null, enableRangeProcessing: true);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Media {MediaId} has no file at {Path}: restore the data folder's media/ directory from the backup")]
    private static partial void LogMissingFile(ILogger logger, Guid mediaId, string path);
}
