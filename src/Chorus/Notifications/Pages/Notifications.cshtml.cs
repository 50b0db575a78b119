using Chorus.Platform.Mail;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Notifications.Pages;

/// <summary>The signed-in person's notifications in every workspace they are a member of, and their e-mail choices.</summary>
public sealed class NotificationsModel(NotificationService notifications, NotificationKinds kinds, MailSender mail,
    IStringLocalizer<SharedResource> localizer) : ChorusPageModel
{
    public Page<Notification> List { get; private set; } = new([], null);
    public int UnreadCount { get; private set; }
    public bool MailConfigured => mail.IsConfigured;
    public IReadOnlyList<NotificationKind> Kinds => kinds.All;
    public IReadOnlySet<string> OptedOut { get; private set; } = new HashSet<string>();

    private Guid UserId => Actor.From(User)!.UserId;

    public string Render(Notification notification) => kinds.Render(localizer, notification.Kind, notification.Parameters);

    public async Task<IActionResult> OnGetAsync(string? cursor)
    {
        if (!await TryAsync(async () => List = await notifications.ListAsync(UserId, null, cursor, null, cancellationToken: HttpContext.RequestAborted)))
            return BadRequest();
        UnreadCount = await notifications.UnreadCountAsync(UserId, HttpContext.RequestAborted);
        OptedOut = await notifications.MailOptOutsAsync(UserId, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostReadAsync(long id)
    {
        await notifications.MarkReadAsync(UserId, null, id, HttpContext.RequestAborted);
        return Redirect("/notifications");
    }

    public async Task<IActionResult> OnPostReadAllAsync()
    {
        await notifications.MarkAllReadAsync(UserId, null, HttpContext.RequestAborted);
        Flash(localizer["Every notification is marked as read."]);
        return Redirect("/notifications");
    }

    public async Task<IActionResult> OnPostMailAsync(string[] mailed)
    {
        if (!await TryAsync(() => notifications.SetMailedKindsAsync(UserId, mailed, HttpContext.RequestAborted))) return BadRequest();
        Flash(localizer["Your e-mail choices are saved."]);
        return Redirect("/notifications");
    }
}
