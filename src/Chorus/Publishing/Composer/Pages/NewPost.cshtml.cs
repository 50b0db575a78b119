using Chorus.Channels;
using Chorus.Connectors.Abstractions;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Publishing.Composer.Pages;

/// <summary>The composer's first step: the channels and the text they share. Continuing writes the post as drafts (one
/// variant per channel) and opens each variant in the editor.</summary>
public sealed class NewPostModel(PublishingService posts, ChannelService channels, NetworkCatalog networks) : WorkspacePageModel
{
    public NetworkCatalog Networks => networks;

    /// <summary>The channels a post can go to (those whose network publishes).</summary>
    public IReadOnlyList<Channel> Channels { get; private set; } = [];

    [BindProperty] public List<Guid> SelectedChannels { get; set; } = [];

    [BindProperty] public string? Text { get; set; }

    public async Task OnGetAsync() =>
        Channels = (await channels.ListAsync(Workspace, null, Cursor.MaxLimit, HttpContext.RequestAborted)).Items
            .Where(c => networks.Find(c.Network) is { CanPublish: true }).ToList();

    public async Task<IActionResult> OnPostAsync()
    {
        var id = Guid.Empty;
        if (await TryAsync(async () => id = await posts.CreateAsync(Workspace, new CreatePostRequest(SelectedChannels, Text), HttpContext.RequestAborted)))
            return Redirect($"/w/{Workspace.WorkspaceId}/posts/{id}/edit");
        await OnGetAsync();
        return Page();
    }
}
