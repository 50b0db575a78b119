using Chorus.Workspaces;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Chorus.Platform.Shell;

/// <summary>
/// A page inside a workspace (route /w/{workspaceId}/…). Its .cshtml declares
/// `@attribute [RequiresPermission(...)]`; the access middleware has resolved and checked the workspace.
/// </summary>
public abstract class WorkspacePageModel : ChorusPageModel
{
    public WorkspaceContext Workspace => WorkspaceAccessMiddleware.Current(HttpContext);
}

/// <summary>A page with forms: bad input from the modules is shown beside its field.</summary>
public abstract class ChorusPageModel : PageModel
{
    /// <summary>The TempData key of the one-line confirmation the next page shows (a toast).</summary>
    public const string FlashKey = "chorus.flash";

    /// <summary>Says on the next page that an action worked (the text is already in the person's language).</summary>
    protected void Flash(string message) => TempData[FlashKey] = message;

    /// <summary>Shows bad input beside its field; false when there was some.</summary>
    protected async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (InputException input)
        {
            ShowErrors(input);
        }
        catch (ConflictException conflict)
        {
            ModelState.AddModelError(string.Empty, conflict.Message);
        }
        return false;
    }

    /// <summary>
    /// Files the errors of <paramref name="fields"/> under <paramref name="input"/>, the id of the input they are about
    /// on a page with one form per row (e.g. "name-{channelId}"), so the summary links to that row's input.
    /// </summary>
    protected void FileErrorsUnder(string input, params string[] fields)
    {
        foreach (var field in fields)
        {
            if (!ModelState.TryGetValue(field, out var entry) || entry.Errors.Count == 0) continue;
            foreach (var error in entry.Errors.ToList()) ModelState.AddModelError(input, error.ErrorMessage);
            ModelState.Remove(field);
        }
    }

    /// <summary>Every wrong field's error beside it (and in the summary at the top of the form).</summary>
    protected void ShowErrors(InputException input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var error in input.Errors) ModelState.AddModelError(error.Field, error.Reason);
    }
}
