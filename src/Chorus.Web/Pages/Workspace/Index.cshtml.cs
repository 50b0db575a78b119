using Chorus.Web.Shell;

namespace Chorus.Web.Pages.Workspace;

public sealed class WorkspaceIndexModel : WorkspacePageModel
{
    public void OnGet()
    {
    }
}
