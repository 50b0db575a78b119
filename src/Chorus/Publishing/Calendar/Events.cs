using Chorus.Platform.Audit;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Calendar;

/// <summary>The kinds of events the calendar shows.</summary>
public static class EventKind
{
    public const string Launch = "launch";
    public const string Live = "live";
    public const string Contest = "contest";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [Launch, Live, Contest, Other];

    public static string Parse(string field, string? value) =>
        All.Contains(value?.Trim().ToLowerInvariant() ?? "", StringComparer.Ordinal) ? value!.Trim().ToLowerInvariant()
            : throw new InputException(field, $"'{value}' is not a kind of event; use one of {string.Join(", ", All)}.");
}

/// <summary>A launch, a live, a contest: something that happens, shown on the calendar beside the posts.</summary>
/// <param name="Post">A contest's post: its replies are the entries.</param>
public sealed record CalendarEvent(Guid Id, string Name, string Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Description, Guid? Campaign,
    Guid? Post, DateTimeOffset CreatedAt);

/// <param name="StartsAt">ISO-8601: with an offset, that instant; without one, a wall-clock time in <paramref name="TimeZone"/>.</param>
/// <param name="EndsAt">As <paramref name="StartsAt"/>; one hour after the start when absent.</param>
/// <param name="TimeZone">IANA zone of times written without an offset; the person's display zone when absent.</param>
/// <param name="Post">For a contest: the post whose replies are the entries.</param>
public sealed record EventRequest(string? Name, string? Kind, string? StartsAt, string? EndsAt = null, string? Description = null, Guid? Campaign = null,
    Guid? Post = null, string? TimeZone = null);

