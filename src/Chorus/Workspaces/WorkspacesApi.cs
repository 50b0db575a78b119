using Chorus.Platform.Accounts;
using Chorus.Platform.Audit;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Chorus.Workspaces;

/// <summary>REST API v1 for accounts and tenancy. Every route under a workspace declares its permission.</summary>
public static class WorkspacesApi
{
    public sealed record MeResponse(Guid UserId, string Email, string DisplayName, Guid? TokenId);
    public sealed record WorkspaceResponse(Guid Id, string Name, Guid OrganizationId, string Role, IEnumerable<string> Permissions);
    public sealed record RenameRequest(string? Name);
    public sealed record RoleRequest(string? Role);
    public sealed record InvitationRequest(string? Role, string? Note);
    public sealed record InvitationCreated(Guid Id, string Url, DateTimeOffset ExpiresAt);
    public sealed record TokenRequest(string? Name, string? Role, int? ExpiresInDays);
    public sealed record TokenCreated(Guid Id, string Secret, string Prefix, string Role, DateTimeOffset? ExpiresAt);

    public static RouteGroupBuilder MapWorkspaceApi(this RouteGroupBuilder root)
    {
        var api = root.MapGroup("").WithTags("Workspaces");
        api.MapGet("/me", async Task<Results<Ok<MeResponse>, NotFound>> (HttpContext http, UserAccounts accounts, CancellationToken cancellationToken) =>
            Actor.From(http.User) is { } actor && await accounts.FindAsync(actor.UserId, cancellationToken) is { } user
                ? TypedResults.Ok(new MeResponse(user.Id, user.Email, user.DisplayName, actor.TokenId))
                : TypedResults.NotFound())
            .WithName("GetMe").WithSummary("Who the token belongs to.");

        api.MapGet("/workspaces", async (HttpContext http, Tenancy tenancy, WorkspaceAccess access, CancellationToken cancellationToken) =>
            {
                var actor = Actor.From(http.User)!;
                var visible = new List<WorkspaceResponse>();
                foreach (var summary in await tenancy.WorkspacesOfAsync(actor.UserId, cancellationToken))
                {
                    if (await access.ResolveAsync(actor, summary.Id, cancellationToken) is { } context) visible.Add(ToResponse(context));
                }
                return TypedResults.Ok(new Page<WorkspaceResponse>(visible, null));
            })
            .WithName("ListWorkspaces").WithSummary("The workspaces this token can act in.");

        var workspace = api.MapGroup("/workspaces/{workspaceId:guid}");
        // Handing out access (invitations, roles, removals, new tokens) is for signed-in people only: tokens get 403.

        workspace.MapGet("", (WorkspaceContext context) => TypedResults.Ok(ToResponse(context)))
            .RequirePermission(Permission.ViewWorkspace).WithName("GetWorkspace");
        workspace.MapPatch("", async (WorkspaceContext context, RenameRequest request, Tenancy tenancy, WorkspaceAccess access, CancellationToken cancellationToken) =>
            {
                await tenancy.RenameWorkspaceAsync(context, request.Name, cancellationToken);
                return TypedResults.Ok(ToResponse((await access.ResolveAsync(context.Actor, context.WorkspaceId, cancellationToken))!));
            })
            .RequirePermission(Permission.RenameWorkspace).WithName("RenameWorkspace");
        workspace.MapDelete("", async (WorkspaceContext context, Tenancy tenancy, CancellationToken cancellationToken) =>
            {
                await tenancy.DeleteWorkspaceAsync(context, cancellationToken);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.DeleteWorkspace).WithName("DeleteWorkspace");

        workspace.MapGet("/members", async Task<Ok<Page<Member>>> (WorkspaceContext context, Members members, string? cursor, int? limit, CancellationToken cancellationToken) =>
                TypedResults.Ok(await members.ListAsync(context, cursor, limit, cancellationToken)))
            .RequirePermission(Permission.ViewWorkspace).WithName("ListMembers");
        workspace.MapGet("/members/{userId:guid}", async Task<Results<Ok<Member>, NotFound>> (WorkspaceContext context, Guid userId, Members members, CancellationToken cancellationToken) =>
                await members.FindAsync(context, userId, cancellationToken) is { } member ? TypedResults.Ok(member) : TypedResults.NotFound())
            .RequirePermission(Permission.ViewWorkspace).WithName("GetMember");
        workspace.MapPatch("/members/{userId:guid}", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid userId, RoleRequest request, Members members, CancellationToken cancellationToken) =>
                await members.ChangeRoleAsync(context, userId, WorkspaceRoles.Parse("role", request.Role), cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.ManageMembers).RequireSignedInPerson().ProducesConflict().WithName("ChangeMemberRole");
        workspace.MapDelete("/members/{userId:guid}", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid userId, Members members, CancellationToken cancellationToken) =>
                await members.RemoveAsync(context, userId, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.ManageMembers).RequireSignedInPerson().ProducesConflict().WithName("RemoveMember");

        workspace.MapGet("/invitations", async Task<Ok<Page<Invitation>>> (WorkspaceContext context, Invitations invitations, CancellationToken cancellationToken) =>
                TypedResults.Ok(new Page<Invitation>(await invitations.ListPendingAsync(context, cancellationToken), null)))
            .RequirePermission(Permission.ManageMembers).WithName("ListInvitations");
        workspace.MapPost("/invitations", async (WorkspaceContext context, InvitationRequest request, Invitations invitations, PublicAddress publicAddress, CancellationToken cancellationToken) =>
            {
                var created = await invitations.CreateAsync(context, WorkspaceRoles.Parse("role", request.Role), request.Note, cancellationToken);
                return TypedResults.Created($"/api/v1/workspaces/{context.WorkspaceId}/invitations/{created.Id}",
                    new InvitationCreated(created.Id, Invitations.LinkOf(publicAddress, created.Token), created.ExpiresAt));
            })
            .RequirePermission(Permission.ManageMembers).RequireSignedInPerson().WithName("CreateInvitation");
        workspace.MapDelete("/invitations/{invitationId:guid}", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid invitationId, Invitations invitations, CancellationToken cancellationToken) =>
                await invitations.RevokeAsync(context, invitationId, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.ManageMembers).RequireSignedInPerson().WithName("RevokeInvitation");

        workspace.MapGet("/tokens", async Task<Ok<Page<ApiToken>>> (WorkspaceContext context, ApiTokens tokens, CancellationToken cancellationToken) =>
                TypedResults.Ok(new Page<ApiToken>(await tokens.ListAsync(context, cancellationToken), null)))
            .RequirePermission(Permission.ManageApiTokens).WithName("ListApiTokens");
        workspace.MapPost("/tokens", async (WorkspaceContext context, TokenRequest request, ApiTokens tokens, CancellationToken cancellationToken) =>
            {
                var created = await tokens.CreateAsync(context, request.Name, WorkspaceRoles.Parse("role", request.Role), request.ExpiresInDays, cancellationToken);
                return TypedResults.Created($"/api/v1/workspaces/{context.WorkspaceId}/tokens/{created.Id}",
                    new TokenCreated(created.Id, created.Secret, created.Token.Prefix, created.Token.Role.ToString(), created.Token.ExpiresAt));
            })
            .RequirePermission(Permission.ManageApiTokens).RequireSignedInPerson().WithName("CreateApiToken");
        workspace.MapDelete("/tokens/{tokenId:guid}", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, Guid tokenId, ApiTokens tokens, CancellationToken cancellationToken) =>
                await tokens.RevokeAsync(context, tokenId, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.ManageApiTokens).WithName("RevokeApiToken");

        workspace.MapGet("/audit", async Task<Ok<Page<AuditEntry>>> (WorkspaceContext context, AuditLog audit, string? cursor, int? limit, CancellationToken cancellationToken) =>
                TypedResults.Ok(await audit.ListAsync(context.WorkspaceId, cursor, limit, cancellationToken)))
            .RequirePermission(Permission.ViewAuditLog).WithName("ListAuditLog");

        return root;
    }

    private static WorkspaceResponse ToResponse(WorkspaceContext context) =>
        new(context.WorkspaceId, context.WorkspaceName, context.OrganizationId, context.Role.ToString(), context.Permissions.Select(p => p.ToString()).Order());
}
