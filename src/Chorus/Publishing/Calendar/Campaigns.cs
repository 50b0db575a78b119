using System.Text.RegularExpressions;
using Chorus.Platform.Audit;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Calendar;

/// <summary>A campaign: a name, a colour on the calendar, dates, a goal, and the posts tagged with it.</summary>
public sealed record Campaign(Guid Id, string Name, string Colour, DateOnly StartsOn, DateOnly EndsOn, string? Goal, int Posts, DateTimeOffset CreatedAt);

/// <param name="Colour">#rrggbb.</param>
/// <param name="StartsOn">yyyy-MM-dd.</param>
/// <param name="EndsOn">yyyy-MM-dd, the last day of the campaign.</param>
public sealed record CampaignRequest(string? Name, string? Colour, string? StartsOn, string? EndsOn, string? Goal = null);

/// <param name="Campaign">The campaign's id; null removes the post from its campaign.</param>
public sealed record TagRequest(Guid? Campaign);

/// <summary>Campaigns of a workspace, and which campaign a post belongs to (one at most). Every change is audited in
/// its transaction.</summary>
public sealed partial class Campaigns(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock)
{
    public const int NameMaxLength = 200;
    public const int GoalMaxLength = 2000;

    private const string Columns = """
        c.id, c.name, c.colour, c.starts_on, c.ends_on, c.goal, (select count(*)::int from campaign_posts p where p.campaign_id = c.id) as posts, c.created_at
        """;

