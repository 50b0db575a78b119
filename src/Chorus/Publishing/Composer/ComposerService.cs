using Chorus.Connectors.Abstractions;
using Dapper;
using Npgsql;

namespace Chorus.Publishing.Composer;

/// <summary>A variant being written, as the composer sends it to be checked (nothing is saved).</summary>
/// <param name="ChannelId">One of the workspace's channels whose network publishes.</param>
/// <param name="Media">Images of the workspace's library, in order, each with the alternative text this variant gives it.</param>
public sealed record VariantDraft(
    Guid ChannelId,
    string? Text,
    string? Title = null,
    string? Link = null,
    string? ContentWarning = null,
    string? Language = null,
    IReadOnlyList<string>? ThreadParts = null,
    string? FirstComment = null,
    IReadOnlyList<VariantMediaItem>? Media = null);

public sealed record VariantsCheckRequest(IReadOnlyList<VariantDraft>? Variants);

/// <param name="ToneNotes">How the workspace's charter says the brand speaks.</param>
public sealed record VariantsCheckResponse(IReadOnlyList<VariantReport> Variants, string ToneNotes);

/// <summary>The composer's live check: variants not yet saved, counted and checked as their networks and the charter say.</summary>
public sealed class ComposerService(NpgsqlDataSource dataSource, NetworkCatalog networks, VariantChecks checks, VariantMediaStore media)
{
    public const int MaxVariants = 50;

    public async Task<VariantsCheckResponse> CheckAsync(WorkspaceContext context, VariantsCheckRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Variants is not { Count: > 0 } drafts) throw new InputException("variants", "Give at least one variant to check.");
        if (drafts.Count > MaxVariants) throw new InputException("variants", $"At most {MaxVariants} variants at once.");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var channels = (await connection.QueryAsync<(Guid Id, string Network, string Name)>(new CommandDefinition(
            "select id, network, name from channels where workspace_id = @workspaceId and id = any(@ids)",
            new { workspaceId = context.WorkspaceId, ids = drafts.Select(d => d.ChannelId).ToArray() }, cancellationToken: cancellationToken))).ToDictionary(c => c.Id);
        var toCheck = new List<VariantToCheck>(drafts.Count);
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i] ?? throw new InputException($"variants[{i}]", "A variant is missing.");
            if (!channels.TryGetValue(draft.ChannelId, out var channel))
                throw new InputException($"variants[{i}].channelId", $"{draft.ChannelId} is not a channel of this workspace.");
            if (networks.Find(channel.Network) is not { CanPublish: true } network)
                throw new InputException($"variants[{i}].channelId", $"{channel.Name} cannot publish posts.");
            if (draft.Text is { Length: > PublishingService.MaxTextLength })
                throw new InputException($"variants[{i}].text", $"At most {PublishingService.MaxTextLength} characters.");
            if ((draft.ThreadParts?.Count ?? 0) > PublishingService.MaxThreadParts)
                throw new InputException($"variants[{i}].threadParts", $"At most {PublishingService.MaxThreadParts} parts.");
            toCheck.Add(new VariantToCheck(channel.Id, channel.Name, network, draft.Text ?? "", Blank(draft.Title), Blank(draft.Link), Blank(draft.ContentWarning),
                Blank(draft.Language), draft.ThreadParts?.Select(p => p ?? "").ToList(), Blank(draft.FirstComment),
                await media.DescribeAsync(context.WorkspaceId, draft.Media, $"variants[{i}].media", cancellationToken)));
        }
        return new VariantsCheckResponse(await checks.CheckAsync(context.WorkspaceId, toCheck, cancellationToken),
            await checks.ToneNotesAsync(context.WorkspaceId, cancellationToken));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
