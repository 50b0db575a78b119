using Chorus.Data.Jobs;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Platform.Jobs;

public sealed class JobsModel(DeadJobs deadJobs) : WorkspacePageModel
{
    public JobPage Dead { get; private set; } = new([], null);

    public async Task OnGetAsync(string? cursor) => Dead = await deadJobs.ListAsync(Workspace, cursor, null);

    public async Task<IActionResult> OnPostAsync(long jobId)
    {
        await deadJobs.RerunAsync(Workspace, jobId);
        return Redirect($"/w/{Workspace.WorkspaceId}/jobs");
    }
}
