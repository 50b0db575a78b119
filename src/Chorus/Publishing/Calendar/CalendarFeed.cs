using System.Globalization;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Calendar;

/// <summary>What the calendar shows between two instants, filtered.</summary>
/// <param name="Channel">Posts with a variant on this channel.</param>
/// <param name="Campaign">Posts tagged with this campaign (and the campaign itself, and its events).</param>
/// <param name="Status">Posts with a variant in this status.</param>
/// <param name="Author">Posts written by this person.</param>
public sealed record CalendarFilter(Guid? Channel = null, Guid? Campaign = null, string? Status = null, Guid? Author = null)
{
    /// <summary>Events and campaigns are not posts: a filter on channel, status or author shows posts only.</summary>
    public bool PostsOnly => Channel is not null || Status is not null || Author is not null;
}

/// <summary>The calendar between two instants, in a time zone.</summary>
/// <param name="TimeZone">The zone every time of <paramref name="Items"/> is written in (with its offset).</param>
public sealed record CalendarView(string TimeZone, IReadOnlyList<CalendarItem> Items);

/// <summary>One thing on the calendar: a post (at the time its variants are due or were published), an event, or a
/// campaign (whole days).</summary>
/// <param name="Type">post, event or campaign.</param>
/// <param name="Status">A post's status (its variants', the one that needs attention first); an event's kind.</param>
/// <param name="Colour">Its campaign's colour, else its status's or kind's (#rrggbb); <paramref name="TextColour"/> reads on it.</param>
/// <param name="Movable">The person may move it (an approved or scheduled post, with the right to write posts).</param>
/// <param name="End">Exclusive.</param>
public sealed record CalendarItem(string Id, string Type, string Title, DateTimeOffset Start, DateTimeOffset? End, bool AllDay, string? Status, string Colour,
    string TextColour, bool Movable, Guid? Post, Guid? Campaign, Guid? Author, IReadOnlyList<CalendarChannel> Channels);

public sealed record CalendarChannel(Guid? Id, string Name, string Network, string Status);

/// <summary>Reads the calendar: posts, events and campaigns overlapping a range, in the person's zone.</summary>
public sealed class CalendarFeed(NpgsqlDataSource dataSource, Events events, Campaigns campaigns)
{
    /// <summary>At most this long a range per read (a year and a bit: a list view of a year).</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(400);

    /// <summary>Colours by status and kind, each readable with white text (contrast 4.5:1 or more), cancelled with black.</summary>
    private static readonly Dictionary<string, string> Colours = new(StringComparer.Ordinal)
    {
        [VariantStatus.Draft] = "#4b5563",
        [VariantStatus.InReview] = "#b45309",
        [VariantStatus.Approved] = "#0f766e",
        [VariantStatus.Scheduled] = "#1d4ed8",
        [VariantStatus.Publishing] = "#6d28d9",
        [VariantStatus.Published] = "#15803d",
        [VariantStatus.Failed] = "#b91c1c",
        [VariantStatus.Cancelled] = "#d1d5db",
        [EventKind.Launch] = "#9d174d",
        [EventKind.Live] = "#c2410c",
        [EventKind.Contest] = "#854d0e",
        [EventKind.Other] = "#374151",
    };

