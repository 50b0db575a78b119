using Chorus.Core.Common;
using Chorus.Core.Workspaces.Audit;
using Chorus.Web.Shell;

namespace Chorus.Web.Pages.Workspace;

public sealed class AuditModel(AuditLog audit) : WorkspacePageModel
{
    public Page<AuditEntry> Entries { get; private set; } = new([], null);

    public async Task OnGetAsync(string? cursor) => Entries = await audit.ListAsync(Workspace.WorkspaceId, cursor, null);
}
