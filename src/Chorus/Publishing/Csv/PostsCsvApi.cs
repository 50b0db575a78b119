using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Chorus.Publishing.Csv;

/// <summary>REST API v1 of the posts file: importing needs WritePosts, exporting ViewWorkspace.</summary>
public static class PostsCsvApi
{
    public const string CsvContentType = "text/csv";

    /// <summary>The body's limit: the file, with room for a multipart form around it.</summary>
    private const long MaxBody = PostsCsv.MaxBytes + 64 * 1024;

    public static RouteGroupBuilder MapPostsCsvApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var posts = api.MapGroup("/workspaces/{workspaceId:guid}/posts").WithTags("Posts");

        // The body is read by the handler, not bound: a bound body makes routing answer 415 before the access middleware
        // runs, and a role that may not import must hear 403 first.
        posts.MapPost("/import", async Task<Results<Ok<PostsCsvImported>, ProblemHttpResult>> (WorkspaceContext context, HttpRequest request, bool? submit,
                PostsCsvImport import, CancellationToken ct) =>
            {
                try
                {
                    return TypedResults.Ok(await import.ImportAsync(context, await ReadFileAsync(request, ct), submit ?? false, ct));
                }
                catch (PostsCsvException refused)
                {
                    return Refused(refused);
                }
            })
            .RequirePermission(Permission.WritePosts).WithName("ImportPosts")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBody))
            .DeclaresCsvBody()
            .WithSummary("Imports a posts file (text/csv body, or multipart/form-data with the file in 'file'): columns channel (id or name), at " +
                "(ISO-8601 with offset; empty for a draft), text, and optionally title, link, content_warning, language, campaign, and post (rows " +
                "with the same post value are one post's variants). Every row is checked first; one bad row imports nothing and the 400 lists each " +
                "bad row's number (1 = the first row after the header), column and reason in 'rows'. submit=true submits the posts that have a time.");
        posts.MapGet("/export", async Task<IResult> (WorkspaceContext context, HttpRequest request, string? from, string? to, string? status,
                PostsCsvExport export, CancellationToken ct) =>
            {
                var filter = new PostsCsvFilter(PostCommand.ParseTime(from, "from"), PostCommand.ParseTime(to, "to"), status);
                if (WantsJson(request)) return TypedResults.Ok(await export.RecordsAsync(context, filter, ct));
                return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(await export.CsvAsync(context, filter, ct)), CsvContentType + "; charset=utf-8",
                    "posts.csv");
            })
            .RequirePermission(Permission.ViewWorkspace).WithName("ExportPosts")
            .Produces<IReadOnlyList<PostsCsvRecord>>(StatusCodes.Status200OK, "application/json")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is not null)
                    ok.Content[CsvContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                return Task.CompletedTask;
            })
            .WithSummary("The workspace's posts as a posts file (text/csv, one row per variant, the columns the import reads), or as JSON with " +
                "Accept: application/json; from and to (ISO-8601 with offset) keep the variants due in between, status those in that status.");
        return api;
    }

    /// <summary>400 with every bad row: errors keyed rows[n].column (or file, header) for clients that read validation
    /// problems, and 'rows' with each one's row, line, column and reason.</summary>
    public static ProblemHttpResult Refused(PostsCsvException refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        var problem = new HttpValidationProblemDetails(refused.Errors
            .GroupBy(e => e.Row is { } row ? $"rows[{row}].{e.Column}" : e.Column)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = $"The file was not imported: {refused.Errors.Count} error(s).",
            Detail = PostsCsv.RowConvention + " Nothing was imported.",
        };
        problem.Extensions["rows"] = refused.Errors.Select(e => new { row = e.Row, line = e.Line, column = e.Column, reason = e.Reason }).ToList();
        return TypedResults.Problem(problem);
    }

    /// <summary>The file in a multipart form's 'file' field, or the body itself; at most <see cref="PostsCsv.MaxBytes"/> (one byte more
    /// tells the reader it is too large).</summary>
    private static async Task<byte[]> ReadFileAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.GetFile("file") ?? throw new PostsCsvException([new CsvRowError(null, null, "file", "Send the file in the form field 'file'.")]);
            await using var stream = file.OpenReadStream();
            return await ReadCappedAsync(stream, cancellationToken);
        }
        return await ReadCappedAsync(request.Body, cancellationToken);
    }

    internal static async Task<byte[]> ReadCappedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > PostsCsv.MaxBytes) break;
        }
        return buffer.ToArray();
    }

    private static bool WantsJson(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !accept.Contains(CsvContentType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The body in the OpenAPI document, with the answers a body can get, since the handler reads it itself.</summary>
    private static RouteHandlerBuilder DeclaresCsvBody(this RouteHandlerBuilder builder)
    {
        builder.Add(endpoint =>
        {
            Platform.Access.ApiProblemResponses.Declare(endpoint, StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails));
            Platform.Access.ApiProblemResponses.Declare(endpoint, StatusCodes.Status413PayloadTooLarge, typeof(HttpValidationProblemDetails));
            Platform.Access.ApiProblemResponses.Declare(endpoint, StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails));
        });
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = $"The posts file (UTF-8 or Windows-1252, comma or semicolon separated, at most {PostsCsv.MaxBytes / 1024 / 1024} MB and {PostsCsv.MaxRows} rows).",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [CsvContentType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "file" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                            },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        });
    }
}
