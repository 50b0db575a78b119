using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Publishing.Calendar.Pages;

/// <summary>One campaign: edit it, see its posts, tag a post with it or untag one.</summary>
public sealed class CampaignModel(Campaigns campaigns, PublishingService posts, IStringLocalizer<SharedResource> localizer) : WorkspacePageModel
{
    public Campaign Item { get; private set; } = null!;

    public IReadOnlyList<PostSummary> Tagged { get; private set; } = [];

    /// <summary>Recent posts not tagged with this campaign, to tag.</summary>
    public IReadOnlyList<PostSummary> Others { get; private set; } = [];

    [BindProperty] public CampaignForm Edited { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid campaignId) => await LoadAsync(campaignId, keepForm: false) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid campaignId)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        Campaign? updated = null;
        if (await TryAsync(async () => updated = await campaigns.UpdateAsync(Workspace, campaignId, Edited.ToRequest(), HttpContext.RequestAborted)))
        {
            if (updated is null) return NotFound();
            Flash(localizer["The campaign is saved."]);
            return Redirect($"/w/{Workspace.WorkspaceId}/campaigns/{campaignId}");
        }
        foreach (var field in CampaignForm.Fields) FileErrorsUnder("campaign-" + field, field);
        return await LoadAsync(campaignId, keepForm: true) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostTagAsync(Guid campaignId, Guid postId, bool remove)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (await campaigns.FindAsync(Workspace, campaignId, HttpContext.RequestAborted) is null) return NotFound();
        if (!await campaigns.TagAsync(Workspace, postId, remove ? null : campaignId, HttpContext.RequestAborted)) return NotFound();
        Flash(remove ? localizer["The post is no longer in this campaign."] : localizer["The post is in this campaign."]);
        return Redirect($"/w/{Workspace.WorkspaceId}/campaigns/{campaignId}");
    }

    private async Task<bool> LoadAsync(Guid campaignId, bool keepForm)
    {
        var ct = HttpContext.RequestAborted;
        if (await campaigns.FindAsync(Workspace, campaignId, ct) is not { } item) return false;
        Item = item;
        if (!keepForm) Edited = CampaignForm.Of(item);
        var tagged = (await campaigns.PostsAsync(Workspace, campaignId, ct)).ToHashSet();
        var recent = (await posts.ListAsync(Workspace, new PostFilter(), null, Cursor.MaxLimit, ct)).Items;
        Tagged = recent.Where(p => tagged.Contains(p.Id)).ToList();
        Others = recent.Where(p => !tagged.Contains(p.Id)).ToList();
        return true;
    }
}