    public async Task<CalendarView> ReadAsync(WorkspaceContext context, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CalendarFilter filter,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(filter);
        if (to <= from) throw new InputException("end", "The end comes after the start.");
        if (to - from > MaxRange) throw new InputException("end", $"At most {MaxRange.TotalDays:0} days at a time.");
        var status = filter.Status is null ? null : VariantStatus.Parse("status", filter.Status);
        var items = new List<CalendarItem>();
        var canMove = context.Can(Permission.WritePosts);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var variants = (await connection.QueryAsync<VariantRow>(new CommandDefinition("""
            select p.id as post_id, p.author_id, cp.campaign_id, c.colour as campaign_colour, v.id, v.channel_id, ch.name as channel_name, v.network, v.status,
                   v.text, coalesce(v.published_at, v.scheduled_at) as at_utc
            from posts p
            join post_variants v on v.post_id = p.id
            left join channels ch on ch.id = v.channel_id
            left join campaign_posts cp on cp.post_id = p.id
            left join campaigns c on c.id = cp.campaign_id
            where p.workspace_id = @workspaceId
              and (@author::uuid is null or p.author_id = @author)
              and (@campaign::uuid is null or cp.campaign_id = @campaign)
              and exists (select 1 from post_variants f where f.post_id = p.id
                  and coalesce(f.published_at, f.scheduled_at) >= @from and coalesce(f.published_at, f.scheduled_at) < @to
                  and (@status::text is null or f.status = @status) and (@channel::uuid is null or f.channel_id = @channel))
            order by p.id, v.id
            """, new { workspaceId = context.WorkspaceId, author = filter.Author, campaign = filter.Campaign, status, channel = filter.Channel, from, to },
            cancellationToken: cancellationToken))).ToList();
        foreach (var post in variants.GroupBy(v => v.PostId))
        {
            var rows = post.ToList();
            var postStatus = VariantStatus.OfPost(rows.Select(r => r.Status));
            var at = rows.Where(r => r.AtUtc is not null).Min(r => r.AtUtc!.Value);
            var colour = rows[0].CampaignColour ?? Colours[postStatus];
            var movable = canMove && rows.Any(r => r.Status is VariantStatus.Approved or VariantStatus.Scheduled);
            items.Add(new CalendarItem($"post-{post.Key}", "post", Excerpt(rows[0].Text), ZonedTime.InZone(Utc(at), zone), null, false, postStatus, colour,
                TextOn(colour), movable, post.Key, rows[0].CampaignId, rows[0].AuthorId,
                rows.Select(r => new CalendarChannel(r.ChannelId, r.ChannelName ?? r.Network, r.Network, r.Status)).ToList()));
        }
        if (!filter.PostsOnly)
        {
            foreach (var e in await events.ListAsync(context, from, to, cancellationToken))
            {
                if (filter.Campaign is { } wanted && e.Campaign != wanted) continue;
                var colour = Colours[e.Kind];
                items.Add(new CalendarItem($"event-{e.Id}", "event", e.Name, ZonedTime.InZone(e.StartsAt, zone), ZonedTime.InZone(e.EndsAt, zone), false, e.Kind,
                    colour, TextOn(colour), false, e.Post, e.Campaign, null, []));
            }
            var firstDay = DateOnly.FromDateTime(ZonedTime.InZone(from, zone).DateTime);
            var lastDay = DateOnly.FromDateTime(ZonedTime.InZone(to, zone).DateTime);
            foreach (var c in await campaigns.ListAsync(context, cancellationToken))
            {
                if (c.EndsOn < firstDay || c.StartsOn > lastDay || filter.Campaign is { } wanted && c.Id != wanted) continue;
                items.Add(new CalendarItem($"campaign-{c.Id}", "campaign", c.Name, StartOfDay(c.StartsOn, zone), StartOfDay(c.EndsOn.AddDays(1), zone), true, null,
                    c.Colour, TextOn(c.Colour), false, null, c.Id, null, []));
            }
        }
        return new CalendarView(zone.Id, items.OrderBy(i => i.Start).ThenBy(i => i.Id, StringComparer.Ordinal).ToList());
    }

    /// <summary>Black or white, whichever reads better on the colour (WCAG relative luminance).</summary>
    public static string TextOn(string colour)
    {
        static double Channel(string hex)
        {
            var c = int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        var luminance = 0.2126 * Channel(colour[1..3]) + 0.7152 * Channel(colour[3..5]) + 0.0722 * Channel(colour[5..7]);
        return (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) ? "#ffffff" : "#000000";
    }

    /// <summary>Midnight of the day in the zone (the first instant of the day where midnight is skipped).</summary>
    private static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(midnight)) midnight = midnight.AddMinutes(30);
        return ZonedTime.InZone(ZonedTime.ToInstant("day", midnight, zone), zone);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static string Excerpt(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 80 ? line : string.Concat(line.AsSpan(0, 79), "…");
    }

    private sealed record VariantRow(Guid PostId, Guid? AuthorId, Guid? CampaignId, string? CampaignColour, Guid Id, Guid? ChannelId, string? ChannelName,
        string Network, string Status, string Text, DateTime? AtUtc);
}
