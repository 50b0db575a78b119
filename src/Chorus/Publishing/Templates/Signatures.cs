using Chorus.Platform.Audit;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Templates;

/// <summary>A text appended to a variant; the default of at most one channel, whose variants offer it first.</summary>
public sealed record Signature(Guid Id, string Name, string Text, Guid? DefaultChannel, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <param name="DefaultChannel">A channel of the workspace this signature is the default of (it takes the place of the
/// channel's previous default); null for none.</param>
public sealed record SignatureRequest(string? Name, string? Text, Guid? DefaultChannel = null);

/// <summary>The workspace's signatures. Every change is audited in its transaction.</summary>
public sealed class Signatures(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock)
{
    public const int NameMaxLength = 200;
    public const int TextMaxLength = 2000;

    private const string Columns = "id, name, text, default_channel_id, created_at, updated_at";

    public async Task<IReadOnlyList<Signature>> ListAsync(WorkspaceContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from signatures where workspace_id = @workspaceId order by lower(name)",
            new { workspaceId = context.WorkspaceId }, cancellationToken: cancellationToken))).Select(r => r.ToSignature()).ToList();
    }

    public async Task<Signature?> FindAsync(WorkspaceContext context, Guid signatureId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from signatures where workspace_id = @workspaceId and id = @signatureId",
            new { workspaceId = context.WorkspaceId, signatureId }, cancellationToken: cancellationToken)))?.ToSignature();
    }

    public async Task<Signature> CreateAsync(WorkspaceContext context, SignatureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fields = Read(request);
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CheckAsync(connection, transaction, context, fields, null, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into signatures (id, workspace_id, name, text, default_channel_id, created_by, created_at, updated_at)
            values (@id, @workspaceId, @Name, @Text, @DefaultChannel, @userId, @now, @now)
            """, new { id, workspaceId = context.WorkspaceId, fields.Name, fields.Text, fields.DefaultChannel, userId = context.Actor.UserId, now = clock.GetUtcNow() },
            transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "signature.created", "signature", id.ToString(),
            new { fields.Name, defaultChannel = fields.DefaultChannel }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(context, id, cancellationToken))!;
    }

    /// <summary>Null when the workspace has no such signature (looked up before the request is read).</summary>
    public async Task<Signature?> UpdateAsync(WorkspaceContext context, Guid signatureId, SignatureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await FindAsync(context, signatureId, cancellationToken) is null) return null;
        var fields = Read(request);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CheckAsync(connection, transaction, context, fields, signatureId, cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            update signatures set name = @Name, text = @Text, default_channel_id = @DefaultChannel, updated_at = @now
            where id = @signatureId and workspace_id = @workspaceId
            """, new { signatureId, workspaceId = context.WorkspaceId, fields.Name, fields.Text, fields.DefaultChannel, now = clock.GetUtcNow() }, transaction,
            cancellationToken: cancellationToken));
        if (changed == 0) return null;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "signature.updated", "signature", signatureId.ToString(),
            new { fields.Name, defaultChannel = fields.DefaultChannel }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, signatureId, cancellationToken);
    }

    public async Task<bool> DeleteAsync(WorkspaceContext context, Guid signatureId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var name = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "delete from signatures where id = @signatureId and workspace_id = @workspaceId returning name", new { signatureId, workspaceId = context.WorkspaceId },
            transaction, cancellationToken: cancellationToken));
        if (name is null) return false;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "signature.deleted", "signature", signatureId.ToString(),
            new { name }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The name is free, the channel is the workspace's, and its previous default gives way.</summary>
    private static async Task CheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkspaceContext context, Fields fields, Guid? self,
        CancellationToken cancellationToken)
    {
        await WorkspaceNames.RefuseTakenAsync(connection, transaction, WorkspaceNames.Signatures, context, fields.Name, self, cancellationToken);
        if (fields.DefaultChannel is not { } channel) return;
        var ours = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from channels where id = @channel and workspace_id = @workspaceId)", new { channel, workspaceId = context.WorkspaceId },
            transaction, cancellationToken: cancellationToken));
        if (!ours) throw new InputException("defaultChannel", $"{channel} is not a channel of this workspace.");
        await connection.ExecuteAsync(new CommandDefinition(
            "update signatures set default_channel_id = null where default_channel_id = @channel and workspace_id = @workspaceId and (@self::uuid is null or id <> @self)",
            new { channel, workspaceId = context.WorkspaceId, self }, transaction, cancellationToken: cancellationToken));
    }

    private static Fields Read(SignatureRequest? request)
    {
        if (request is null) throw new InputException("name", "This field is required.");
        var errors = new InputErrors();
        var name = errors.Check(() => Input.Required("name", request.Name, NameMaxLength));
        var text = string.IsNullOrWhiteSpace(request.Text) ? null : request.Text.Trim('\r', '\n');
        if (text is null) errors.Add("text", "This field is required.");
        else if (text.Length > TextMaxLength) errors.Add("text", $"At most {TextMaxLength} characters.");
        errors.ThrowIfAny();
        return new Fields(name!, text!, request.DefaultChannel is { } c && c != Guid.Empty ? c : null);
    }

    private sealed record Fields(string Name, string Text, Guid? DefaultChannel);

    /// <summary>Npgsql reads timestamptz as a UTC DateTime; Dapper maps positional records only with the exact types.</summary>
    private sealed record Row(Guid Id, string Name, string Text, Guid? DefaultChannelId, DateTime CreatedAt, DateTime UpdatedAt)
    {
        public Signature ToSignature() => new(Id, Name, Text, DefaultChannelId, WorkspaceNames.Utc(CreatedAt), WorkspaceNames.Utc(UpdatedAt));
    }
}
