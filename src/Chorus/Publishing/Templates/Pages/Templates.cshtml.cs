using Chorus.Channels;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Publishing.Templates.Pages;

/// <summary>Templates, signatures and hashtag groups: the three lists, a form to add each, and deletion. The composer
/// inserts them into a variant.</summary>
public sealed class TemplatesModel(PostTemplates templates, Signatures signatures, HashtagGroups hashtagGroups, ChannelService channels,
    IStringLocalizer<SharedResource> localizer) : WorkspacePageModel
{
    public IReadOnlyList<PostTemplate> TemplateList { get; private set; } = [];

    public IReadOnlyList<Signature> SignatureList { get; private set; } = [];

    public IReadOnlyList<HashtagGroup> GroupList { get; private set; } = [];

    /// <summary>The channels a signature can be the default of.</summary>
    public IReadOnlyList<Channel> Channels { get; private set; } = [];

    [BindProperty] public TemplateForm NewTemplate { get; set; } = new();

    [BindProperty] public SignatureForm NewSignature { get; set; } = new();

    [BindProperty] public HashtagGroupForm NewGroup { get; set; } = new();

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        TemplateList = await templates.ListAsync(Workspace, ct);
        SignatureList = await signatures.ListAsync(Workspace, ct);
        GroupList = await hashtagGroups.ListAsync(Workspace, ct);
        Channels = (await channels.ListAsync(Workspace, null, Cursor.MaxLimit, ct)).Items;
    }

    public Task<IActionResult> OnPostTemplateAsync() =>
        AddAsync(() => templates.CreateAsync(Workspace, new TemplateRequest(NewTemplate.Name, NewTemplate.Body, NewTemplate.Title), HttpContext.RequestAborted), "template", ["name", "title", "body"], "The template is added.");

    public Task<IActionResult> OnPostSignatureAsync() =>
        AddAsync(() => signatures.CreateAsync(Workspace, new SignatureRequest(NewSignature.Name, NewSignature.Text, NewSignature.DefaultChannel), HttpContext.RequestAborted),
            "signature", ["name", "text", "defaultChannel"], "The signature is added.");

    public Task<IActionResult> OnPostHashtagGroupAsync() =>
        AddAsync(() => hashtagGroups.CreateAsync(Workspace, new HashtagGroupRequest(NewGroup.Name, [NewGroup.Hashtags]), HttpContext.RequestAborted),
            "hashtags", ["name", "hashtags"], "The hashtag group is added.");

    public Task<IActionResult> OnPostDeleteTemplateAsync(Guid templateId) =>
        DeleteAsync(() => templates.DeleteAsync(Workspace, templateId, HttpContext.RequestAborted), "The template is deleted.");

    public Task<IActionResult> OnPostDeleteSignatureAsync(Guid signatureId) =>
        DeleteAsync(() => signatures.DeleteAsync(Workspace, signatureId, HttpContext.RequestAborted), "The signature is deleted.");

    public Task<IActionResult> OnPostDeleteHashtagGroupAsync(Guid hashtagGroupId) =>
        DeleteAsync(() => hashtagGroups.DeleteAsync(Workspace, hashtagGroupId, HttpContext.RequestAborted), "The hashtag group is deleted.");

    /// <summary>The id of a form's field on this page: "template-name", "hashtags-hashtags".</summary>
    public static string FieldId(string form, string field) => $"{form}-{field}";

    private async Task<IActionResult> AddAsync(Func<Task> add, string form, string[] fields, string done)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        // The other forms' bound values are not this post's concern.
        ModelState.Clear();
        if (await TryAsync(add))
        {
            Flash(localizer[done]);
            return Redirect($"/w/{Workspace.WorkspaceId}/templates");
        }
        foreach (var field in fields) FileErrorsUnder(FieldId(form, field), field);
        await OnGetAsync();
        return Page();
    }

    private async Task<IActionResult> DeleteAsync(Func<Task<bool>> delete, string done)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (!await delete()) return NotFound();
        Flash(localizer[done]);
        return Redirect($"/w/{Workspace.WorkspaceId}/templates");
    }
}

/// <summary>The template form's fields, as typed.</summary>
public sealed class TemplateForm
{
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? Body { get; set; }
}

/// <summary>The signature form's fields, as typed.</summary>
public sealed class SignatureForm
{
    public string? Name { get; set; }
    public string? Text { get; set; }
    public Guid? DefaultChannel { get; set; }
}

/// <summary>The hashtag group form's fields, as typed.</summary>
public sealed class HashtagGroupForm
{
    public string? Name { get; set; }
    public string? Hashtags { get; set; }
}
