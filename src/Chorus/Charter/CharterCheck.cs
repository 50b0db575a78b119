using System.Collections.Concurrent;
using Npgsql;

namespace Chorus.Charter;

/// <summary>
/// Checks a text against its workspace's charter: banned terms and phrases, required mentions, toxicity. The reusable
/// service of the module: publishing runs it on submit and approval, the composer and the inbox as people type.
/// Each process keeps every workspace's charter compiled and asks the database only whether it changed (one indexed
/// read), so a check costs a round trip and the text's tokenization.
/// </summary>
public sealed class CharterCheck(NpgsqlDataSource dataSource, CharterService charters)
{
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset? Version, CompiledCharter Compiled)> _compiled = new();

    /// <summary>The findings for <paramref name="subject"/> in the workspace, and whether they stop approval.</summary>
    public async Task<CharterReport> CheckAsync(Guid workspaceId, CharterSubject subject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return (await CompiledAsync(workspaceId, cancellationToken)).Check(subject);
    }

    /// <summary>The workspace's charter, compiled; reloaded when an admin saved it since.</summary>
    public async Task<CompiledCharter> CompiledAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        DateTimeOffset? version = null;
        await using (var command = dataSource.CreateCommand("select updated_at from charters where workspace_id = $1"))
        {
            command.Parameters.AddWithValue(workspaceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken)) version = reader.GetFieldValue<DateTimeOffset>(0);
        }
        if (_compiled.TryGetValue(workspaceId, out var cached) && cached.Version == version) return cached.Compiled;
        var charter = version is null ? WorkspaceCharter.Empty : await charters.LoadAsync(workspaceId, cancellationToken);
        var compiled = new CompiledCharter(charter);
        // The version read with the charter: a save between the two reads is caught by the next check.
        _compiled[workspaceId] = (charter.UpdatedAt, compiled);
        return compiled;
    }
}
