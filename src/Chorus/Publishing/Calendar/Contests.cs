using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chorus.Channels;
using Chorus.Connectors.Abstractions;
using Chorus.Platform.Audit;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Calendar;

/// <summary>A reply to a contest's post, as collected from its network.</summary>
public sealed record ContestEntry(string Network, string ReplyId, string AuthorId, string Handle, string? AuthorName, string Text, string? Url,
    DateTimeOffset RepliedAt);

/// <summary>An entry as a draw saw it: whether it could win, why not, and its ticket (the hash its rank comes from).</summary>
/// <param name="Excluded">brand (the workspace's own account), no_hashtag, or duplicate (the person already has an entry); null when eligible.</param>
public sealed record DrawnEntry(string Network, string ReplyId, string AuthorId, string Handle, string? Url, DateTimeOffset RepliedAt, string? Excluded,
    string? Ticket);

/// <param name="Reproduced">Drawing again from the stored seed and entrant list gives the same winners.</param>
public sealed record ContestDraw(Guid Id, Guid Event, string Seed, int WinnersWanted, string? Hashtag, IReadOnlyList<DrawnEntry> Entrants,
    IReadOnlyList<DrawnEntry> Winners, DateTimeOffset DrawnAt, bool Reproduced);

/// <param name="Winners">How many winners to draw (1 to 1000).</param>
/// <param name="Hashtag">An entry must use it (#concours); none when absent.</param>
public sealed record DrawRequest(int? Winners, string? Hashtag = null);

/// <summary>
/// Contests: the replies to a contest's published post are collected from its networks and stored; a draw picks
/// winners among those that meet the conditions (the hashtag when one is set, not the workspace's own accounts, one
/// entry each: a person's first reply). Each eligible entry's ticket is SHA-256(seed ‖ network:author id); the winners
/// are the lowest tickets. The seed and the entrant list are stored with the draw, so anyone can draw again and get
/// the same winners.
/// </summary>
public sealed partial class Contests(NpgsqlDataSource dataSource, ChannelConnectors connectors, AuditLog audit, TimeProvider clock)
{
    public const int MaxWinners = 1000;

    /// <summary>Pages of a channel's conversation read per collection (the latest replies come first).</summary>
    public const int MaxPages = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the replies to the contest's published post from each of its channels and stores the new ones;
    /// returns how many entries the contest has. Null when the workspace has no such event.</summary>
    public async Task<int?> CollectAsync(WorkspaceContext context, Guid eventId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var published = await PublishedVariantsAsync(context, eventId, cancellationToken);
        if (published is null) return null;
        var found = new List<ContestEntry>();
        foreach (var (channelId, network, remoteId) in published)
        {
            if (await connectors.OpenAsync(channelId, cancellationToken) is not IConversationSource source)
                throw new ConflictException($"The {network} channel of this post does not read replies.");
            string? cursor = null;
            for (var page = 0; page < MaxPages; page++)
            {
                var read = await source.ReadAsync(new ConversationQuery(cursor, 100), cancellationToken);
                if (!read.Succeeded) throw new ConflictException($"{network} did not give the replies: {read.Reason}");
                var items = read.Value!;
                found.AddRange(items.Items.Where(i => i.Kind is ConversationKind.Reply or ConversationKind.Comment && i.InReplyTo == remoteId)
                    .Select(i => new ContestEntry(network, i.RemoteId, i.Author.RemoteId ?? i.Author.Handle, i.Author.Handle, i.Author.DisplayName, i.Text,
                        i.Url?.AbsoluteUri, i.CreatedAt)));
                if (!items.HasMore || items.Cursor is null || items.Cursor == cursor) break;
                cursor = items.Cursor;
            }
        }
        return await StoreAsync(context, eventId, found, cancellationToken);
    }

