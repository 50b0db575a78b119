using Chorus.Channels;
using Chorus.Charter;
using Chorus.Connectors.Abstractions;
using Chorus.Platform.Audit;
using Chorus.Publishing.Calendar;
using Chorus.Publishing.Composer;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Csv;

/// <param name="Posts">The ids of the posts written, in the order of their first row.</param>
/// <param name="Submitted">How many of them were submitted (sent to approval, or scheduled when the workspace needs none).</param>
public sealed record PostsCsvImported(IReadOnlyList<Guid> Posts, int Submitted);

/// <summary>
/// Imports a posts file: every row is checked first (its channel is one of the workspace's and publishes, its time has
/// an offset and is ahead, its text is there, its network's rules and the workspace's charter accept it, as submitting
/// checks), and the posts are written all together in one transaction, or none of them. Rows with the same <c>post</c>
/// value are one post with a variant per row; otherwise a row is a post of its own.
/// </summary>
public sealed class PostsCsvImport(
    NpgsqlDataSource dataSource,
    NetworkCatalog networks,
    ChannelConnectors connectors,
    VariantChecks checks,
    PublishingService publishing,
    Campaigns campaigns,
    AuditLog audit,
    TimeProvider clock)
{
    /// <summary>The variants' field names (as the rules and the charter name them) and their column.</summary>
    private static readonly Dictionary<string, string> ColumnOfField = new(StringComparer.Ordinal)
    {
        ["text"] = PostsCsv.Text,
        ["title"] = PostsCsv.Title,
        ["link"] = PostsCsv.Link,
        ["contentWarning"] = PostsCsv.ContentWarning,
        ["language"] = PostsCsv.Language,
    };

    /// <param name="submit">Submit the posts that have a time (those without one stay drafts).</param>
    /// <exception cref="PostsCsvException">The file is refused; nothing was written.</exception>
    public async Task<PostsCsvImported> ImportAsync(WorkspaceContext context, ReadOnlyMemory<byte> file, bool submit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rows = PostsCsv.Read(file.Span);
        var errors = new List<CsvRowError>();
        var now = clock.GetUtcNow();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var channels = (await connection.QueryAsync<(Guid Id, string Network, string Name)>(new CommandDefinition(
            "select id, network, name from channels where workspace_id = @workspaceId", new { workspaceId = context.WorkspaceId },
            cancellationToken: cancellationToken))).ToList();
        var campaignList = await campaigns.ListAsync(context, cancellationToken);
        var publishers = new Dictionary<Guid, IPublisher?>();

        var read = new List<ReadRow>();
        foreach (var row in rows)
        {
            void Refuse(string column, string reason) => errors.Add(new CsvRowError(row.Row, row.Line, column, reason));

            var channelId = IdOf(row[PostsCsv.Channel], channels.Select(c => (c.Id, c.Name)), PostsCsv.Channel, "channel", Refuse, required: true);
            (Guid Id, string Network, string Name)? channel = channelId is { } known ? channels.Single(c => c.Id == known) : null;
            IPublisher? publisher = null;
            if (channel is { } found)
            {
                if (!publishers.TryGetValue(found.Id, out publisher))
                    publishers[found.Id] = publisher = await connectors.OpenAsync(found.Id, cancellationToken) as IPublisher;
                if (publisher is null) Refuse(PostsCsv.Channel, $"{found.Name} cannot publish posts.");
            }

            DateTimeOffset? at = null;
            if (row[PostsCsv.At] is { } written)
            {
                if (!OffsetTime.TryParse(written, out var parsed))
                    Refuse(PostsCsv.At, $"'{written}' is not an ISO-8601 time with its offset, such as {OffsetTime.Example}; leave it empty for a draft.");
                else if (parsed <= now) Refuse(PostsCsv.At, $"{written} is not in the future.");
                else at = parsed;
            }

            PublishingService.Content? content = null;
            try
            {
                content = PublishingService.Content.Read(row.Raw(PostsCsv.Text), row[PostsCsv.Title], row[PostsCsv.Link], row[PostsCsv.ContentWarning],
                    row[PostsCsv.Language], null, null);
            }
            catch (InputException input)
            {
                foreach (var wrong in input.Errors) Refuse(ColumnOf(wrong.Field), wrong.Reason);
            }

            var campaignId = IdOf(row[PostsCsv.Campaign], campaignList.Select(c => (c.Id, c.Name)), PostsCsv.Campaign, "campaign", Refuse, required: false);
            read.Add(new ReadRow(row, row[PostsCsv.Post], channel is { } c1 && publisher is not null ? (c1.Id, c1.Network, c1.Name) : null, publisher, at,
                content, campaignId, row[PostsCsv.At] is not null));
        }

        // Rows of one post: one variant per channel, one campaign, and either all with a time or none when submitting.
        var posts = read.GroupBy(r => r.PostKey ?? $"\0row {r.Row.Row}").Select(g => g.ToList()).ToList();
        foreach (var post in posts.Where(p => p.Count > 1))
        {
            var first = post[0];
            foreach (var later in post.Skip(1))
            {
                void Refuse(string column, string reason) => errors.Add(new CsvRowError(later.Row.Row, later.Row.Line, column, reason));
                if (later.Channel is { } channel && post.TakeWhile(r => r != later).FirstOrDefault(r => r.Channel?.Id == channel.Id) is { } same)
                    Refuse(PostsCsv.Channel, $"Row {same.Row.Row} is already post '{later.PostKey}' on {channel.Name}; a post has one row per channel.");
                if (later.CampaignId != first.CampaignId)
                    Refuse(PostsCsv.Campaign, $"Row {first.Row.Row} of post '{later.PostKey}' names another campaign; a post is in one campaign.");
                if (submit && later.HasTime != first.HasTime)
                    Refuse(PostsCsv.At, $"Row {first.Row.Row} of post '{later.PostKey}' {(first.HasTime ? "has" : "has no")} time; to submit a post, give all its rows a time (or none, for a draft).");
            }
        }

        // As the networks count and the charter reads, as submitting does: what would be refused later is refused now.
        var checkable = read.Where(r => r.Channel is not null && r.Content is not null && networks.Find(r.Channel.Value.Network) is not null).ToList();
        var reports = await checks.CheckAsync(context.WorkspaceId, checkable.Select(r => new VariantToCheck(r.Channel!.Value.Id, r.Channel.Value.Name,
            networks.Find(r.Channel.Value.Network)!, r.Content!.Text, r.Content.Title, r.Content.Link, r.Content.ContentWarning, r.Content.Language)).ToList(),
            cancellationToken);
        foreach (var (row, report) in checkable.Zip(reports))
        {
            foreach (var problem in report.Problems)
                errors.Add(new CsvRowError(row.Row.Row, row.Row.Line, ColumnOf(problem.Field), $"{row.Channel!.Value.Name}: {problem.Message}"));
            foreach (var finding in report.Findings.Where(f => f.Severity == CharterSeverity.Blocking))
                errors.Add(new CsvRowError(row.Row.Row, row.Row.Line, ColumnOf(finding.Field), $"{row.Channel!.Value.Name}: {finding.Message}"));
        }

        if (errors.Count > 0)
            throw new PostsCsvException(errors.OrderBy(e => e.Row).ThenBy(e => IndexOfColumn(e.Column)).Distinct().ToList());

        var ids = new List<Guid>();
        var submitted = 0;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var post in posts)
        {
            try
            {
                var postId = await publishing.InsertPostAsync(connection, transaction, context, post.Select(r =>
                    new PublishingService.NewVariant(r.Channel!.Value.Id, r.Channel.Value.Network, r.Publisher!, r.Content!, r.At)).ToList(), cancellationToken);
                if (post[0].CampaignId is { } campaignId) await campaigns.TagCheckedAsync(connection, transaction, context, postId, campaignId, cancellationToken);
                if (submit && post[0].HasTime)
                {
                    await publishing.SubmitLockedAsync(connection, transaction, context, postId, cancellationToken);
                    submitted++;
                }
                ids.Add(postId);
            }
            catch (InputException input)
            {
                // Checked above; a refusal here (the charter changed meanwhile) still writes nothing.
                throw new PostsCsvException(input.Errors.Select(e => new CsvRowError(post[0].Row.Row, post[0].Row.Line, ColumnOf(e.Field), e.Reason)).ToList());
            }
        }
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "posts.imported", "workspace",
            context.WorkspaceId.ToString(), new { rows = rows.Count, posts = ids.Count, submitted }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PostsCsvImported(ids, submitted);
    }

    /// <summary>The id of the one item with this id, or this name (case aside); null, with the reason recorded, otherwise.</summary>
    private static Guid? IdOf(string? given, IEnumerable<(Guid Id, string Name)> all, string column, string what, Action<string, string> refuse, bool required)
    {
        if (given is null)
        {
            if (required) refuse(column, $"Give the {what}'s id or name.");
            return null;
        }
        var matches = Guid.TryParse(given, out var wanted)
            ? all.Where(x => x.Id == wanted).ToList()
            : all.Where(x => string.Equals(x.Name, given, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1) return matches[0].Id;
        refuse(column, matches.Count == 0
            ? $"'{given}' is neither the id nor the name of a {what} of this workspace."
            : $"Several {what}s are named '{given}'; give its id.");
        return null;
    }

    private static string ColumnOf(string field) =>
        ColumnOfField.TryGetValue(field.Split('.', '[')[0], out var column) ? column : PostsCsv.Text;

    private static int IndexOfColumn(string column) => PostsCsv.Columns.ToList().IndexOf(column);

    private sealed record ReadRow(PostsCsvRow Row, string? PostKey, (Guid Id, string Network, string Name)? Channel, IPublisher? Publisher, DateTimeOffset? At,
        PublishingService.Content? Content, Guid? CampaignId, bool HasTime);
}
