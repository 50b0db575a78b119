using System.Globalization;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Publishing.Queues.Pages;

/// <summary>A post's queue options: add it to its channels' queues, make it recur, make it evergreen.</summary>
public sealed class PostQueueModel(PublishingService posts, QueueService queues, Recurrences recurrences, Evergreen evergreen,
    IStringLocalizer<SharedResource> localizer) : WorkspacePageModel
{
    public Post Post { get; private set; } = null!;

    public PostRecurrence? Recurrence { get; private set; }

    public EvergreenPost? EvergreenPost { get; private set; }

    [BindProperty] public int? Every { get; set; } = 1;

    [BindProperty] public string? Unit { get; set; } = Recurrences.Week;

    [BindProperty] public string? Until { get; set; }

    [BindProperty] public int? Times { get; set; }

    [BindProperty] public int? CooldownDays { get; set; } = 30;

    public async Task<IActionResult> OnGetAsync(Guid postId)
    {
        if (!await LoadAsync(postId)) return NotFound();
        if (Recurrence is { } r)
        {
            (Every, Unit, Times) = (r.Every, r.Unit, r.Times);
            Until = r.Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        if (EvergreenPost is { } e) CooldownDays = e.CooldownDays;
        return Page();
    }

    public Task<IActionResult> OnPostQueueAsync(Guid postId) =>
        ActAsync(postId, () => queues.AddToQueueAsync(Workspace, postId, null, HttpContext.RequestAborted), "The post is planned at its channels' next free slots.");

    public Task<IActionResult> OnPostRepeatAsync(Guid postId) =>
        ActAsync(postId, () => recurrences.SetAsync(Workspace, postId, new RecurrenceRequest(Every, Unit, Until, Times), HttpContext.RequestAborted),
            "The post will recur.");

    public Task<IActionResult> OnPostStopRepeatAsync(Guid postId) =>
        ActAsync(postId, () => recurrences.RemoveAsync(Workspace, postId, HttpContext.RequestAborted), "The post no longer recurs.");

    public Task<IActionResult> OnPostEvergreenAsync(Guid postId) =>
        ActAsync(postId, () => evergreen.SetAsync(Workspace, postId, new EvergreenRequest(CooldownDays), HttpContext.RequestAborted), "The post is evergreen.");

    public Task<IActionResult> OnPostStopEvergreenAsync(Guid postId) =>
        ActAsync(postId, () => evergreen.RemoveAsync(Workspace, postId, HttpContext.RequestAborted), "The post is no longer evergreen.");

    private async Task<IActionResult> ActAsync<T>(Guid postId, Func<Task<T>> action, string done)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (await posts.FindAsync(Workspace, postId, HttpContext.RequestAborted) is null) return NotFound();
        if (await TryAsync(action))
        {
            Flash(localizer[done]);
            return Redirect($"/w/{Workspace.WorkspaceId}/posts/{postId}/queue");
        }
        FileErrorsUnder("Every", "every");
        FileErrorsUnder("Unit", "unit");
        FileErrorsUnder("Until", "until");
        FileErrorsUnder("Times", "times");
        FileErrorsUnder("CooldownDays", "cooldownDays");
        await LoadAsync(postId);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid postId)
    {
        var ct = HttpContext.RequestAborted;
        if (await posts.FindAsync(Workspace, postId, ct) is not { } post) return false;
        Post = post;
        Recurrence = await recurrences.FindAsync(Workspace, postId, ct);
        EvergreenPost = await evergreen.FindAsync(Workspace, postId, ct);
        return true;
    }
}
