using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chorus.Tests.Support;
using Chorus.Workspaces;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Chorus.Tests.Platform;

/// <summary>Whatever a client sends, the API answers a problem naming the field and the reason, never a 500.</summary>
public sealed class BadInputTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    private async Task<(ChorusFactory.WorkspaceWithOwner Workspace, HttpClient Client)> OwnerAsync(string name = "Bad input")
    {
        var workspace = await app.CreateWorkspaceAsync(name);
        return (workspace, app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId)));
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"errors.{field} missing in {body}");
        return problem;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task MalformedJson_400WithTheLineAndBytePosition()
    {
        var (workspace, client) = await OwnerAsync();

        using var response = await client.PatchAsync($"/api/v1/workspaces/{workspace.WorkspaceId}", Json("{\n  \"name\": \"ok\"\n  \"other\": 1\n}"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("line").GetInt64().ShouldBe(3);
        problem.GetProperty("position").GetInt64().ShouldBe(3);
        problem.GetProperty("errors").EnumerateObject().Single().Value[0].GetString()!.ShouldContain("(line 3, byte 3)");
    }

    [Fact]
    public async Task WrongType_400NamingTheField()
    {
        var (workspace, client) = await OwnerAsync();

        using var response = await client.PatchAsync($"/api/v1/workspaces/{workspace.WorkspaceId}", Json("""{"name": 42}"""));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "name");
        problem.GetProperty("errors").GetProperty("name")[0].GetString()!.ShouldStartWith("This value is not a string.");
    }

    [Fact]
    public async Task WrongTypeOfNumber_400SaysWhatWasExpected()
    {
        var (workspace, client) = await OwnerAsync("Number");

        // Tokens are minted by a signed-in person only, so the body is read (and refused) before that rule applies.
        using var response = await client.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/tokens", Json("""{"name": "n", "role": "Analyst", "expiresInDays": "soon"}"""));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "expiresInDays");
        problem.GetProperty("errors").GetProperty("expiresInDays")[0].GetString()!.ShouldStartWith("This value does not have the type this field takes");
    }

    [Theory]
    [InlineData("a\\u0000b", "NUL")]
    [InlineData("\\ud800", "surrogate")]
    public async Task UnstorableText_400NamingTheFieldAndNothingChanged(string escaped, string reason)
    {
        var (workspace, client) = await OwnerAsync("Unchanged");
        var before = await app.CountAsync("select count(*) from audit_log where workspace_id = @id", new { id = workspace.WorkspaceId });

        using var response = await client.PatchAsync($"/api/v1/workspaces/{workspace.WorkspaceId}", Json($$"""{"name": "{{escaped}}"}"""));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "name");
        problem.GetProperty("errors").GetProperty("name")[0].GetString()!.ShouldContain(reason);
        (await app.CountAsync("select count(*) from audit_log where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(before);
    }

    [Fact]
    public async Task NulInAnyStringField_RefusedBeforeItReachesPostgreSql()
    {
        var (workspace, client) = await OwnerAsync();

        using var response = await client.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/invitations", Json("""{"role": "Analyst", "note": "hi\u0000"}"""));

        await ProblemAsync(response, HttpStatusCode.BadRequest, "note");
        (await app.CountAsync("select count(*) from invitations where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }

    [Theory]
    [InlineData("\"Owner, Admin\"", "'Owner, Admin' is not one of Owner, Admin,")]
    [InlineData("\"Boss\"", "'Boss' is not one of")]
    [InlineData("1", "This value is not one of")]
    public void EnumValue_OnlyOneDefinedName_FlagsAndNumbersRefusedNamingTheField(string json, string reason)
    {
        var options = app.Get<IOptions<JsonOptions>>().Value.SerializerOptions;

        var refused = Should.Throw<JsonException>(() => JsonSerializer.Deserialize<RoleHolder>($$"""{"role": {{json}}}""", options));

        refused.Path.ShouldBe("$.role");
        refused.Message.ShouldStartWith(reason);
        JsonSerializer.Deserialize<RoleHolder>("""{"role": "contentManager"}""", options)!.Role.ShouldBe(WorkspaceRole.ContentManager);
        JsonSerializer.Serialize(new RoleHolder(WorkspaceRole.Analyst), options).ShouldBe("""{"role":"Analyst"}""");
    }

    private sealed record RoleHolder(WorkspaceRole Role);

    [Theory]
    [InlineData("members")]
    [InlineData("audit")]
    [InlineData("channels")]
    [InlineData("jobs/dead")]
    public async Task MalformedCursor_400NamingTheCursor(string list)
    {
        var (workspace, client) = await OwnerAsync();

        foreach (var cursor in new[] { "AA", "!!", "_w", Base64Url("x\u0001y") })
        {
            using var response = await client.GetAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/{list}?cursor={cursor}");
            await ProblemAsync(response, HttpStatusCode.BadRequest, "cursor");
        }
    }

    private static string Base64Url(string text) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task QueryValueThatDoesNotParse_400NamingIt()
    {
        var (workspace, client) = await OwnerAsync();

        using var response = await client.GetAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/members?limit=many");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "limit");
        problem.GetProperty("errors").GetProperty("limit")[0].GetString().ShouldBe("'many' is not a valid value here.");
    }

    [Fact]
    public async Task MissingOrNonJsonBody_ProblemAboutTheBody()
    {
        var (workspace, client) = await OwnerAsync();

        using var missing = await client.PatchAsync($"/api/v1/workspaces/{workspace.WorkspaceId}", Json(""));
        using var text = await client.PatchAsync($"/api/v1/workspaces/{workspace.WorkspaceId}", new StringContent("name=x", Encoding.UTF8, "text/plain"));

        await ProblemAsync(missing, HttpStatusCode.BadRequest, "body");
        text.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        text.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public void EveryApiOperationTakingABody_CarriesTheApiBodyLimit()
    {
        // Kestrel enforces the limit from this metadata (the in-process test server has no body limit to set).
        var endpoints = app.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true && e.Metadata.GetMetadata<IAcceptsMetadata>() is not null)
            .ToList();

        endpoints.Count.ShouldBeGreaterThan(5);
        endpoints.Where(e => e.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize != ShellModule.MaxApiBodyBytes)
            .Select(e => e.DisplayName).ShouldBeEmpty();
    }

    [Fact]
    public async Task OversizeBody_AsKestrelRefusesIt_413ProblemAboutTheBody()
    {
        var http = new DefaultHttpContext { RequestServices = app.Services };
        http.Request.Path = "/error";
        http.Features.Set<IExceptionHandlerPathFeature>(new ExceptionHandlerFeature { Path = "/api/v1/workspaces", Error = new InvalidOperationException() });
        http.Response.Body = new MemoryStream();

        var handled = await new ApiProblems().TryHandleAsync(http,
            new BadHttpRequestException("Request body too large. The max request body size is 1048576 bytes.", StatusCodes.Status413PayloadTooLarge), default);

        handled.ShouldBeTrue();
        http.Response.StatusCode.ShouldBe(StatusCodes.Status413PayloadTooLarge);
        http.Response.ContentType.ShouldBe("application/problem+json");
        http.Response.Body.Position = 0;
        var problem = JsonDocument.Parse(http.Response.Body).RootElement;
        problem.GetProperty("errors").GetProperty("body")[0].GetString().ShouldBe("The request body is too large.");
    }

    [Fact]
    public async Task UnknownApiRoute_ProblemJsonNotAPage()
    {
        var (_, client) = await OwnerAsync();

        using var response = await client.GetAsync("/api/v1/no-such-thing");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
