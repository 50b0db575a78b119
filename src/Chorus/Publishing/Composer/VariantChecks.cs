using Chorus.Charter;
using Chorus.Connectors.Abstractions;
using Chorus.Media;

namespace Chorus.Publishing.Composer;

/// <summary>One variant as the composer or the workflow holds it, with its channel and network.</summary>
/// <param name="Media">The attached files with the alternative text the variant gives them.</param>
public sealed record VariantToCheck(
    Guid ChannelId,
    string ChannelName,
    NetworkDescriptor Network,
    string Text,
    string? Title = null,
    string? Link = null,
    string? ContentWarning = null,
    string? Language = null,
    IReadOnlyList<string>? ThreadParts = null,
    string? FirstComment = null,
    IReadOnlyList<VariantMedia>? Media = null);

/// <summary>
/// What a variant's network and the workspace's charter say of it. Fields are named as in the posts API: <c>text</c>,
/// <c>title</c>, <c>contentWarning</c>, <c>media[1]</c>, <c>media[1].altText</c>, <c>threadParts[0]</c>, <c>firstComment</c>.
/// </summary>
/// <param name="Counts">Each text's length as the network counts it (the text with the link the engine adds).</param>
/// <param name="Problems">What the network would refuse: submitting is refused while there is one.</param>
/// <param name="Findings">The charter's findings; a blocking one refuses submitting, a warning does not.</param>
public sealed record VariantReport(Guid ChannelId, string Network, IReadOnlyList<TextCount> Counts, IReadOnlyList<VariantProblem> Problems,
    IReadOnlyList<CharterFinding> Findings)
{
    public bool BlocksSubmit => Problems.Count > 0 || Findings.Any(f => f.Severity == CharterSeverity.Blocking);
}

/// <summary>
/// Runs the network's rules (<see cref="VariantRules"/>, with the workspace's alt-text setting) and the workspace's
/// charter (<see cref="CharterCheck"/>) over variants: the composer as people type, the workflow on submit.
/// </summary>
public sealed class VariantChecks(CharterCheck charter, MediaLibrary media)
{
    public async Task<IReadOnlyList<VariantReport>> CheckAsync(Guid workspaceId, IReadOnlyList<VariantToCheck> variants, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variants);
        var policy = new VariantPolicy((await media.SettingsAsync(workspaceId, cancellationToken)).AltTextRequired);
        var reports = new List<VariantReport>(variants.Count);
        foreach (var variant in variants)
        {
            var threadParts = variant.ThreadParts ?? [];
            var rules = VariantRules.Check(variant.Network, new VariantContent
            {
                // As the engine publishes it: the link goes at the end of the text.
                Text = PublishVariantJob.WithLink(variant.Text, variant.Link),
                Title = variant.Title,
                ContentWarning = variant.ContentWarning,
                Media = variant.Media ?? [],
                Parts = threadParts.Select(p => new VariantPart(p)).ToList(),
            }, policy);
            var problems = rules.Problems.Select(p => p with { Field = PublishingService.ApiField(p.Field) }).ToList();
            var counts = rules.Counts.Select(c => c with { Field = PublishingService.ApiField(c.Field) }).ToList();
            if (variant.FirstComment is { } comment)
            {
                // The first comment is a post of its own on the network.
                var commentRules = VariantRules.Check(variant.Network, new VariantContent { Text = comment }, policy);
                problems.AddRange(commentRules.Problems.Select(p => p with { Field = FirstCommentField(p.Field) }));
                counts.AddRange(commentRules.Counts.Select(c => c with { Field = FirstCommentField(c.Field) }));
            }

            var parts = variant.FirstComment is { } first ? [.. threadParts, first] : threadParts;
            var report = await charter.CheckAsync(workspaceId, new CharterSubject(variant.Text)
            {
                Title = variant.Title,
                Parts = parts,
                ChannelId = variant.ChannelId,
                Language = variant.Language,
            }, cancellationToken);
            var findings = report.Findings.Select(f => f.Part is { } part
                ? f with { Field = part < threadParts.Count ? $"threadParts[{part}]" : "firstComment" }
                : f).ToList();
            reports.Add(new VariantReport(variant.ChannelId, variant.Network.Id, counts, problems, findings));
        }
        return reports;
    }

    /// <summary>The workspace's tone notes, shown to whoever writes.</summary>
    public async Task<string> ToneNotesAsync(Guid workspaceId, CancellationToken cancellationToken = default) =>
        (await charter.CompiledAsync(workspaceId, cancellationToken)).Charter.ToneNotes;

    private static string FirstCommentField(string field) => field == "text" ? "firstComment" : "firstComment." + field;
}
