using Chorus.Platform.Shell;

namespace Chorus.Platform.Audit;

public sealed class AuditModel(AuditLog audit) : WorkspacePageModel
{
    public Page<AuditEntry> Entries { get; private set; } = new([], null);

    public async Task OnGetAsync(string? cursor, CancellationToken cancellationToken) => Entries = await audit.ListAsync(Workspace.WorkspaceId, cursor, null, cancellationToken);
}
