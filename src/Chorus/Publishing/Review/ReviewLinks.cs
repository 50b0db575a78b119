using System.Security.Cryptography;
using Chorus.Connectors.Abstractions;
using Chorus.Platform.Audit;
using Chorus.Platform.Shell;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace Chorus.Publishing.ClientReview;

/// <summary>A review link as the members who issued it see it.</summary>
/// <param name="Step">The step of approval the link decides.</param>
public sealed record ReviewLink(Guid Id, Guid PostId, int Step, Guid? CreatedBy, string? CreatedByName, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, DateTimeOffset? UsedAt)
{
    /// <summary>open, used, revoked or expired.</summary>
    public string StateAt(DateTimeOffset now) =>
        UsedAt is not null ? "used" : RevokedAt is not null ? "revoked" : now >= ExpiresAt ? "expired" : "open";
}

/// <summary>A new link and the address to send the client (shown once: only the row's id is kept).</summary>
public sealed record IssuedReviewLink(ReviewLink Link, Uri Url);

/// <summary>What the client sees: the post as each network will show it, and nothing else of the workspace.</summary>
public sealed record ReviewPreview(DateTimeOffset ExpiresAt, IReadOnlyList<VariantPreview> Variants);

/// <param name="NetworkName">The network's display name (Bluesky, Mastodon, WordPress).</param>
public sealed record VariantPreview(string ChannelName, string Network, string NetworkName, string? NetworkIcon, string Text, string? Title, string? Link,
    string? ContentWarning, IReadOnlyList<string> ThreadParts, string? FirstComment);

/// <summary>What opening or using a link found.</summary>
public enum ReviewLinkOutcome
{
    /// <summary>The link works (opening), or the decision is recorded (deciding).</summary>
    Ok,
    /// <summary>Ours, but used, revoked, expired, or the post no longer waits for this step: 410.</summary>
    Gone,
    /// <summary>Not a link we made (forged, altered, or its post deleted): 404, saying nothing more.</summary>
    NotFound,
}

