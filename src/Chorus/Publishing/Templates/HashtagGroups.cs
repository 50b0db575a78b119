using System.Text.RegularExpressions;
using Chorus.Platform.Audit;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Templates;

/// <summary>A named list of hashtags (stored without their '#'), inserted together into a variant.</summary>
public sealed record HashtagGroup(Guid Id, string Name, IReadOnlyList<string> Hashtags, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The hashtags as they are inserted: "#a #b".</summary>
    public string Text => string.Join(' ', Hashtags.Select(h => "#" + h));
}

/// <param name="Hashtags">Each item one hashtag or several separated by spaces or commas; the '#' is optional.</param>
public sealed record HashtagGroupRequest(string? Name, IReadOnlyList<string?>? Hashtags);

/// <summary>The workspace's hashtag groups. Every change is audited in its transaction.</summary>
public sealed partial class HashtagGroups(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock)
{
    public const int NameMaxLength = 200;
    public const int MaxHashtags = 30;
    public const int HashtagMaxLength = 100;

    // Dapper reads a text[] as an untyped array, which no record constructor takes: the hashtags come as JSON.
    private const string Columns = "id, name, array_to_json(hashtags)::text as hashtags_json, created_at, updated_at";

    public async Task<IReadOnlyList<HashtagGroup>> ListAsync(WorkspaceContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from hashtag_groups where workspace_id = @workspaceId order by lower(name)",
            new { workspaceId = context.WorkspaceId }, cancellationToken: cancellationToken))).Select(r => r.ToGroup()).ToList();
    }

    public async Task<HashtagGroup?> FindAsync(WorkspaceContext context, Guid hashtagGroupId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from hashtag_groups where workspace_id = @workspaceId and id = @hashtagGroupId",
            new { workspaceId = context.WorkspaceId, hashtagGroupId }, cancellationToken: cancellationToken)))?.ToGroup();
    }

    public async Task<HashtagGroup> CreateAsync(WorkspaceContext context, HashtagGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fields = Read(request);
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WorkspaceNames.RefuseTakenAsync(connection, transaction, WorkspaceNames.HashtagGroups, context, fields.Name, null, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into hashtag_groups (id, workspace_id, name, hashtags, created_by, created_at, updated_at)
            values (@id, @workspaceId, @Name, @Hashtags, @userId, @now, @now)
            """, new { id, workspaceId = context.WorkspaceId, fields.Name, fields.Hashtags, userId = context.Actor.UserId, now = clock.GetUtcNow() },
            transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "hashtag_group.created", "hashtag_group", id.ToString(),
            new { fields.Name, fields.Hashtags }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(context, id, cancellationToken))!;
    }

    /// <summary>Null when the workspace has no such group (looked up before the request is read).</summary>
    public async Task<HashtagGroup?> UpdateAsync(WorkspaceContext context, Guid hashtagGroupId, HashtagGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await FindAsync(context, hashtagGroupId, cancellationToken) is null) return null;
        var fields = Read(request);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WorkspaceNames.RefuseTakenAsync(connection, transaction, WorkspaceNames.HashtagGroups, context, fields.Name, hashtagGroupId, cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            update hashtag_groups set name = @Name, hashtags = @Hashtags, updated_at = @now where id = @hashtagGroupId and workspace_id = @workspaceId
            """, new { hashtagGroupId, workspaceId = context.WorkspaceId, fields.Name, fields.Hashtags, now = clock.GetUtcNow() }, transaction,
            cancellationToken: cancellationToken));
        if (changed == 0) return null;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "hashtag_group.updated", "hashtag_group",
            hashtagGroupId.ToString(), new { fields.Name, fields.Hashtags }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, hashtagGroupId, cancellationToken);
    }

    public async Task<bool> DeleteAsync(WorkspaceContext context, Guid hashtagGroupId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var name = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "delete from hashtag_groups where id = @hashtagGroupId and workspace_id = @workspaceId returning name", new { hashtagGroupId, workspaceId = context.WorkspaceId },
            transaction, cancellationToken: cancellationToken));
        if (name is null) return false;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "hashtag_group.deleted", "hashtag_group",
            hashtagGroupId.ToString(), new { name }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The hashtags of what was typed ("#soldes, hiver #paris"), without '#', each once (whatever its case),
    /// in the order given; a word that cannot be a hashtag is refused by name.</summary>
    public static IReadOnlyList<string> ParseHashtags(string field, IEnumerable<string?>? items)
    {
        var hashtags = new List<string>();
        foreach (var word in (items ?? []).SelectMany(item => (item ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)))
        {
            var tag = word.TrimStart('#');
            if (!Hashtag().IsMatch(tag))
                throw new InputException(field, $"'{word}' is not a hashtag: letters, digits and _ only, at most {HashtagMaxLength}.");
            if (!hashtags.Contains(tag, StringComparer.OrdinalIgnoreCase)) hashtags.Add(tag);
        }
        if (hashtags.Count == 0) throw new InputException(field, "Give at least one hashtag.");
        if (hashtags.Count > MaxHashtags) throw new InputException(field, $"At most {MaxHashtags} hashtags.");
        return hashtags;
    }

    private static Fields Read(HashtagGroupRequest? request)
    {
        if (request is null) throw new InputException("name", "This field is required.");
        var errors = new InputErrors();
        var name = errors.Check(() => Input.Required("name", request.Name, NameMaxLength));
        var hashtags = errors.Check(() => ParseHashtags("hashtags", request.Hashtags));
        errors.ThrowIfAny();
        return new Fields(name!, [.. hashtags!]);
    }

    // Letters (with their accents), digits and underscores, as the networks make links of them.
    [GeneratedRegex(@"^[\p{L}\p{Mn}\p{Nd}_]{1,100}$")]
    private static partial Regex Hashtag();

    private sealed record Fields(string Name, string[] Hashtags);

    /// <summary>Npgsql reads timestamptz as a UTC DateTime; Dapper maps positional records only with the exact types.</summary>
    private sealed record Row(Guid Id, string Name, string HashtagsJson, DateTime CreatedAt, DateTime UpdatedAt)
    {
        public HashtagGroup ToGroup() =>
            new(Id, Name, System.Text.Json.JsonSerializer.Deserialize<string[]>(HashtagsJson) ?? [], WorkspaceNames.Utc(CreatedAt), WorkspaceNames.Utc(UpdatedAt));
    }
}
