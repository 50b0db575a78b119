using Chorus.Publishing.Calendar;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Csv;

/// <summary>Which variants an export writes.</summary>
/// <param name="From">Variants due at or after this time (those without a time are left out when it is given).</param>
/// <param name="To">Variants due before this time.</param>
/// <param name="Status">Variants in this status.</param>
public sealed record PostsCsvFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Status = null);

/// <summary>One variant as an export writes it: the columns of <see cref="PostsCsv.Columns"/>.</summary>
/// <param name="Post">The post's id: the variants of one post share it, so importing the file makes one post of them again.</param>
/// <param name="Channel">The channel's name, so the file imports into another workspace whose channels have the same names.</param>
/// <param name="At">ISO-8601 in the workspace's time zone, with its offset; null for a variant with no time.</param>
public sealed record PostsCsvRecord(Guid Post, string? Channel, string? At, string Text, string? Title, string? Link, string? ContentWarning, string? Language,
    string? Campaign)
{
    public IReadOnlyList<string?> Values => [Post.ToString(), Channel, At, Text, Title, Link, ContentWarning, Language, Campaign];
}

/// <summary>
/// Writes the workspace's posts as a posts file, one row per variant, in the columns the import reads: exporting then
/// importing into a workspace with channels of the same names gives the same posts (their thread parts, first comments
/// and images are not carried).
/// </summary>
public sealed class PostsCsvExport(NpgsqlDataSource dataSource, CalendarZones zones)
{
    public async Task<IReadOnlyList<PostsCsvRecord>> RecordsAsync(WorkspaceContext context, PostsCsvFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(filter);
        var status = filter.Status is null ? null : VariantStatus.Parse("status", filter.Status);
        if (filter is { From: { } from, To: { } to } && to <= from) throw new InputException("to", "This time is not after 'from'.");
        var zone = TimeZoneInfo.FindSystemTimeZoneById((await zones.ZonesAsync(context, cancellationToken)).Workspace);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ExportRow>(new CommandDefinition("""
            select v.post_id, c.name as channel, v.scheduled_at as scheduled_at_utc, v.text, v.title, v.link, v.content_warning, v.language, k.name as campaign
            from post_variants v
            join posts p on p.id = v.post_id
            left join channels c on c.id = v.channel_id
            left join campaign_posts cp on cp.post_id = p.id
            left join campaigns k on k.id = cp.campaign_id
            where p.workspace_id = @workspaceId
              and (@status::text is null or v.status = @status)
              and (@from::timestamptz is null or v.scheduled_at >= @from)
              and (@to::timestamptz is null or v.scheduled_at < @to)
            order by p.id, v.id
            """, new { workspaceId = context.WorkspaceId, status, from = filter.From?.ToUniversalTime(), to = filter.To?.ToUniversalTime() },
            cancellationToken: cancellationToken));
        return rows.Select(r => new PostsCsvRecord(r.PostId, r.Channel,
            r.ScheduledAtUtc is { } at ? OffsetTime.Format(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)), zone) : null,
            r.Text, r.Title, r.Link, r.ContentWarning, r.Language, r.Campaign)).ToList();
    }

    /// <summary>The file: a header, then one row per variant.</summary>
    public async Task<string> CsvAsync(WorkspaceContext context, PostsCsvFilter filter, CancellationToken cancellationToken = default) =>
        PostsCsv.Write((await RecordsAsync(context, filter, cancellationToken)).Select(r => r.Values));

    /// <summary>Npgsql reads timestamptz as a UTC DateTime; Dapper maps positional records only with the exact types.</summary>
    private sealed record ExportRow(Guid PostId, string? Channel, DateTime? ScheduledAtUtc, string Text, string? Title, string? Link, string? ContentWarning,
        string? Language, string? Campaign);
}
