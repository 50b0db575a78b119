using Chorus.Workspaces;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Platform.Pages;

public sealed class IndexModel(Tenancy tenancy) : ChorusPageModel
{
    public IReadOnlyList<WorkspaceSummary> Workspaces { get; private set; } = [];
    public IReadOnlyList<OrganizationSummary> OwnedOrganizations { get; private set; } = [];
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public Guid OrganizationId { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var id = await tenancy.CreateWorkspaceAsync(Actor.From(User)!, OrganizationId, Name, cancellationToken);
            return Redirect($"/w/{id}");
        }
        catch (InputException input)
        {
            ShowErrors(input);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var actor = Actor.From(User)!;
        Workspaces = await tenancy.WorkspacesOfAsync(actor.UserId, cancellationToken);
        OwnedOrganizations = (await tenancy.OrganizationsOfAsync(actor.UserId, cancellationToken)).Where(o => o.IsOwner).ToList();
    }
}
