using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Platform.Jobs;

public sealed class JobsModel(DeadJobs deadJobs) : WorkspacePageModel
{
    public Page<DeadJob> Dead { get; private set; } = new([], null);

    public async Task OnGetAsync(string? cursor) => Dead = await deadJobs.ListAsync(Workspace, cursor, null, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync(long jobId)
    {
        await deadJobs.RerunAsync(Workspace, jobId, HttpContext.RequestAborted);
        return Redirect($"/w/{Workspace.WorkspaceId}/jobs");
    }
}