/// <summary>
/// Client review links: a member sends a client a link to one post; the client sees the post's previews and approves
/// it or asks for changes, without an account. The link is the row's id sealed by Data Protection (the key ring every
/// node shares, the same trust as the media library's signed links), so it cannot be forged or pointed at another
/// post; the row makes it expire, be revoked, and work once. A decision goes through the post's workflow as the
/// ClientApprover of the step the link was issued for, audited as "client link {id}".
/// </summary>
public sealed class ReviewLinks(NpgsqlDataSource dataSource, IDataProtectionProvider protection, PublishingService posts, NetworkCatalog networks,
    PublicAddress address, AuditLog audit, TimeProvider clock)
{
    public const int DefaultDays = 7;
    public const int MaxDays = 30;
    public const int MaxReviewerNameLength = 200;
    public const string RoutePrefix = "/review/";

    private readonly IDataProtector _protector = protection.CreateProtector("Chorus.Publishing.ReviewLinks");

    /// <summary>Issues a link for the step of approval the post waits for, which must be a ClientApprover step. Null
    /// when the post is not the workspace's.</summary>
    public async Task<IssuedReviewLink?> CreateAsync(WorkspaceContext context, Guid postId, int? days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lifetime = days ?? DefaultDays;
        if (lifetime is < 1 or > MaxDays) throw new InputException("days", $"A review link lasts from 1 to {MaxDays} days.");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var post = await connection.QuerySingleOrDefaultAsync<(Guid Id, short? ReviewStep)>(new CommandDefinition(
            "select id, review_step from posts where id = @postId and workspace_id = @workspaceId for update",
            new { postId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (post.Id == Guid.Empty) return null;
        var steps = (await connection.QueryAsync<string>(new CommandDefinition("select role from approval_steps where workspace_id = @workspaceId order by position",
            new { workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken))).ToList();
        if (post.ReviewStep is not { } step) throw new ConflictException("This post is not waiting for approval: submit it first.");
        var role = steps.Count == 0 ? null : steps[Math.Min(step, steps.Count) - 1];
        if (role != nameof(WorkspaceRole.ClientApprover))
            throw new ConflictException($"This post waits for step {step} ({role}); a review link decides only a ClientApprover step.");

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var link = new ReviewLink(id, postId, step, context.Actor.UserId, null, now, now.AddDays(lifetime), null, null);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into review_links (id, workspace_id, post_id, step, created_by, created_at, expires_at)
            values (@Id, @workspaceId, @PostId, @step, @CreatedBy, @CreatedAt, @ExpiresAt)
            """, new { link.Id, workspaceId = context.WorkspaceId, link.PostId, step, link.CreatedBy, link.CreatedAt, link.ExpiresAt }, transaction,
            cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "review_link.created", "post", postId.ToString(),
            new { link = id, step, expiresAt = link.ExpiresAt }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IssuedReviewLink(link, address.To(RoutePrefix + Seal(id)));
    }

    /// <summary>The post's links, newest first (null when the post is not the workspace's).</summary>
    public async Task<IReadOnlyList<ReviewLink>?> ListAsync(WorkspaceContext context, Guid postId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition("select id from posts where id = @postId and workspace_id = @workspaceId",
                new { postId, workspaceId = context.WorkspaceId }, cancellationToken: cancellationToken)) is null) return null;
        return (await connection.QueryAsync<LinkRow>(new CommandDefinition("""
            select l.id, l.post_id, l.step, l.created_by, u.display_name as created_by_name, l.created_at as created_at_utc, l.expires_at as expires_at_utc,
                   l.revoked_at as revoked_at_utc, l.used_at as used_at_utc
            from review_links l left join users u on u.id = l.created_by
            where l.post_id = @postId and l.workspace_id = @workspaceId order by l.id desc
            """, new { postId, workspaceId = context.WorkspaceId }, cancellationToken: cancellationToken))).Select(r => r.ToLink()).ToList();
    }

    /// <summary>Takes a link back: it answers 410 from now on. False when the post has no such link; revoking twice is
    /// harmless.</summary>
    public async Task<bool> RevokeAsync(WorkspaceContext context, Guid postId, Guid linkId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<(Guid Id, bool Revoked)>(new CommandDefinition("""
            select id, revoked_at is not null as revoked from review_links
            where id = @linkId and post_id = @postId and workspace_id = @workspaceId for update
            """, new { linkId, postId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (found.Id == Guid.Empty) return false;
        if (!found.Revoked)
        {
            await connection.ExecuteAsync(new CommandDefinition("update review_links set revoked_at = @now where id = @linkId",
                new { linkId, now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
            await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "review_link.revoked", "post",
                postId.ToString(), new { link = linkId }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>What the link shows, when it still works.</summary>
    public async Task<(ReviewLinkOutcome Outcome, ReviewPreview? Preview)> OpenAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (Unseal(token) is not { } linkId) return (ReviewLinkOutcome.NotFound, null);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (outcome, link) = await CheckAsync(connection, null, linkId, cancellationToken);
        if (outcome != ReviewLinkOutcome.Ok) return (outcome, null);
        var parts = (await connection.QueryAsync<(Guid VariantId, string Kind, string Text)>(new CommandDefinition("""
            select p.variant_id, p.kind, p.text from post_variant_parts p join post_variants v on v.id = p.variant_id
            where v.post_id = @PostId order by p.variant_id, p.position
            """, new { link!.PostId }, cancellationToken: cancellationToken))).ToLookup(p => p.VariantId);
        var variants = (await connection.QueryAsync<(Guid Id, string? ChannelName, string Network, string Text, string? Title, string? Link, string? ContentWarning)>(
            new CommandDefinition("""
                select v.id, c.name as channel_name, v.network, v.text, v.title, v.link, v.content_warning
                from post_variants v left join channels c on c.id = v.channel_id
                where v.post_id = @PostId and v.status = 'in_review' order by v.id
                """, new { link.PostId }, cancellationToken: cancellationToken))).Select(v =>
        {
            var network = networks.Find(v.Network);
            return new VariantPreview(v.ChannelName ?? network?.DisplayName ?? v.Network, v.Network, network?.DisplayName ?? v.Network, network?.Icon,
                v.Text, v.Title, v.Link, v.ContentWarning,
                parts[v.Id].Where(p => p.Kind == "thread").Select(p => p.Text).ToList(),
                parts[v.Id].Where(p => p.Kind == "first_comment").Select(p => p.Text).FirstOrDefault());
        }).ToList();
        return (ReviewLinkOutcome.Ok, new ReviewPreview(link.ExpiresAt, variants));
    }

    /// <summary>
    /// The client's decision: approve, or ask for changes (a comment is required), with an optional name. The link is
    /// used once, in the transaction of the decision. Bad input (no comment) is an <see cref="InputException"/>.
    /// </summary>
    public async Task<ReviewLinkOutcome> DecideAsync(string? token, string decision, string? comment, string? reviewerName,
        CancellationToken cancellationToken = default)
    {
        if (decision is not (ApprovalDecision.Approved or ApprovalDecision.ChangesRequested))
            throw new ArgumentException($"'{decision}' is not a decision.", nameof(decision));
        var name = reviewerName?.Trim() is { Length: > 0 } trimmed ? trimmed : null;
        if (name is { Length: > MaxReviewerNameLength }) throw new InputException("name", $"At most {MaxReviewerNameLength} characters.");
        if (Unseal(token) is not { } linkId) return ReviewLinkOutcome.NotFound;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (outcome, link) = await CheckAsync(connection, transaction, linkId, cancellationToken);
        if (outcome != ReviewLinkOutcome.Ok) return outcome;
        var workspace = await connection.QuerySingleAsync<(Guid Id, Guid OrganizationId)>(new CommandDefinition(
            "select w.id, w.organization_id from workspaces w join review_links l on l.workspace_id = w.id where l.id = @linkId",
            new { linkId }, transaction, cancellationToken: cancellationToken));
        try
        {
            if (!await posts.DecideThroughReviewLinkAsync(connection, transaction,
                    new ReviewLinkDecision(linkId, workspace.Id, workspace.OrganizationId, link!.PostId, link.Step, decision, comment, name), cancellationToken))
                return ReviewLinkOutcome.NotFound;
        }
        catch (ConflictException)
        {
            // Decided meanwhile by a member, withdrawn, or the policy changed: the link has nothing left to decide.
            return ReviewLinkOutcome.Gone;
        }
        await connection.ExecuteAsync(new CommandDefinition("update review_links set used_at = @now where id = @linkId",
            new { linkId, now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return ReviewLinkOutcome.Ok;
    }

    /// <summary>Whether the link still decides something: not used, revoked or expired, and its post still waits for
    /// its step (locked when in a transaction, so two clicks decide once).</summary>
    private async Task<(ReviewLinkOutcome, ReviewLink?)> CheckAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid linkId,
        CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition($"""
            select l.id, l.post_id, l.step, l.created_by, null as created_by_name, l.created_at as created_at_utc, l.expires_at as expires_at_utc,
                   l.revoked_at as revoked_at_utc, l.used_at as used_at_utc
            from review_links l where l.id = @linkId {(transaction is null ? "" : "for update")}
            """, new { linkId }, transaction, cancellationToken: cancellationToken));
        if (row is null) return (ReviewLinkOutcome.NotFound, null);
        var link = row.ToLink();
        if (link.StateAt(clock.GetUtcNow()) != "open") return (ReviewLinkOutcome.Gone, link);
        var waiting = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            select p.review_step = @Step and exists (select 1 from post_variants v where v.post_id = p.id and v.status = 'in_review')
            from posts p where p.id = @PostId
            """, new { link.PostId, link.Step }, transaction, cancellationToken: cancellationToken));
        return waiting ? (ReviewLinkOutcome.Ok, link) : (ReviewLinkOutcome.Gone, link);
    }

    private string Seal(Guid linkId) => WebEncoders.Base64UrlEncode(_protector.Protect(linkId.ToByteArray()));

    /// <summary>The link's id, or null for anything we did not seal (altered, made up, sealed for another purpose).</summary>
    private Guid? Unseal(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000) return null;
        try
        {
            var bytes = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            return bytes.Length == 16 ? new Guid(bytes) : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Npgsql reads timestamptz as a UTC DateTime; Dapper maps positional records only with the exact types.</summary>
    private sealed record LinkRow(Guid Id, Guid PostId, short Step, Guid? CreatedBy, string? CreatedByName, DateTime CreatedAtUtc, DateTime ExpiresAtUtc,
        DateTime? RevokedAtUtc, DateTime? UsedAtUtc)
    {
        public ReviewLink ToLink() => new(Id, PostId, Step, CreatedBy, CreatedByName, Utc(CreatedAtUtc), Utc(ExpiresAtUtc),
            RevokedAtUtc is { } revoked ? Utc(revoked) : null, UsedAtUtc is { } used ? Utc(used) : null);

        private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
    }
}
