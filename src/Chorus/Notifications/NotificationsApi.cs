using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace Chorus.Notifications;

/// <summary>REST API v1 for the notifications of the token's owner in one workspace.</summary>
public static class NotificationsApi
{
    /// <param name="Text">The sentence in the request's language (Accept-Language), rendered from kind and parameters.</param>
    /// <param name="Link">A path of Chorus the notification leads to.</param>
    public sealed record NotificationItem(long Id, string Kind, string Text, IReadOnlyDictionary<string, string> Parameters, string? Link,
        DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

    public sealed record MarkedRead(int Marked);

    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        var notifications = api.MapGroup("/workspaces/{workspaceId:guid}/notifications").WithTags("Notifications");
        notifications.MapGet("", async Task<Ok<Page<NotificationItem>>> (WorkspaceContext context, NotificationService service, NotificationKinds kinds,
                IStringLocalizer<SharedResource> localizer, string? cursor, int? limit, bool? unread, CancellationToken ct) =>
            {
                var page = await service.ListAsync(context.Actor.UserId, context.WorkspaceId, cursor, limit, unread ?? false, ct);
                return TypedResults.Ok(new Page<NotificationItem>(page.Items.Select(n => new NotificationItem(n.Id, n.Kind,
                    kinds.Render(localizer, n.Kind, n.Parameters), n.Parameters, n.Link, n.CreatedAt, n.ReadAt)).ToList(), page.Next));
            })
            .RequirePermission(Permission.ViewWorkspace).WithName("ListNotifications")
            .WithSummary("The token owner's notifications in this workspace, newest first; ?unread=true for the unread ones only.");
        notifications.MapPost("/{notificationId:long}/read", async Task<Results<NoContent, NotFound>> (WorkspaceContext context, long notificationId,
                NotificationService service, CancellationToken ct) =>
                await service.MarkReadAsync(context.Actor.UserId, context.WorkspaceId, notificationId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequirePermission(Permission.ViewWorkspace).WithName("MarkNotificationRead");
        notifications.MapPost("/read", async Task<Ok<MarkedRead>> (WorkspaceContext context, NotificationService service, CancellationToken ct) =>
                TypedResults.Ok(new MarkedRead(await service.MarkAllReadAsync(context.Actor.UserId, context.WorkspaceId, ct))))
            .RequirePermission(Permission.ViewWorkspace).WithName("MarkAllNotificationsRead").WithSummary("Marks every notification of the token owner in this workspace read.");
        return api;
    }
}
