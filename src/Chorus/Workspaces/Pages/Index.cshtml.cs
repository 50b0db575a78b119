using Chorus.Platform.Shell;

namespace Chorus.Workspaces.Pages;

public sealed class WorkspaceIndexModel : WorkspacePageModel
{
    public void OnGet()
    {
    }
}
