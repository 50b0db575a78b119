using Chorus.Channels;
using Chorus.Connectors.Abstractions;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Publishing.Pages;

/// <summary>The workspace's posts with each variant's status, and a short form to write one. (The composer with
/// previews per network replaces the form later.)</summary>
public sealed class PostsModel(PublishingService posts, ChannelService channels, NetworkCatalog networks, IStringLocalizer<SharedResource> localizer)
    : WorkspacePageModel
{
    public NetworkCatalog Networks => networks;

    public Page<PostSummary> Listing { get; private set; } = new([], null);

    /// <summary>The channels a post can go to (those whose network publishes).</summary>
    public IReadOnlyList<Channel> Channels { get; private set; } = [];

    [BindProperty] public List<Guid> SelectedChannels { get; set; } = [];

    [BindProperty] public string? Text { get; set; }

    [BindProperty] public string? Title { get; set; }

    /// <summary>The form's date and time, read as UTC (the calendar will take each person's zone).</summary>
    [BindProperty] public DateTime? ScheduledAt { get; set; }

    public async Task OnGetAsync(string? cursor)
    {
        Listing = await posts.ListAsync(Workspace, new PostFilter(), cursor, null, HttpContext.RequestAborted);
        Channels = (await channels.ListAsync(Workspace, null, Cursor.MaxLimit, HttpContext.RequestAborted)).Items
            .Where(c => networks.Find(c.Network) is { CanPublish: true }).ToList();
    }

    public async Task<IActionResult> OnPostAsync(bool submit)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        var at = ScheduledAt is { } local ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        var id = Guid.Empty;
        var written = await TryAsync(async () =>
            id = await posts.CreateAsync(Workspace, new CreatePostRequest(SelectedChannels, Text, Title, ScheduledAt: at), HttpContext.RequestAborted));
        // A refused submit keeps the draft (it is listed), and says why beside the field.
        if (written && submit) written = await TryAsync(() => posts.SubmitAsync(Workspace, id, HttpContext.RequestAborted));
        if (!written)
        {
            await OnGetAsync(null);
            return Page();
        }
        Flash(submit ? localizer["The post is submitted."] : localizer["The draft is saved."]);
        return Redirect($"/w/{Workspace.WorkspaceId}/posts");
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid postId)
    {
        if (!Workspace.Can(Permission.ApprovePosts)) return Forbid();
        if (await TryAsync(() => posts.ApproveAsync(Workspace, postId, null, HttpContext.RequestAborted)))
        {
            Flash(localizer["The post is approved."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/posts");
        }
        await OnGetAsync(null);
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid postId)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (await TryAsync(() => posts.CancelAsync(Workspace, postId, HttpContext.RequestAborted)))
        {
            Flash(localizer["The post is cancelled."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/posts");
        }
        await OnGetAsync(null);
        return Page();
    }
}
