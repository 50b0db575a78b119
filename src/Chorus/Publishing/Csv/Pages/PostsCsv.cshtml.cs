using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Publishing.Csv.Pages;

/// <summary>Imports a posts file (every wrong row listed, nothing imported) and downloads the workspace's posts as one.</summary>
public sealed class PostsCsvModel(PostsCsvImport import, PostsCsvExport export, PublishingService posts, IStringLocalizer<SharedResource> localizer)
    : WorkspacePageModel
{
    public bool HasPosts { get; private set; }

    /// <summary>The reasons the last file was refused, row by row.</summary>
    public IReadOnlyList<CsvRowError>? Refused { get; private set; }

    public async Task OnGetAsync() =>
        HasPosts = (await posts.ListAsync(Workspace, new PostFilter(), null, 1, HttpContext.RequestAborted)).Items.Count > 0;

    public async Task<IActionResult> OnGetExportAsync(string? status)
    {
        string? csv = null;
        if (await TryAsync(async () => csv = await export.CsvAsync(Workspace, new PostsCsvFilter(Status: string.IsNullOrEmpty(status) ? null : status),
                HttpContext.RequestAborted)))
            return File(System.Text.Encoding.UTF8.GetBytes(csv!), PostsCsvApi.CsvContentType + "; charset=utf-8", "posts.csv");
        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, bool submit)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "Choose a CSV file to import.");
        }
        else
        {
            try
            {
                await using var stream = file.OpenReadStream();
                var imported = await import.ImportAsync(Workspace, await PostsCsvApi.ReadCappedAsync(stream, HttpContext.RequestAborted), submit,
                    HttpContext.RequestAborted);
                Flash(localizer["{0} posts imported, {1} of them submitted.", imported.Posts.Count, imported.Submitted]);
                return Redirect($"/w/{Workspace.WorkspaceId}/posts");
            }
            catch (PostsCsvException refused)
            {
                Refused = refused.Errors;
            }
        }
        await OnGetAsync();
        return Page();
    }
}
