using System.Net.Http.Json;
using System.Net;
using Chorus.Workspaces;
using Chorus.Tests.Support;

namespace Chorus.Tests.Workspaces;

public sealed class RoleMatrixTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    public static TheoryData<WorkspaceRole> Roles() => new(Enum.GetValues<WorkspaceRole>());

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task EveryWorkspaceRoute_EachRole_AllowedExactlyWhenTheMatrixSays(WorkspaceRole role)
    {
        var workspace = await app.CreateWorkspaceAsync(role.ToString());
        var member = await app.AddMemberAsync(workspace, role);
        using var client = app.Api(await app.TokenAsync(member.UserId, workspace.WorkspaceId));
        // Unknown resource ids: an allowed call answers 404 (or succeeds on the workspace itself) without harming anyone.
        var values = new Dictionary<string, string>
        {
            ["workspaceId"] = workspace.WorkspaceId.ToString(), ["userId"] = Guid.NewGuid().ToString(),
            ["invitationId"] = Guid.NewGuid().ToString(), ["tokenId"] = Guid.NewGuid().ToString(), ["jobId"] = "987654321",
            ["channelId"] = Guid.NewGuid().ToString(), ["postId"] = Guid.NewGuid().ToString(), ["variantId"] = Guid.NewGuid().ToString(), ["notificationId"] = "987654321",
            ["mediaId"] = Guid.NewGuid().ToString(), ["campaignId"] = Guid.NewGuid().ToString(), ["eventId"] = Guid.NewGuid().ToString(),
            ["linkId"] = Guid.NewGuid().ToString(), ["templateId"] = Guid.NewGuid().ToString(), ["signatureId"] = Guid.NewGuid().ToString(),
            ["hashtagGroupId"] = Guid.NewGuid().ToString(), ["shortLinkId"] = Guid.NewGuid().ToString(),
            ["queueSlotId"] = Guid.NewGuid().ToString(),
        };

        var wrong = new List<string>();
        foreach (var route in ApiRoute.All(app.Services).Where(r => r.IsWorkspaceRoute))
        {
            using var response = await client.SendAsync(route.Request(values));
            // The client holds a token: what only a signed-in person may do is refused whatever the role.
            var allowed = PermissionMatrix.Allows(role, route.Permission!.Value) && !route.SignedInPersonOnly;
            var refused = response.StatusCode == HttpStatusCode.Forbidden;
            if (allowed == refused || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.InternalServerError)
                wrong.Add($"{route} for {role}: {(int)response.StatusCode}, matrix says {(allowed ? "allowed" : "refused")}");
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task Token_WithWeakerRoleThanItsOwner_ActsWithTheWeakerRole()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var client = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId, WorkspaceRole.Analyst));

        (await client.GetAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/members")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_OwnerDemotedAfterwards_LosesThePermissions()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var admin = await app.AddMemberAsync(workspace, WorkspaceRole.Admin);
        using var client = app.Api(await app.TokenAsync(admin.UserId, workspace.WorkspaceId));
        (await client.GetAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await app.Get<Members>().ChangeRoleAsync(await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId), admin.UserId, WorkspaceRole.Moderator))
            .ShouldBeTrue();

        (await client.GetAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
