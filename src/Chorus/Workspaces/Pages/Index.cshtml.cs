using Chorus.Platform.Shell;

namespace Chorus.Workspaces.Pages;

/// <summary>Where a member lands: the first steps their role can take, ticked as they are done.</summary>
public sealed class WorkspaceIndexModel(IEnumerable<IGettingStartedStep> steps) : WorkspacePageModel
{
    public sealed record StepState(IGettingStartedStep Step, bool Done);

    public IReadOnlyList<StepState> Steps { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var states = new List<StepState>();
        foreach (var step in steps.Where(step => Workspace.Can(step.Permission)).OrderBy(step => step.Order))
            states.Add(new StepState(step, await step.IsDoneAsync(Workspace, HttpContext.RequestAborted)));
        Steps = states;
    }
}
