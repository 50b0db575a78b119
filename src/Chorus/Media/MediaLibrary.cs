using System.Security.Cryptography;
using Chorus.Connectors.Abstractions;
using Chorus.Platform.Audit;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chorus.Media;

/// <summary>One image of a workspace's library.</summary>
/// <param name="Sha256">Of the file served (upright, without metadata), which names it on disk.</param>
public sealed record MediaItem(Guid Id, string Name, string ContentType, long Bytes, int Width, int Height, string? AltText,
    Guid? UploadedBy, DateTimeOffset UploadedAt, string Sha256);

/// <param name="AlreadyInLibrary">The same content was in the workspace already: that item is answered, nothing is added.</param>
public sealed record MediaUpload(MediaItem Item, bool AlreadyInLibrary);

/// <param name="AltTextRequired">Images need alternative text before publishing (publishing enforces it).</param>
public sealed record MediaSettings(bool AltTextRequired);

/// <summary>A file to send: where it is on disk and how to label it.</summary>
public sealed record MediaFile(MediaItem Item, string Path, string ContentType);

/// <summary>
/// A workspace's media library: upload (checked and decoded by <see cref="MediaImages"/>), list, alt text, delete, the
/// files to serve, and the attachments the publishing engine sends to a network. The API, the page and the command
/// line all go through here.
/// </summary>
public sealed class MediaLibrary(NpgsqlDataSource dataSource, MediaImages images, MediaFiles files, NetworkCatalog networks, AuditLog audit,
    TimeProvider time, IOptions<MediaOptions> options)
{
    public const int MaxAltTextLength = 1500;
    public const int MaxNameLength = 255;

    private const string Columns = "id, name, content_type, bytes, width, height, alt_text, uploaded_by, uploaded_at, sha256";

    /// <summary>The configured types, else those some network takes that Chorus can decode.</summary>
    public IReadOnlyList<string> AcceptedTypes { get; } = options.Value.ContentTypes is { Length: > 0 } configured
        ? [.. configured.Select(t => t.Trim().ToLowerInvariant()).Intersect(MediaImages.Decodable)]
        : [.. MediaImages.Decodable.Where(type => networks.All.Any(n => n.Limits.Media?.FormatOf(type) is not null)).DefaultIfEmpty("image/jpeg")];

    public long MaxBytes => options.Value.MaxBytes;

    /// <summary>Reads an upload, refusing it on <paramref name="field"/> as soon as it is larger than allowed.</summary>
    public async Task<byte[]> ReadAsync(Stream upload, string field, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
                throw new InputException(field, $"The file is larger than {Sizes.Describe(MaxBytes)}, the largest accepted.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Checks, decodes and stores an image. The same content again in the same workspace answers the item
    /// already there (with its alt text unchanged unless it had none).</summary>
    public async Task<MediaUpload> UploadAsync(WorkspaceContext context, string? fileName, byte[] content, string? altText,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var alt = AltText(altText);
        var image = images.Prepare(content, [.. AcceptedTypes], "file");
        var name = NameOf(fileName, image.Extension);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(image.Content));

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // The file's lock, held across the commit: a delete of the last row over this file waits, so the file is
        // never removed under a row that was just added.
        await using var unlock = await LockFileAsync(connection, sha256, cancellationToken);
        await files.StoreAsync(sha256, image, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = await QueryAsync(connection, $"select {Columns} from media where workspace_id = @workspaceId and sha256 = @sha256 for update",
            new { workspaceId = context.WorkspaceId, sha256 }, cancellationToken, transaction);
        if (existing.SingleOrDefault() is { } item)
        {
            if (item.AltText is null && alt is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition("update media set alt_text = @alt where id = @id", new { alt, id = item.Id }, transaction,
                    cancellationToken: cancellationToken));
                item = item with { AltText = alt };
            }
            await transaction.CommitAsync(cancellationToken);
            return new MediaUpload(item, AlreadyInLibrary: true);
        }

        var added = new MediaItem(Guid.CreateVersion7(), name, image.ContentType, image.Content.Length, image.Width, image.Height, alt,
            context.Actor.UserId, time.GetUtcNow(), sha256);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into media (id, workspace_id, sha256, content_type, bytes, width, height, name, alt_text, uploaded_by, uploaded_at)
            values (@Id, @workspaceId, @Sha256, @ContentType, @Bytes, @Width, @Height, @Name, @AltText, @UploadedBy, @UploadedAt)
            """, new { added.Id, workspaceId = context.WorkspaceId, added.Sha256, added.ContentType, added.Bytes, added.Width, added.Height, added.Name,
                added.AltText, added.UploadedBy, added.UploadedAt }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "media.uploaded", "media",
            added.Id.ToString(), new { name, contentType = image.ContentType, bytes = added.Bytes, width = image.Width, height = image.Height },
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new MediaUpload(added, AlreadyInLibrary: false);
    }

    /// <summary>Newest first.</summary>
    public async Task<Page<MediaItem>> ListAsync(WorkspaceContext context, string? cursor, int? limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var take = Cursor.Limit(limit);
        Guid? before = Cursor.Decode(cursor) is { } key ? Guid.TryParse(key, out var id) ? id : throw Cursor.NotOurs() : null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await QueryAsync(connection,
            $"select {Columns} from media where workspace_id = @workspaceId and (@before::uuid is null or id < @before) order by id desc limit @take",
            new { workspaceId = context.WorkspaceId, before, take = take + 1 }, cancellationToken)).ToList();
        return Cursor.PageOf(rows, take, m => m.Id.ToString());
    }

    public async Task<MediaItem?> FindAsync(WorkspaceContext context, Guid mediaId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await FindAsync(context.WorkspaceId, mediaId, cancellationToken);
    }

    public async Task<MediaItem?> UpdateAltTextAsync(WorkspaceContext context, Guid mediaId, string? altText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var alt = AltText(altText);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var item = (await QueryAsync(connection, $"select {Columns} from media where id = @mediaId and workspace_id = @workspaceId for update",
            new { mediaId, workspaceId = context.WorkspaceId }, cancellationToken, transaction)).SingleOrDefault();
        if (item is null) return null;
        if (item.AltText == alt) return item;
        await connection.ExecuteAsync(new CommandDefinition("update media set alt_text = @alt where id = @mediaId", new { alt, mediaId }, transaction,
            cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "media.alt_text_changed", "media",
            mediaId.ToString(), new { from = item.AltText, to = alt }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return item with { AltText = alt };
    }

    /// <summary>
    /// Removes an item no post uses (a variant's image is a <see cref="ConflictException"/>); its file goes too once no
    /// workspace's item is that content.
    /// </summary>
    public async Task<bool> DeleteAsync(WorkspaceContext context, Guid mediaId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await FindAsync(context.WorkspaceId, mediaId, cancellationToken) is not { } item) return false;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var unlock = await LockFileAsync(connection, item.Sha256, cancellationToken);
        bool fileStillUsed;
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // The item's lock first: a variant attaching it holds it for share until it commits, and is seen below.
            var locked = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "select id from media where id = @mediaId and workspace_id = @workspaceId for update", new { mediaId, workspaceId = context.WorkspaceId },
                transaction, cancellationToken: cancellationToken));
            if (locked is null) return false;
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from post_variant_media where media_id = @mediaId)",
                    new { mediaId }, transaction, cancellationToken: cancellationToken)))
                throw new ConflictException($"{item.Name} is used by a post; remove it from the post before deleting it.");
            try
            {
                var deleted = await connection.ExecuteAsync(new CommandDefinition("delete from media where id = @mediaId and workspace_id = @workspaceId",
                    new { mediaId, workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
                if (deleted == 0) return false;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                throw new ConflictException($"{item.Name} is used by a post; remove it from the post before deleting it.");
            }
            fileStillUsed = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from media where sha256 = @sha256)",
                new { sha256 = item.Sha256 }, transaction, cancellationToken: cancellationToken));
            await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "media.deleted", "media",
                mediaId.ToString(), new { name = item.Name, sha256 = item.Sha256 }, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        if (!fileStillUsed) files.Delete(item.Sha256, item.ContentType);
        return true;
    }

    /// <summary>The file to send for an item of the workspace (its thumbnail, or what is served as the image), or
    /// null when the workspace has no such item.</summary>
    public async Task<MediaFile?> FileAsync(Guid workspaceId, Guid mediaId, bool thumbnail, CancellationToken cancellationToken = default) =>
        await FindAsync(workspaceId, mediaId, cancellationToken) is { } item ? FileOf(item, thumbnail) : null;

    /// <summary>The image of a signed link, whatever its workspace (the link itself is the permission).</summary>
    public async Task<MediaFile?> LinkedFileAsync(Guid mediaId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await QueryAsync(connection, $"select {Columns} from media where id = @mediaId", new { mediaId }, cancellationToken))
            .SingleOrDefault() is { } item ? FileOf(item, thumbnail: false) : null;
    }

    /// <summary>
    /// What a publisher attaches to a post (<see cref="PostDraft.Media"/>), in the order given: the served bytes, their
    /// type, a file name with the right extension, and the alt text. An id the workspace does not have is refused on
    /// "media", naming it.
    /// </summary>
    public async Task<IReadOnlyList<MediaAttachment>> AttachmentsAsync(Guid workspaceId, IReadOnlyList<Guid> mediaIds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mediaIds);
        if (mediaIds.Count == 0) return [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var found = (await QueryAsync(connection, $"select {Columns} from media where workspace_id = @workspaceId and id = any(@ids)",
            new { workspaceId, ids = mediaIds.Distinct().ToArray() }, cancellationToken)).ToDictionary(m => m.Id);
        var attachments = new List<MediaAttachment>(mediaIds.Count);
        foreach (var id in mediaIds)
        {
            if (!found.TryGetValue(id, out var item)) throw new InputException("media", $"This workspace has no media item {id}.");
            var file = FileOf(item, thumbnail: false);
            attachments.Add(new MediaAttachment
            {
                FileName = item.Name,
                ContentType = item.ContentType,
                Content = await File.ReadAllBytesAsync(file.Path, cancellationToken),
                AltText = item.AltText,
            });
        }
        return attachments;
    }

    public async Task<MediaSettings> SettingsAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var required = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
            "select alt_text_required from media_settings where workspace_id = @workspaceId", new { workspaceId }, cancellationToken: cancellationToken));
        return new MediaSettings(required ?? false);
    }

    public async Task<MediaSettings> ChangeSettingsAsync(WorkspaceContext context, MediaSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var previous = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition("""
            select alt_text_required from media_settings where workspace_id = @workspaceId for update
            """, new { workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken)) ?? false;
        if (previous == settings.AltTextRequired) return settings;
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into media_settings (workspace_id, alt_text_required) values (@workspaceId, @required)
            on conflict (workspace_id) do update set alt_text_required = excluded.alt_text_required
            """, new { workspaceId = context.WorkspaceId, required = settings.AltTextRequired }, transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "media.settings_changed", "workspace",
            context.WorkspaceId.ToString(), new { altTextRequired = settings.AltTextRequired }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return settings;
    }

    private MediaFile FileOf(MediaItem item, bool thumbnail) => thumbnail
        ? new MediaFile(item, files.ThumbnailPath(item.Sha256), "image/webp")
        : new MediaFile(item, files.OriginalPath(item.Sha256, item.ContentType), item.ContentType);

    private async Task<MediaItem?> FindAsync(Guid workspaceId, Guid mediaId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await QueryAsync(connection, $"select {Columns} from media where id = @mediaId and workspace_id = @workspaceId",
            new { mediaId, workspaceId }, cancellationToken)).SingleOrDefault();
    }

    private static string? AltText(string? altText)
    {
        var trimmed = altText?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        if (trimmed.Length > MaxAltTextLength) throw new InputException("altText", $"At most {MaxAltTextLength} characters.");
        if (trimmed.Contains('\0')) throw new InputException("altText", "This text holds a NUL character, which cannot be stored.");
        return trimmed;
    }

    /// <summary>The name as uploaded without its folders or control characters, with the extension of what the file
    /// really is (a JPEG called photo.png is photo.jpg).</summary>
    private static string NameOf(string? fileName, string extension)
    {
        var bare = Path.GetFileNameWithoutExtension(Path.GetFileName((fileName ?? "").Replace('\\', '/')) ?? "");
        var cleaned = new string([.. bare.Where(c => !char.IsControl(c))]).Trim();
        if (cleaned.Length == 0) cleaned = "image";
        var maxStem = MaxNameLength - extension.Length - 1;
        if (cleaned.Length > maxStem) cleaned = cleaned[..maxStem];
        return $"{cleaned}.{extension}";
    }

    /// <summary>A session advisory lock on one file's hash, released when disposed (or when the connection ends).</summary>
    private static async Task<IAsyncDisposable> LockFileAsync(NpgsqlConnection connection, string sha256, CancellationToken cancellationToken)
    {
        var key = BitConverter.ToInt64(Convert.FromHexString(sha256[..16]));
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@key)", new { key }, cancellationToken: cancellationToken));
        return new FileLock(connection, key);
    }

    private sealed class FileLock(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key });
    }

    private static async Task<IEnumerable<MediaItem>> QueryAsync(NpgsqlConnection connection, string sql, object parameters,
        CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        var rows = await connection.QueryAsync<(Guid Id, string Name, string ContentType, long Bytes, int Width, int Height, string? AltText,
            Guid? UploadedBy, DateTime UploadedAt, string Sha256)>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        return rows.Select(r => new MediaItem(r.Id, r.Name, r.ContentType, r.Bytes, r.Width, r.Height, r.AltText, r.UploadedBy,
            new DateTimeOffset(DateTime.SpecifyKind(r.UploadedAt, DateTimeKind.Utc)), r.Sha256));
    }
}
