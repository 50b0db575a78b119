using Chorus.Connectors.Abstractions;
using Chorus.Media;
using Chorus.Platform.Audit;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Composer;

/// <summary>An image to attach to a variant, with the alternative text this variant gives it (none: the library's).</summary>
public sealed record VariantMediaItem(Guid MediaId, string? AltText = null);

/// <summary>An image attached to a variant.</summary>
/// <param name="AltText">The variant's own alternative text, when it gives one.</param>
/// <param name="LibraryAltText">The library's text for the image.</param>
public sealed record AttachedMedia(Guid MediaId, string Name, string ContentType, long Bytes, int Width, int Height, string? AltText, string? LibraryAltText)
{
    /// <summary>What is published: the variant's text, else the library's.</summary>
    public string? EffectiveAltText => AltText ?? LibraryAltText;

    public VariantMedia ForRules => new(ContentType, Bytes, EffectiveAltText);
}

/// <summary>The request that replaces a variant's images, in order.</summary>
public sealed record VariantMediaRequest(IReadOnlyList<VariantMediaItem>? Media);

/// <summary>
/// The images of each variant (post_variant_media): set by the composer while the variant is a draft, read by the
/// checks and handed to the publishing engine as attachments. An image a variant uses stays in the library: attaching
/// locks the items (for share) in the transaction that records them, and the library's delete looks here once it holds
/// the item's lock.
/// </summary>
public sealed class VariantMediaStore(NpgsqlDataSource dataSource, MediaLibrary library, AuditLog audit, TimeProvider clock)
{
    public const int MaxPerVariant = 20;

    /// <summary>The images of every variant of a post of the workspace, by variant (empty when the post has none or is not the workspace's).</summary>
    public async Task<ILookup<Guid, AttachedMedia>> OfPostAsync(Guid workspaceId, Guid postId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MediaRow>(new CommandDefinition("""
            select vm.variant_id, m.id as media_id, m.name, m.content_type, m.bytes, m.width, m.height, vm.alt_text, m.alt_text as library_alt_text
            from post_variant_media vm
            join post_variants v on v.id = vm.variant_id join posts p on p.id = v.post_id
            join media m on m.id = vm.media_id
            where v.post_id = @postId and p.workspace_id = @workspaceId
            order by vm.variant_id, vm.position
            """, new { postId, workspaceId }, cancellationToken: cancellationToken));
        return rows.ToLookup(r => r.VariantId, r => r.ToAttached());
    }