    public async Task<IReadOnlyList<Campaign>> ListAsync(WorkspaceContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<CampaignRow>(new CommandDefinition(
            $"select {Columns} from campaigns c where c.workspace_id = @workspaceId order by c.starts_on desc, lower(c.name)",
            new { workspaceId = context.WorkspaceId }, cancellationToken: cancellationToken))).Select(r => r.ToCampaign()).ToList();
    }

    public async Task<Campaign?> FindAsync(WorkspaceContext context, Guid campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<CampaignRow>(new CommandDefinition(
            $"select {Columns} from campaigns c where c.workspace_id = @workspaceId and c.id = @campaignId",
            new { workspaceId = context.WorkspaceId, campaignId }, cancellationToken: cancellationToken)))?.ToCampaign();
    }

    /// <summary>The ids of the posts tagged with the campaign, newest first.</summary>
    public async Task<IReadOnlyList<Guid>> PostsAsync(WorkspaceContext context, Guid campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(new CommandDefinition("""
            select p.post_id from campaign_posts p join campaigns c on c.id = p.campaign_id
            where c.workspace_id = @workspaceId and c.id = @campaignId order by p.post_id desc
            """, new { workspaceId = context.WorkspaceId, campaignId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<Campaign> CreateAsync(WorkspaceContext context, CampaignRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fields = Read(request);
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RefuseTakenNameAsync(connection, transaction, context, fields.Name, null, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into campaigns (id, workspace_id, name, colour, starts_on, ends_on, goal, created_by, created_at)
            values (@id, @workspaceId, @Name, @Colour, @startsOn, @endsOn, @Goal, @userId, @now)
            """, new { id, workspaceId = context.WorkspaceId, fields.Name, fields.Colour, startsOn = Day(fields.StartsOn), endsOn = Day(fields.EndsOn), fields.Goal, userId = context.Actor.UserId,
            now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "campaign.created", "campaign", id.ToString(),
            new { fields.Name, startsOn = fields.StartsOn, endsOn = fields.EndsOn }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(context, id, cancellationToken))!;
    }

    public async Task<Campaign?> UpdateAsync(WorkspaceContext context, Guid campaignId, CampaignRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await FindAsync(context, campaignId, cancellationToken) is null) return null;
        var fields = Read(request);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RefuseTakenNameAsync(connection, transaction, context, fields.Name, campaignId, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            update campaigns set name = @Name, colour = @Colour, starts_on = @startsOn, ends_on = @endsOn, goal = @Goal
            where id = @campaignId and workspace_id = @workspaceId
            """, new { campaignId, workspaceId = context.WorkspaceId, fields.Name, fields.Colour, startsOn = Day(fields.StartsOn), endsOn = Day(fields.EndsOn), fields.Goal }, transaction,
            cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "campaign.updated", "campaign", campaignId.ToString(),
            new { fields.Name, startsOn = fields.StartsOn, endsOn = fields.EndsOn }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(context, campaignId, cancellationToken);
    }

    /// <summary>Deletes the campaign; its posts stay, untagged.</summary>
    public async Task<bool> DeleteAsync(WorkspaceContext context, Guid campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var name = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "delete from campaigns where id = @campaignId and workspace_id = @workspaceId returning name", new { campaignId, workspaceId = context.WorkspaceId },
            transaction, cancellationToken: cancellationToken));
        if (name is null) return false;
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "campaign.deleted", "campaign", campaignId.ToString(),
            new { name }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Tags a post of the workspace with a campaign of the workspace (or removes its tag); false when the post is
    /// not the workspace's.</summary>
    public async Task<bool> TagAsync(WorkspaceContext context, Guid postId, Guid? campaignId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var isOurs = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from posts where id = @postId and workspace_id = @workspaceId)", new { postId, workspaceId = context.WorkspaceId }, transaction,
            cancellationToken: cancellationToken));
        if (!isOurs) return false;
        if (campaignId is { } id)
        {
            var campaignIsOurs = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select 1 from campaigns where id = @id and workspace_id = @workspaceId)", new { id, workspaceId = context.WorkspaceId }, transaction,
                cancellationToken: cancellationToken));
            if (!campaignIsOurs) throw new InputException("campaign", $"{id} is not a campaign of this workspace.");
        }
        await TagCheckedAsync(connection, transaction, context, postId, campaignId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Tags the post in the caller's transaction, the post and the campaign known to be the workspace's (the
    /// CSV import tags the posts it writes this way).</summary>
    internal async Task TagCheckedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkspaceContext context, Guid postId, Guid? campaignId,
        CancellationToken cancellationToken)
    {
        if (campaignId is { } id)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into campaign_posts (post_id, campaign_id) values (@postId, @id) on conflict (post_id) do update set campaign_id = excluded.campaign_id
                """, new { postId, id }, transaction, cancellationToken: cancellationToken));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition("delete from campaign_posts where post_id = @postId", new { postId }, transaction,
                cancellationToken: cancellationToken));
        }
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.campaign_set", "post", postId.ToString(),
            new { campaign = campaignId }, cancellationToken);
    }

    private static async Task RefuseTakenNameAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkspaceContext context, string name, Guid? self,
        CancellationToken cancellationToken)
    {
        var taken = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from campaigns where workspace_id = @workspaceId and lower(name) = lower(@name) and (@self::uuid is null or id <> @self))",
            new { workspaceId = context.WorkspaceId, name, self }, transaction, cancellationToken: cancellationToken));
        if (taken) throw new InputException("name", $"This workspace already has a campaign named '{name}'.");
    }

    private static Fields Read(CampaignRequest? request)
    {
        if (request is null) throw new InputException("name", "This field is required.");
        var errors = new InputErrors();
        var name = errors.Check(() => Input.Required("name", request.Name, NameMaxLength));
        var colour = errors.Check(() => request.Colour?.Trim().ToLowerInvariant() is { } c && Hex().IsMatch(c)
            ? c : throw new InputException("colour", "A colour is written #rrggbb, such as #1d4ed8."));
        var startsOn = errors.Check(() => ZonedTime.ParseDate("startsOn", request.StartsOn));
        var endsOn = errors.Check(() => ZonedTime.ParseDate("endsOn", request.EndsOn));
        var goal = request.Goal?.Trim() is { Length: > 0 } g ? g : null;
        if (goal is { Length: > GoalMaxLength }) errors.Add("goal", $"At most {GoalMaxLength} characters.");
        if (!errors.Has("startsOn") && !errors.Has("endsOn") && endsOn < startsOn) errors.Add("endsOn", "A campaign ends on or after the day it starts.");
        errors.ThrowIfAny();
        return new Fields(name!, colour!, startsOn, endsOn, goal);
    }

    /// <summary>A date as Npgsql writes it to a date column.</summary>
    private static DateTime Day(DateOnly date) => date.ToDateTime(TimeOnly.MinValue);

    [GeneratedRegex("^#[0-9a-f]{6}$")]
    private static partial Regex Hex();

    private sealed record Fields(string Name, string Colour, DateOnly StartsOn, DateOnly EndsOn, string? Goal);

    /// <summary>Npgsql reads timestamptz as a UTC DateTime; Dapper maps positional records only with the exact types.</summary>
    private sealed record CampaignRow(Guid Id, string Name, string Colour, DateOnly StartsOn, DateOnly EndsOn, string? Goal, int Posts, DateTime CreatedAt)
    {
        public Campaign ToCampaign() => new(Id, Name, Colour, StartsOn, EndsOn, Goal, Posts,
            new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)));
    }
}
