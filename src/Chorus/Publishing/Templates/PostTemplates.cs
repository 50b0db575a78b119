using Chorus.Platform.Audit;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Templates;

/// <summary>A text to start a variant from: its body and, for networks with titles, a title.</summary>
public sealed record PostTemplate(Guid Id, string Name, string? Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <param name="Title">Optional; used by networks whose posts have a title (WordPress).</param>
public sealed record TemplateRequest(string? Name, string? Body, string? Title = null);

/// <summary>The workspace's templates. Every change is audited in its transaction.</summary>
public sealed class PostTemplates(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock)
{
    public const int NameMaxLength = 200;
    public const int TitleMaxLength = 1000;
    public const int BodyMaxLength = 10_000;

    private const string Columns = "id, name, title, body, created_at, updated_at";

    public async Task<IReadOnlyList<PostTemplate>> ListAsync(WorkspaceContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from post_templates where workspace_id = @workspaceId order by lower(name)",
            new { workspaceId = context.WorkspaceId }, cancellationToken: cancellationToken))).Select(r => r.ToTemplate()).ToList();
    }

    public async Task<PostTemplate?> FindAsync(WorkspaceContext context, Guid templateId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from post_templates where workspace_id = @workspaceId and id = @templateId",
            new { workspaceId = context.WorkspaceId, templateId }, cancellationToken: cancellationToken)))?.ToTemplate();
    }

    public async Task<PostTemplate> CreateAsync(WorkspaceContext context, TemplateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fields = Read(request);
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WorkspaceNames.RefuseTakenAsync(connection, transaction, WorkspaceNames.Templates, context, fields.Name, null, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into post_templates (id, workspace_id, name, title, body, created_by, created_at, updated_at)
            values (@id, @workspaceId, @Name, @Title, @Body, @userId, @now, @now)
            """, new { id, workspaceId = context.WorkspaceId, fields.Name, fields.Title, fields.Body, userId = context.Actor.UserId, now = clock.GetUtcNow() },
            transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "template.created", "template", id.ToString(),
            new { fields.Name }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(context, id, cancellationToken))!;
    }

    /// <summary>Null when the workspace has no such template (looked up before the request is read).</summary>
    public async Task<PostTemplate?> UpdateAsync(WorkspaceContext context, Guid templateId, TemplateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await FindAsync(context, templateId, cancellationToken) is null) return null;
        var fields = Read(request);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WorkspaceNames.RefuseTakenAsync(connection, transaction, WorkspaceNames.Templates, context, fields.Name, templateId, cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            update post_templates set name = @Name, title = @Title, body = @Body, updated_at = @now where id = @templateId and workspace_id = @workspaceId
            """, new { templateId, workspaceId = context.WorkspaceId, fields.Name, fields.Title, fields.Body, now = clock.GetUtcNow() }, transaction,
            cancellationToken: cancellationToken));
        if (changed == 0) return null;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "template.updated", "template", templateId.ToString(),
            new { fields.Name }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, templateId, cancellationToken);
    }

    public async Task<bool> DeleteAsync(WorkspaceContext context, Guid templateId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var name = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "delete from post_templates where id = @templateId and workspace_id = @workspaceId returning name", new { templateId, workspaceId = context.WorkspaceId },
            transaction, cancellationToken: cancellationToken));
        if (name is null) return false;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "template.deleted", "template", templateId.ToString(),
            new { name }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static Fields Read(TemplateRequest? request)
    {
        if (request is null) throw new InputException("name", "This field is required.");
        var errors = new InputErrors();
        var name = errors.Check(() => Input.Required("name", request.Name, NameMaxLength));
        var title = request.Title?.Trim() is { Length: > 0 } t ? t : null;
        if (title is { Length: > TitleMaxLength }) errors.Add("title", $"At most {TitleMaxLength} characters.");
        // The body keeps its line breaks and inner spaces: it is pasted into a variant as written.
        var body = string.IsNullOrWhiteSpace(request.Body) ? null : request.Body.Trim('\r', '\n');
        if (body is null) errors.Add("body", "This field is required.");
        else if (body.Length > BodyMaxLength) errors.Add("body", $"At most {BodyMaxLength} characters.");
        errors.ThrowIfAny();
        return new Fields(name!, title, body!);
    }

    private sealed record Fields(string Name, string? Title, string Body);

    /// <summary>Npgsql reads timestamptz as a UTC DateTime; Dapper maps positional records only with the exact types.</summary>
    private sealed record Row(Guid Id, string Name, string? Title, string Body, DateTime CreatedAt, DateTime UpdatedAt)
    {
        public PostTemplate ToTemplate() => new(Id, Name, Title, Body, WorkspaceNames.Utc(CreatedAt), WorkspaceNames.Utc(UpdatedAt));
    }
}
