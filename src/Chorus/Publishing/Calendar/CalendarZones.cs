using Chorus.Platform.Audit;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Calendar;

/// <summary>The workspace's time zone (set by those who manage publishing) and each person's display zone (their own
/// choice; the workspace's when they made none).</summary>
public sealed class CalendarZones(NpgsqlDataSource dataSource, AuditLog audit)
{
    /// <param name="Workspace">The workspace's zone (IANA id).</param>
    /// <param name="Person">The person's own choice, null when they follow the workspace's.</param>
    /// <param name="Display">The zone times are shown and entered in for this person.</param>
    public sealed record Zones(string Workspace, string? Person, string Display);

    public async Task<Zones> ZonesAsync(WorkspaceContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (workspace, person) = await connection.QuerySingleAsync<(string Workspace, string? Person)>(new CommandDefinition(
            "select w.time_zone as workspace, (select u.time_zone from users u where u.id = @userId) as person from workspaces w where w.id = @workspaceId",
            new { workspaceId = context.WorkspaceId, userId = context.Actor.UserId }, cancellationToken: cancellationToken));
        return new Zones(workspace, person, person ?? workspace);
    }

    /// <summary>The zone times are shown and entered in for the person acting.</summary>
    public async Task<TimeZoneInfo> DisplayZoneAsync(WorkspaceContext context, CancellationToken cancellationToken = default) =>
        TimeZoneInfo.FindSystemTimeZoneById((await ZonesAsync(context, cancellationToken)).Display);

    /// <summary>The zone of <paramref name="given"/> when a client names one, else the person's display zone.</summary>
    public async Task<TimeZoneInfo> ZoneAsync(WorkspaceContext context, string field, string? given, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(given) ? await DisplayZoneAsync(context, cancellationToken) : ZonedTime.Zone(field, given);

    public async Task<Zones> SetWorkspaceZoneAsync(WorkspaceContext context, string? timeZone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var zone = ZonedTime.Zone("timeZone", timeZone);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "select time_zone from workspaces where id = @workspaceId for update", new { workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (before != zone.Id)
        {
            await connection.ExecuteAsync(new CommandDefinition("update workspaces set time_zone = @zone where id = @workspaceId",
                new { zone = zone.Id, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
            await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "workspace.time_zone_changed", "workspace",
                context.WorkspaceId.ToString(), new { from = before, to = zone.Id }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return await ZonesAsync(context, cancellationToken);
    }

    /// <summary>The person's own display zone; null or empty follows the workspace's.</summary>
    public async Task<Zones> SetPersonZoneAsync(WorkspaceContext context, string? timeZone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var zone = string.IsNullOrWhiteSpace(timeZone) ? null : ZonedTime.Zone("timeZone", timeZone).Id;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("update users set time_zone = @zone where id = @userId",
            new { zone, userId = context.Actor.UserId }, cancellationToken: cancellationToken));
        return await ZonesAsync(context, cancellationToken);
    }

    /// <summary>The IANA zones the system knows, for the forms' lists.</summary>
    public static IReadOnlyList<string> Known { get; } = TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id)
        .Append(ZonedTime.DefaultZone).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