    /// <summary>The images of variants as the rules read them, inside the caller's transaction (submit).</summary>
    public static async Task<ILookup<Guid, VariantMedia>> ForRulesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<Guid> variantIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var rows = await connection.QueryAsync<MediaRow>(new CommandDefinition("""
            select vm.variant_id, m.id as media_id, m.name, m.content_type, m.bytes, m.width, m.height, vm.alt_text, m.alt_text as library_alt_text
            from post_variant_media vm join media m on m.id = vm.media_id
            where vm.variant_id = any(@ids) order by vm.variant_id, vm.position
            """, new { ids = variantIds.ToArray() }, transaction, cancellationToken: cancellationToken));
        return rows.ToLookup(r => r.VariantId, r => r.ToAttached().ForRules);
    }

    /// <summary>Library items of the workspace as the rules read them, for images not yet saved on a variant (the live
    /// check); an id the workspace does not have is refused on "media[i]".</summary>
    public async Task<IReadOnlyList<VariantMedia>> DescribeAsync(Guid workspaceId, IReadOnlyList<VariantMediaItem>? items, string field,
        CancellationToken cancellationToken = default)
    {
        if (items is not { Count: > 0 }) return [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var found = (await connection.QueryAsync<(Guid Id, string ContentType, long Bytes, string? AltText)>(new CommandDefinition(
            "select id, content_type, bytes, alt_text from media where workspace_id = @workspaceId and id = any(@ids)",
            new { workspaceId, ids = items.Select(i => i.MediaId).ToArray() }, cancellationToken: cancellationToken))).ToDictionary(m => m.Id);
        return items.Select((item, i) => found.TryGetValue(item.MediaId, out var m)
            ? new VariantMedia(m.ContentType, m.Bytes, AltText(item.AltText, $"{field}[{i}].altText") ?? m.AltText)
            : throw new InputException($"{field}[{i}]", $"This workspace has no media item {item.MediaId}.")).ToList();
    }

    /// <summary>
    /// Replaces the images of a draft variant, in the given order. Null when the workspace has no such post or variant;
    /// a variant past draft is a conflict (as its text is); an id the workspace's library does not have, an image given
    /// twice or too many images are refused on the field.
    /// </summary>
    public async Task<IReadOnlyList<AttachedMedia>?> SetAsync(WorkspaceContext context, Guid postId, Guid variantId, IReadOnlyList<VariantMediaItem>? items,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var wanted = items ?? [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var status = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("""
            select v.status from posts p join post_variants v on v.post_id = p.id
            where p.id = @postId and p.workspace_id = @workspaceId and v.id = @variantId
            for update of p
            """, new { postId, variantId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        if (status is null) return null;
        if (wanted.Count > MaxPerVariant) throw new InputException("media", $"At most {MaxPerVariant} images on a variant.");
        var alts = wanted.Select((item, i) => AltText(item.AltText, $"media[{i}].altText")).ToList();
        if (wanted.Select(i => i.MediaId).Distinct().Count() != wanted.Count) throw new InputException("media", "An image is attached twice.");
        if (status != VariantStatus.Draft)
            throw new ConflictException($"Only a draft can be edited; this variant is {status}. Ask for changes to edit it in review.");

        // For share: the library's delete of these items waits for this transaction, then sees the rows it adds.
        var present = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "select id from media where workspace_id = @workspaceId and id = any(@ids) for share",
            new { workspaceId = context.WorkspaceId, ids = wanted.Select(i => i.MediaId).ToArray() }, transaction, cancellationToken: cancellationToken))).ToHashSet();
        for (var i = 0; i < wanted.Count; i++)
        {
            if (!present.Contains(wanted[i].MediaId)) throw new InputException($"media[{i}]", $"This workspace has no media item {wanted[i].MediaId}.");
        }

        var before = (await connection.QueryAsync<(Guid MediaId, string? AltText)>(new CommandDefinition(
            "select media_id, alt_text from post_variant_media where variant_id = @variantId order by position", new { variantId }, transaction,
            cancellationToken: cancellationToken))).ToList();
        var after = wanted.Select((item, i) => (item.MediaId, alts[i])).ToList();
        if (!before.SequenceEqual(after))
        {
            await connection.ExecuteAsync(new CommandDefinition("delete from post_variant_media where variant_id = @variantId", new { variantId }, transaction,
                cancellationToken: cancellationToken));
            for (var i = 0; i < after.Count; i++)
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    insert into post_variant_media (variant_id, position, media_id, alt_text) values (@variantId, @position, @mediaId, @altText)
                    """, new { variantId, position = (short)i, mediaId = after[i].MediaId, altText = after[i].Item2 }, transaction, cancellationToken: cancellationToken));
            }
            await connection.ExecuteAsync(new CommandDefinition("update posts set updated_at = greatest(updated_at, @now) where id = @postId", new { postId, now = clock.GetUtcNow() },
                transaction, cancellationToken: cancellationToken));
            await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "post.media_changed", "post",
                postId.ToString(), new { variant = variantId, media = after.Select(a => a.MediaId) }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (await OfPostAsync(context.WorkspaceId, postId, cancellationToken))[variantId].ToList();
    }

    /// <summary>What the engine attaches to the variant's post: each image's served bytes with the variant's alternative text.</summary>
    public async Task<IReadOnlyList<MediaAttachment>> AttachmentsAsync(Guid workspaceId, Guid variantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var attached = (await connection.QueryAsync<(Guid MediaId, string? AltText)>(new CommandDefinition(
            "select media_id, alt_text from post_variant_media where variant_id = @variantId order by position", new { variantId },
            cancellationToken: cancellationToken))).ToList();
        if (attached.Count == 0) return [];
        var files = await library.AttachmentsAsync(workspaceId, attached.Select(a => a.MediaId).ToList(), cancellationToken);
        return files.Select((file, i) => attached[i].AltText is { } alt ? file with { AltText = alt } : file).ToList();
    }

    private static string? AltText(string? altText, string field)
    {
        var trimmed = altText?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        return trimmed.Length <= MediaLibrary.MaxAltTextLength ? trimmed : throw new InputException(field, $"At most {MediaLibrary.MaxAltTextLength} characters.");
    }

    /// <summary>Dapper maps positional records only with the exact column types.</summary>
    private sealed record MediaRow(Guid VariantId, Guid MediaId, string Name, string ContentType, long Bytes, int Width, int Height, string? AltText,
        string? LibraryAltText)
    {
        public AttachedMedia ToAttached() => new(MediaId, Name, ContentType, Bytes, Width, Height, AltText, LibraryAltText);
    }
}