    /// <summary>Keeps entries (those already stored are left as they were); returns how many the contest has.</summary>
    public async Task<int?> StoreAsync(WorkspaceContext context, Guid eventId, IReadOnlyCollection<ContestEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entries);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await ContestOfAsync(connection, transaction, context, eventId, cancellationToken) is null) return null;
        var now = clock.GetUtcNow();
        var added = 0;
        foreach (var entry in entries)
        {
            added += await connection.ExecuteAsync(new CommandDefinition("""
                insert into contest_entrants (event_id, network, reply_id, author_id, author_handle, author_name, text, url, replied_at, collected_at)
                values (@eventId, @Network, @ReplyId, @AuthorId, @Handle, @AuthorName, @Text, @Url, @RepliedAt, @now)
                on conflict do nothing
                """, new { eventId, entry.Network, entry.ReplyId, entry.AuthorId, entry.Handle, entry.AuthorName, entry.Text, entry.Url,
                RepliedAt = entry.RepliedAt.ToUniversalTime(), now }, transaction, cancellationToken: cancellationToken));
        }
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition("select count(*)::int from contest_entrants where event_id = @eventId",
            new { eventId }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "contest.entries_collected", "event",
            eventId.ToString(), new { added, total }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return total;
    }

    public async Task<IReadOnlyList<ContestEntry>?> EntriesAsync(WorkspaceContext context, Guid eventId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await ContestOfAsync(connection, null, context, eventId, cancellationToken) is null) return null;
        return await EntriesAsync(connection, null, eventId, cancellationToken);
    }

    /// <summary>Draws winners among the stored entries and stores the draw (seed, conditions, entrant list, winners).</summary>
    public async Task<ContestDraw?> DrawAsync(WorkspaceContext context, Guid eventId, DrawRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A contest this workspace does not have is not found, whatever the request says.
        if (await ContestOfAsync(connection, transaction, context, eventId, cancellationToken) is null) return null;
        var errors = new InputErrors();
        if (request.Winners is not (>= 1 and <= MaxWinners)) errors.Add("winners", $"Draw between 1 and {MaxWinners} winners.");
        var hashtag = errors.Check(() => Hashtag(request.Hashtag));
        errors.ThrowIfAny();
        var entries = await EntriesAsync(connection, transaction, eventId, cancellationToken);
        if (entries.Count == 0) throw new ConflictException("This contest has no entry yet: collect the replies to its post first.");
        var brand = (await connection.QueryAsync<string>(new CommandDefinition("select account from channels where workspace_id = @workspaceId",
            new { workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken))).ToList();
        var seed = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var drawn = Draw(seed, Eligibility(entries, hashtag, brand), request.Winners!.Value);
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into contest_draws (id, event_id, seed, winners_wanted, hashtag, entrants, winners, drawn_by, drawn_at)
            values (@id, @eventId, @seed, @wanted, @hashtag, @entrants::jsonb, @winners::jsonb, @userId, @now)
            """, new { id, eventId, seed, wanted = request.Winners.Value, hashtag, entrants = JsonSerializer.Serialize(drawn.Entrants, Json),
            winners = JsonSerializer.Serialize(drawn.Winners, Json), userId = context.Actor.UserId, now = clock.GetUtcNow() }, transaction,
            cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "contest.drawn", "event", eventId.ToString(),
            new { draw = id, seed, entrants = drawn.Entrants.Count, eligible = drawn.Entrants.Count(e => e.Excluded is null),
                winners = drawn.Winners.Select(w => w.Handle) }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await DrawsAsync(context, eventId, cancellationToken))!.First(d => d.Id == id);
    }

    /// <summary>The contest's draws, latest first, each drawn again from its stored seed and list to show it holds.</summary>
    public async Task<IReadOnlyList<ContestDraw>?> DrawsAsync(WorkspaceContext context, Guid eventId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await ContestOfAsync(connection, null, context, eventId, cancellationToken) is null) return null;
        var rows = await connection.QueryAsync<(Guid Id, string Seed, int WinnersWanted, string? Hashtag, string Entrants, string Winners, DateTime DrawnAt)>(
            new CommandDefinition("""
            select id, seed, winners_wanted, hashtag, entrants::text, winners::text, drawn_at from contest_draws where event_id = @eventId order by drawn_at desc, id desc
            """, new { eventId }, cancellationToken: cancellationToken));
        return rows.Select(r =>
        {
            var entrants = JsonSerializer.Deserialize<List<DrawnEntry>>(r.Entrants, Json)!;
            var winners = JsonSerializer.Deserialize<List<DrawnEntry>>(r.Winners, Json)!;
            var again = Draw(r.Seed, entrants, r.WinnersWanted).Winners;
            return new ContestDraw(r.Id, eventId, r.Seed, r.WinnersWanted, r.Hashtag, entrants, winners,
                new DateTimeOffset(DateTime.SpecifyKind(r.DrawnAt, DateTimeKind.Utc)), again.Select(w => w.ReplyId).SequenceEqual(winners.Select(w => w.ReplyId)));
        }).ToList();
    }

    /// <summary>
    /// Which entries may win, in the order they were made (reply time, then the network's id): a workspace account is
    /// excluded, then one without the hashtag, then any later entry of a person who already has an eligible one.
    /// </summary>
    public static IReadOnlyList<DrawnEntry> Eligibility(IEnumerable<ContestEntry> entries, string? hashtag, IEnumerable<string> brandAccounts)
    {
        var brand = brandAccounts.Select(Normalised).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tag = hashtag is null ? null : new Regex($@"(?<![\p{{L}}\p{{N}}_#]){Regex.Escape(hashtag)}(?![\p{{L}}\p{{N}}_])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var entered = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<DrawnEntry>();
        foreach (var e in entries.OrderBy(e => e.RepliedAt).ThenBy(e => e.Network, StringComparer.Ordinal).ThenBy(e => e.ReplyId, StringComparer.Ordinal))
        {
            string? excluded = brand.Contains(Normalised(e.Handle)) || brand.Contains(Normalised(e.AuthorId)) ? "brand"
                : tag is not null && !tag.IsMatch(e.Text) ? "no_hashtag"
                : !entered.Add($"{e.Network}:{e.AuthorId}") ? "duplicate"
                : null;
            result.Add(new DrawnEntry(e.Network, e.ReplyId, e.AuthorId, e.Handle, e.Url, e.RepliedAt, excluded, null));
        }
        return result;
    }

    /// <summary>Gives each eligible entry its ticket, SHA-256 of the seed's bytes then "network:author id" in UTF-8
    /// (hex), and takes the <paramref name="winners"/> lowest tickets. Same seed and list, same winners.</summary>
    public static (IReadOnlyList<DrawnEntry> Entrants, IReadOnlyList<DrawnEntry> Winners) Draw(string seed, IReadOnlyList<DrawnEntry> entrants, int winners)
    {
        ArgumentNullException.ThrowIfNull(entrants);
        var seedBytes = Convert.FromHexString(seed);
        var ticketed = entrants.Select(e => e with
        {
            Ticket = e.Excluded is null
                ? Convert.ToHexStringLower(SHA256.HashData([.. seedBytes, .. Encoding.UTF8.GetBytes($"{e.Network}:{e.AuthorId}")]))
                : null,
        }).ToList();
        var picked = ticketed.Where(e => e.Ticket is not null).OrderBy(e => e.Ticket, StringComparer.Ordinal).Take(winners).ToList();
        return (ticketed, picked);
    }

    /// <summary>#word, as people type it (the # is added when missing).</summary>
    private static string? Hashtag(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (!text.StartsWith('#')) text = "#" + text;
        return text.Length <= 200 && HashtagShape().IsMatch(text) ? text
            : throw new InputException("hashtag", $"'{value}' is not a hashtag such as #concours (letters, digits and _ after the #).");
    }

    private static string Normalised(string account) => account.Trim().TrimStart('@');

    private async Task<List<(Guid ChannelId, string Network, string RemoteId)>?> PublishedVariantsAsync(WorkspaceContext context, Guid eventId,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var postId = await ContestOfAsync(connection, null, context, eventId, cancellationToken);
        if (postId is null) return null;
        if (postId == Guid.Empty) throw new ConflictException("This contest has no post: choose the published post whose replies are the entries.");
        var variants = (await connection.QueryAsync<(Guid ChannelId, string Network, string RemoteId)>(new CommandDefinition("""
            select channel_id, network, remote_id from post_variants where post_id = @postId and status = 'published' and channel_id is not null
            """, new { postId }, cancellationToken: cancellationToken))).ToList();
        if (variants.Count == 0) throw new ConflictException("The contest’s post is not published yet: its replies can be collected once it is.");
        return variants;
    }

    /// <summary>The contest's post (Guid.Empty when it has none); null when the workspace has no such contest.</summary>
    private static async Task<Guid?> ContestOfAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, WorkspaceContext context, Guid eventId,
        CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Kind, Guid? PostId)>(new CommandDefinition(
            "select id, kind, post_id from calendar_events where id = @eventId and workspace_id = @workspaceId",
            new { eventId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (row.Id == Guid.Empty) return null;
        if (row.Kind != EventKind.Contest) throw new ConflictException("This event is not a contest.");
        return row.PostId ?? Guid.Empty;
    }

    private static async Task<List<ContestEntry>> EntriesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid eventId,
        CancellationToken cancellationToken) =>
        (await connection.QueryAsync<(string Network, string ReplyId, string AuthorId, string AuthorHandle, string? AuthorName, string Text, string? Url, DateTime RepliedAt)>(
            new CommandDefinition("""
            select network, reply_id, author_id, author_handle, author_name, text, url, replied_at from contest_entrants
            where event_id = @eventId order by replied_at, network, reply_id
            """, new { eventId }, transaction, cancellationToken: cancellationToken)))
        .Select(r => new ContestEntry(r.Network, r.ReplyId, r.AuthorId, r.AuthorHandle, r.AuthorName, r.Text, r.Url,
            new DateTimeOffset(DateTime.SpecifyKind(r.RepliedAt, DateTimeKind.Utc)))).ToList();

    [GeneratedRegex(@"^#[\p{L}\p{N}_]+$")]
    private static partial Regex HashtagShape();
}
