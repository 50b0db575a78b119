using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Chorus.Platform.Audit;
using Chorus.Platform.Shell;
using Dapper;
using Npgsql;

namespace Chorus.Links;

/// <summary>A short link of the workspace: its code, the address it sends to, the link to share, its clicks so far.</summary>
public sealed record ShortLink(Guid Id, string Code, string Url, Uri ShortUrl, long Clicks, DateTimeOffset CreatedAt);

/// <summary>The clicks of one UTC day.</summary>
public sealed record DailyClicks(DateOnly Day, long Clicks);

/// <summary>A short link and its clicks day by day (days without a click are left out).</summary>
public sealed record ShortLinkStats(ShortLink Link, IReadOnlyList<DailyClicks> Days);

/// <param name="Url">An absolute http or https address, at most 2048 characters.</param>
public sealed record ShortenRequest(string? Url);

public sealed record ShortenTextRequest(string? Text);

/// <summary>The text with each address replaced by its short link, and those links.</summary>
public sealed record ShortenedText(string Text, IReadOnlyList<ShortLink> Links);

/// <summary>
/// The link shortener. Chorus never fetches the address (no request leaves for it, so nothing to forge a request
/// with); the redirect sends only to what a member stored. Codes are 10 characters drawn by a cryptographic generator
/// among 62 (about 8×10^17 codes), so one cannot be guessed from another; the redirect says nothing of the workspace.
/// </summary>
public sealed partial class ShortLinks(NpgsqlDataSource dataSource, AuditLog audit, PublicAddress address, TimeProvider clock)
{
    public const int UrlMaxLength = 2048;
    public const int CodeLength = 10;
    public const string RoutePrefix = "/l/";

    /// <summary>At most this many addresses are shortened in one text.</summary>
    public const int MaxLinksPerText = 50;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private const string Columns = """
        l.id, l.code, l.url, coalesce((select sum(c.clicks) from link_clicks c where c.link_id = l.id), 0)::bigint as clicks, l.created_at
        """;

