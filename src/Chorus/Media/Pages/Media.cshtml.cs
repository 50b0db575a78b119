using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Media.Pages;

// The form's own limit is the library's (Media:MaxBytes, at most 200 MiB), checked while reading; this only keeps the
// server's default (30 MB) from answering first with a bare 413.
[RequestSizeLimit(MediaOptions.MaxUploadBody)]
[RequestFormLimits(MultipartBodyLengthLimit = MediaOptions.MaxUploadBody)]
public sealed class MediaModel(MediaLibrary library, IStringLocalizer<SharedResource> localizer) : WorkspacePageModel
{
    public Page<MediaItem> Listing { get; private set; } = new([], null);

    public MediaSettings Settings { get; private set; } = new(false);

    public MediaLibrary Library => library;

    public async Task OnGetAsync(string? cursor)
    {
        Listing = await library.ListAsync(Workspace, cursor, null, HttpContext.RequestAborted);
        Settings = await library.SettingsAsync(Workspace.WorkspaceId, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, string? altText)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        MediaUpload? upload = null;
        var stored = await TryAsync(async () =>
        {
            if (file is null || file.Length == 0) throw new InputException("file", "Choose an image to upload.");
            await using var stream = file.OpenReadStream();
            upload = await library.UploadAsync(Workspace, file.FileName, await library.ReadAsync(stream, "file", HttpContext.RequestAborted), altText,
                HttpContext.RequestAborted);
        });
        if (!stored || upload is null)
        {
            await OnGetAsync(null);
            return Page();
        }
        Flash(upload.AlreadyInLibrary ? localizer["{0} was already in the library.", upload.Item.Name] : localizer["{0} is added.", upload.Item.Name]);
        return Redirect($"/w/{Workspace.WorkspaceId}/media#media-{upload.Item.Id}");
    }

    public async Task<IActionResult> OnPostAltTextAsync(Guid mediaId, string? altText)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        MediaItem? changed = null;
        if (await TryAsync(async () => changed = await library.UpdateAltTextAsync(Workspace, mediaId, altText, HttpContext.RequestAborted)) && changed is not null)
        {
            Flash(localizer["The alternative text of {0} is saved.", changed.Name]);
            return Redirect($"/w/{Workspace.WorkspaceId}/media#media-{mediaId}");
        }
        await OnGetAsync(null);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid mediaId)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        var item = await library.FindAsync(Workspace, mediaId, HttpContext.RequestAborted);
        if (await TryAsync(async () => await library.DeleteAsync(Workspace, mediaId, HttpContext.RequestAborted)))
        {
            if (item is not null) Flash(localizer["{0} is deleted.", item.Name]);
            return Redirect($"/w/{Workspace.WorkspaceId}/media");
        }
        await OnGetAsync(null);
        return Page();
    }

    public async Task<IActionResult> OnPostSettingsAsync(bool altTextRequired)
    {
        if (!Workspace.Can(Permission.RenameWorkspace)) return Forbid();
        await library.ChangeSettingsAsync(Workspace, new MediaSettings(altTextRequired), HttpContext.RequestAborted);
        Flash(localizer[altTextRequired ? "Images now need alternative text before they are published." : "Images may now be published without alternative text."]);
        return Redirect($"/w/{Workspace.WorkspaceId}/media");
    }
}