/// <summary>Events of a workspace; every change is audited in its transaction.</summary>
public sealed class Events(NpgsqlDataSource dataSource, AuditLog audit, CalendarZones zones, TimeProvider clock)
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 5000;

    private const string Columns = "e.id, e.name, e.kind, e.starts_at, e.ends_at, e.description, e.campaign_id, e.post_id, e.created_at";

    /// <summary>The workspace's events, soonest first; those overlapping [from, to) when given.</summary>
    public async Task<IReadOnlyList<CalendarEvent>> ListAsync(WorkspaceContext context, DateTimeOffset? from = null, DateTimeOffset? to = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<EventRow>(new CommandDefinition($"""
            select {Columns} from calendar_events e
            where e.workspace_id = @workspaceId and (@to::timestamptz is null or e.starts_at < @to) and (@from::timestamptz is null or e.ends_at >= @from)
            order by e.starts_at, e.id
            """, new { workspaceId = context.WorkspaceId, from, to }, cancellationToken: cancellationToken))).Select(r => r.ToEvent()).ToList();
    }

    public async Task<CalendarEvent?> FindAsync(WorkspaceContext context, Guid eventId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(
            $"select {Columns} from calendar_events e where e.workspace_id = @workspaceId and e.id = @eventId",
            new { workspaceId = context.WorkspaceId, eventId }, cancellationToken: cancellationToken)))?.ToEvent();
    }

    public async Task<CalendarEvent> CreateAsync(WorkspaceContext context, EventRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fields = await ReadAsync(context, request, cancellationToken);
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into calendar_events (id, workspace_id, name, kind, starts_at, ends_at, description, campaign_id, post_id, created_by, created_at)
            values (@id, @workspaceId, @Name, @Kind, @StartsAt, @EndsAt, @Description, @Campaign, @Post, @userId, @now)
            """, new { id, workspaceId = context.WorkspaceId, fields.Name, fields.Kind, fields.StartsAt, fields.EndsAt, fields.Description, fields.Campaign, fields.Post,
            userId = context.Actor.UserId, now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "event.created", "event", id.ToString(),
            new { fields.Name, fields.Kind, fields.StartsAt, fields.EndsAt }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(context, id, cancellationToken))!;
    }

    public async Task<CalendarEvent?> UpdateAsync(WorkspaceContext context, Guid eventId, EventRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await FindAsync(context, eventId, cancellationToken) is null) return null;
        var fields = await ReadAsync(context, request, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            update calendar_events set name = @Name, kind = @Kind, starts_at = @StartsAt, ends_at = @EndsAt, description = @Description,
                campaign_id = @Campaign, post_id = @Post
            where id = @eventId and workspace_id = @workspaceId
            """, new { eventId, workspaceId = context.WorkspaceId, fields.Name, fields.Kind, fields.StartsAt, fields.EndsAt, fields.Description, fields.Campaign,
            fields.Post }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "event.updated", "event", eventId.ToString(),
            new { fields.Name, fields.Kind, fields.StartsAt, fields.EndsAt }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, eventId, cancellationToken);
    }

    public async Task<bool> DeleteAsync(WorkspaceContext context, Guid eventId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var name = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "delete from calendar_events where id = @eventId and workspace_id = @workspaceId returning name", new { eventId, workspaceId = context.WorkspaceId },
            transaction, cancellationToken: cancellationToken));
        if (name is null) return false;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "event.deleted", "event", eventId.ToString(),
            new { name }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<Fields> ReadAsync(WorkspaceContext context, EventRequest? request, CancellationToken cancellationToken)
    {
        if (request is null) throw new InputException("name", "This field is required.");
        var errors = new InputErrors();
        var zone = errors.Check(() => string.IsNullOrWhiteSpace(request.TimeZone) ? null : ZonedTime.Zone("timeZone", request.TimeZone));
        if (errors.Any) errors.ThrowIfAny();
        zone ??= await zones.DisplayZoneAsync(context, cancellationToken);
        var name = errors.Check(() => Input.Required("name", request.Name, NameMaxLength));
        var kind = errors.Check(() => EventKind.Parse("kind", request.Kind));
        var startsAt = errors.Check(() => ZonedTime.Parse("startsAt", request.StartsAt, zone));
        var endsAt = string.IsNullOrWhiteSpace(request.EndsAt) ? startsAt.AddHours(1) : errors.Check(() => ZonedTime.Parse("endsAt", request.EndsAt, zone));
        if (!errors.Has("startsAt") && !errors.Has("endsAt") && endsAt < startsAt) errors.Add("endsAt", "An event ends after it starts.");
        var description = request.Description?.Trim() is { Length: > 0 } d ? d : null;
        if (description is { Length: > DescriptionMaxLength }) errors.Add("description", $"At most {DescriptionMaxLength} characters.");
        if (request.Post is not null && kind is not EventKind.Contest) errors.Add("post", "Only a contest is tied to a post (its replies are the entries).");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (request.Campaign is { } campaign && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select 1 from campaigns where id = @campaign and workspace_id = @workspaceId)", new { campaign, workspaceId = context.WorkspaceId },
                cancellationToken: cancellationToken)))
            errors.Add("campaign", $"{campaign} is not a campaign of this workspace.");
        if (request.Post is { } post && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select 1 from posts where id = @post and workspace_id = @workspaceId)", new { post, workspaceId = context.WorkspaceId },
                cancellationToken: cancellationToken)))
            errors.Add("post", $"{post} is not a post of this workspace.");
        errors.ThrowIfAny();
        return new Fields(name!, kind!, startsAt, endsAt, description, request.Campaign, request.Post);
    }

    private sealed record Fields(string Name, string Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Description, Guid? Campaign, Guid? Post);

    private sealed record EventRow(Guid Id, string Name, string Kind, DateTime StartsAt, DateTime EndsAt, string? Description, Guid? CampaignId, Guid? PostId,
        DateTime CreatedAt)
    {
        public CalendarEvent ToEvent() => new(Id, Name, Kind, Utc(StartsAt), Utc(EndsAt), Description, CampaignId, PostId, Utc(CreatedAt));

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}