    /// <summary>The address checked: absolute, http or https, with a host, no user name or password in it (they make
    /// a link look like another site's), at most <see cref="UrlMaxLength"/> characters. Errors name <paramref name="field"/>.</summary>
    public static Uri CheckUrl(string field, string? url)
    {
        var given = url?.Trim() ?? "";
        if (given.Length == 0) throw new InputException(field, "This field is required.");
        if (given.Length > UrlMaxLength) throw new InputException(field, $"At most {UrlMaxLength} characters.");
        if (!Uri.TryCreate(given, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            throw new InputException(field, "Give an absolute http or https address, such as https://example.org/page.");
        if (!string.IsNullOrEmpty(uri.UserInfo)) throw new InputException(field, "An address with a user name or password cannot be shortened.");
        if (uri.AbsoluteUri.Length > UrlMaxLength) throw new InputException(field, $"At most {UrlMaxLength} characters.");
        return uri;
    }

    public static bool IsCode(string? code) => code is { Length: CodeLength } && code.All(c => char.IsAsciiLetterOrDigit(c));

    /// <summary>The link to share for a code.</summary>
    public Uri ShortUrl(string code) => address.To(RoutePrefix + code);

    public async Task<IReadOnlyList<ShortLink>> ListAsync(WorkspaceContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from short_links l where l.workspace_id = @workspaceId order by l.created_at desc, l.id desc",
            new { workspaceId = context.WorkspaceId }, cancellationToken: cancellationToken))).Select(ToLink).ToList();
    }

    public async Task<ShortLink?> FindAsync(WorkspaceContext context, Guid shortLinkId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from short_links l where l.workspace_id = @workspaceId and l.id = @shortLinkId",
            new { workspaceId = context.WorkspaceId, shortLinkId }, cancellationToken: cancellationToken));
        return row is null ? null : ToLink(row);
    }

    /// <summary>The link and its clicks per day, oldest day first; null when the workspace has no such link.</summary>
    public async Task<ShortLinkStats?> StatsAsync(WorkspaceContext context, Guid shortLinkId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(context, shortLinkId, cancellationToken) is not { } link) return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var days = await connection.QueryAsync<(DateTime Day, long Clicks)>(new CommandDefinition(
            "select day, clicks from link_clicks where link_id = @shortLinkId order by day", new { shortLinkId }, cancellationToken: cancellationToken));
        return new ShortLinkStats(link, days.Select(d => new DailyClicks(DateOnly.FromDateTime(d.Day), d.Clicks)).ToList());
    }

    /// <summary>The workspace's short link to the address: the one it already has, else a new one (Created).</summary>
    public async Task<(ShortLink Link, bool Created)> ShortenAsync(WorkspaceContext context, string? url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = CheckUrl("url", url).AbsoluteUri;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ShortenAsync(connection, context, target, cancellationToken);
    }

    /// <summary>Replaces each http(s) address of the text (but our own short links, and those that cannot be shortened)
    /// with the workspace's short link to it.</summary>
    public async Task<ShortenedText> ShortenTextAsync(WorkspaceContext context, string? text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (text is null) throw new InputException("text", "This field is required.");
        if (text.Length > 100_000) throw new InputException("text", "At most 100000 characters.");
        var ours = ShortUrl("").AbsoluteUri;
        var found = Address().Matches(text).Select(m => (m.Index, Value: m.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', '»', '"', '\'')))
            .Where(m => !m.Value.StartsWith(ours, StringComparison.OrdinalIgnoreCase))
            .Select(m => (m.Index, m.Value, Uri: TryCheck(m.Value))).Where(m => m.Uri is not null).ToList();
        if (found.Select(m => m.Uri!.AbsoluteUri).Distinct().Count() > MaxLinksPerText)
            throw new InputException("text", $"At most {MaxLinksPerText} addresses are shortened at once.");
        var links = new Dictionary<string, ShortLink>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var target in found.Select(m => m.Uri!.AbsoluteUri).Distinct())
            links[target] = (await ShortenAsync(connection, context, target, cancellationToken)).Link;
        var result = new System.Text.StringBuilder(text.Length);
        var at = 0;
        foreach (var (index, value, uri) in found)
        {
            result.Append(text, at, index - at).Append(links[uri!.AbsoluteUri].ShortUrl.AbsoluteUri);
            at = index + value.Length;
        }
        result.Append(text, at, text.Length - at);
        return new ShortenedText(result.ToString(), links.Values.ToList());
    }

    /// <summary>The address behind a code, counting the click on today's UTC date in the same statement; null for a
    /// code that is not one of ours.</summary>
    public async Task<string?> FollowAsync(string? code, CancellationToken cancellationToken = default)
    {
        if (!IsCode(code)) return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition("""
            with link as (select id, url from short_links where code = @code),
            counted as (
                insert into link_clicks (link_id, day, clicks) select id, @day, 1 from link
                on conflict (link_id, day) do update set clicks = link_clicks.clicks + 1
            )
            select url from link
            """, new { code, day = clock.GetUtcNow().UtcDateTime.Date }, cancellationToken: cancellationToken));
    }

    private async Task<(ShortLink Link, bool Created)> ShortenAsync(NpgsqlConnection connection, WorkspaceContext context, string target,
        CancellationToken cancellationToken)
    {
        // A code already taken (by any workspace) is drawn again; the same address in the same workspace is the same link.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await ExistingAsync(connection, context, target, cancellationToken) is { } existing) return (existing, false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var id = Guid.CreateVersion7(clock.GetUtcNow());
            var code = new string(RandomNumberGenerator.GetItems<char>(Alphabet, CodeLength));
            var inserted = await connection.ExecuteAsync(new CommandDefinition("""
                insert into short_links (id, workspace_id, code, url, created_by, created_at) values (@id, @workspaceId, @code, @target, @userId, @now)
                on conflict do nothing
                """, new { id, workspaceId = context.WorkspaceId, code, target, userId = context.Actor.UserId, now = clock.GetUtcNow() }, transaction,
                cancellationToken: cancellationToken));
            if (inserted == 0) continue;
            await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "link.created", "short_link", id.ToString(),
                new { code, url = target }, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return ((await ExistingAsync(connection, context, target, cancellationToken))!, true);
        }
        throw new InvalidOperationException("No free short-link code after 5 draws.");
    }

    private async Task<ShortLink?> ExistingAsync(NpgsqlConnection connection, WorkspaceContext context, string target, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from short_links l where l.workspace_id = @workspaceId and md5(l.url) = md5(@target) and l.url = @target",
            new { workspaceId = context.WorkspaceId, target }, cancellationToken: cancellationToken));
        return row is null ? null : ToLink(row);
    }

    private static Uri? TryCheck(string url)
    {
        try
        {
            return CheckUrl("text", url);
        }
        catch (InputException)
        {
            return null;
        }
    }

    private ShortLink ToLink(Row row) =>
        new(row.Id, row.Code, row.Url, ShortUrl(row.Code), row.Clicks, new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc)));

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex Address();

    /// <summary>Npgsql reads timestamptz as a UTC DateTime; Dapper maps positional records only with the exact types.</summary>
    private sealed record Row(Guid Id, string Code, string Url, long Clicks, DateTime CreatedAt);
}
