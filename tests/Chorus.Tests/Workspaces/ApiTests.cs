using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chorus.Workspaces;
using Chorus.Tests.Support;

namespace Chorus.Tests.Workspaces;

public sealed class ApiTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    [Fact]
    public async Task ManagingPeople_WithAnOwnerToken_403ProblemSayingWhyAndNothingChanged()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var analyst = await app.AddMemberAsync(workspace, WorkspaceRole.Analyst);
        using var client = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var members = $"/api/v1/workspaces/{workspace.WorkspaceId}/members/{analyst.UserId}";

        using var invite = await client.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/invitations", JsonContent.Create(new { role = "Admin" }));
        using var promote = await client.PatchAsync(members, JsonContent.Create(new { role = "Admin" }));
        using var remove = await client.DeleteAsync(members);

        foreach (var response in new[] { invite, promote, remove })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("needs a person signed in");
        }
        (await app.CountAsync("select count(*) from invitations where workspace_id = @id and accepted_at is null", new { id = workspace.WorkspaceId })).ShouldBe(0);
        (await app.CountAsync("select count(*) from workspace_members where user_id = @id and role = 'Analyst'", new { id = analyst.UserId })).ShouldBe(1);
    }

    [Fact]
    public async Task RenameWorkspace_EmptyName_400AndNameUnchanged()
    {
        var workspace = await app.CreateWorkspaceAsync("Keep");
        using var client = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var before = await client.GetFromJsonAsync<JsonElement>($"/api/v1/workspaces/{workspace.WorkspaceId}");

        using var response = await client.PatchAsync($"/api/v1/workspaces/{workspace.WorkspaceId}", JsonContent.Create(new { name = "  " }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("name")[0].GetString().ShouldBe("This field is required.");
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/workspaces/{workspace.WorkspaceId}")).GetProperty("name").GetString()
            .ShouldBe(before.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ListMembers_MoreThanOnePage_CursorWalksEveryMemberOnce()
    {
        var workspace = await app.CreateWorkspaceAsync();
        for (var i = 0; i < 6; i++) await app.AddMemberAsync(workspace, WorkspaceRole.Analyst);
        using var client = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/workspaces/{workspace.WorkspaceId}/members?limit=3" + (cursor is null ? "" : "&cursor=" + cursor));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("userId").GetString()!));
            cursor = page.GetProperty("next").GetString();
            pages++;
        } while (cursor is not null);

        seen.Count.ShouldBe(7);
        seen.Distinct().Count().ShouldBe(7);
        pages.ShouldBe(3);
    }

    [Fact]
    public async Task ListMembers_GarbledCursorOrLimit_400NamingTheField()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var client = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var badCursor = await client.GetAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/audit?cursor=!!!");
        using var badLimit = await client.GetAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/members?limit=5000");

        badCursor.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badCursor.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("cursor", out _).ShouldBeTrue();
        badLimit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badLimit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("limit", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task RevokedToken_Refused401AndAudited()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var admin = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var secret = await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId, WorkspaceRole.Analyst);
        using var victim = app.Api(secret);
        (await victim.GetAsync("/api/v1/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var tokens = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/workspaces/{workspace.WorkspaceId}/tokens");
        var id = tokens.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("role").GetString() == "Analyst").GetProperty("id").GetString();

        (await admin.DeleteAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/tokens/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var refused = await victim.GetAsync("/api/v1/me");
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("Authentication required.");
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/workspaces/{workspace.WorkspaceId}/audit");
        audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ShouldContain("token.revoked");
    }

    [Fact]
    public async Task Api_WithoutToken_401ProblemNotARedirect()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/api/v1/workspaces");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task CreateToken_WithAToken_RefusedSoAStolenTokenCannotMintOthers()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var client = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var response = await client.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/tokens", JsonContent.Create(new { name = "more", role = "Owner" }));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.CountAsync("select count(*) from api_tokens where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(1);
    }

    [Fact]
    public async Task RemoveMember_LastOwner_ConflictAndStillOwner()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var owner = await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId);

        await Should.ThrowAsync<ConflictException>(() => app.Get<Members>().RemoveAsync(owner, workspace.Owner.UserId));

        (await app.CountAsync("select count(*) from workspace_members where workspace_id = @id and role = 'Owner'", new { id = workspace.WorkspaceId })).ShouldBe(1);
    }

    [Fact]
    public async Task Admin_CannotMakeAnOwner()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var admin = await app.AddMemberAsync(workspace, WorkspaceRole.Admin);
        var other = await app.AddMemberAsync(workspace, WorkspaceRole.Analyst);
        var context = await app.ContextAsync(admin.UserId, workspace.WorkspaceId);

        (await Should.ThrowAsync<InputException>(() => app.Get<Members>().ChangeRoleAsync(context, other.UserId, WorkspaceRole.Owner))).Field.ShouldBe("role");
        (await app.CountAsync("select count(*) from workspace_members where user_id = @id and role = 'Analyst'", new { id = other.UserId })).ShouldBe(1);
    }

    [Fact]
    public async Task OpenApiDocument_ListsEveryApiRouteWithANameAndTag()
    {
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name.ToUpperInvariant(), Operation: o.Value))).ToList();
        foreach (var route in ApiRoute.All(app.Services))
        {
            var path = System.Text.RegularExpressions.Regex.Replace(route.Pattern, @"\{(\w+):[^}]*\}", "{$1}").TrimEnd('/');
            var operation = operations.SingleOrDefault(o => o.Path.TrimEnd('/') == path && o.Method == route.Method);
            operation.Operation.ValueKind.ShouldBe(JsonValueKind.Object, $"{route} is missing from the OpenAPI document");
            operation.Operation.TryGetProperty("operationId", out _).ShouldBeTrue($"{route} has no operationId");
            operation.Operation.TryGetProperty("tags", out _).ShouldBeTrue($"{route} has no tag");
        }
    }

    [Fact]
    public async Task Health_UpAndReady()
    {
        using var client = app.CreateClient();

        (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetFromJsonAsync<JsonElement>("/readyz")).GetProperty("status").GetString().ShouldBe("ready");
    }
}
