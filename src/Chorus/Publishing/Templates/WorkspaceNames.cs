using Dapper;
using Npgsql;

namespace Chorus.Publishing.Templates;

/// <summary>What templates, signatures and hashtag groups share: a name unique in the workspace whatever its case.</summary>
internal static class WorkspaceNames
{
    public const string Templates = "post_templates";
    public const string Signatures = "signatures";
    public const string HashtagGroups = "hashtag_groups";

    private static readonly Dictionary<string, string> Kinds = new()
    {
        [Templates] = "a template", [Signatures] = "a signature", [HashtagGroups] = "a hashtag group",
    };

    /// <param name="table">One of the constants above (never input: it is written into the statement).</param>
    public static async Task RefuseTakenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, WorkspaceContext context, string name,
        Guid? self, CancellationToken cancellationToken)
    {
        var kind = Kinds[table];
        var taken = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"select exists (select 1 from {table} where workspace_id = @workspaceId and lower(name) = lower(@name) and (@self::uuid is null or id <> @self))",
            new { workspaceId = context.WorkspaceId, name, self }, transaction, cancellationToken: cancellationToken));
        if (taken) throw new InputException("name", $"This workspace already has {kind} named '{name}'.");
    }

    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
