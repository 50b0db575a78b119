using System.Globalization;
using Chorus.Charter;
using Chorus.Connectors.Abstractions;
using Microsoft.Extensions.Localization;

namespace Chorus.Publishing.Composer.Pages;

/// <summary>The checks' findings in the reader's language, from their kind and figures (the services' own messages are English).</summary>
public static class ComposerText
{
    public static string Describe(IStringLocalizer localizer, VariantProblem problem)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(problem);
        var length = Number(problem.Length);
        var limit = Number(problem.Limit);
        return problem.Kind switch
        {
            VariantProblemKind.Empty => localizer["Write some text or attach an image."],
            VariantProblemKind.Required => localizer["A title is required on this network."],
            VariantProblemKind.TooLong => localizer["{0} characters; this network allows {1}.", length, limit],
            VariantProblemKind.TooManyBytes => localizer["{0} bytes in UTF-8; this network stores at most {1}.", length, limit],
            VariantProblemKind.TooManyFiles => localizer["{0} images; this network takes {1} per post.", length, limit],
            VariantProblemKind.FileType => localizer["This network does not take this type of file."],
            VariantProblemKind.FileTooLarge => localizer["{0} bytes; this network takes files up to {1} bytes.", length, limit],
            VariantProblemKind.AltTextRequired => localizer["Describe this image: the workspace requires an alternative text."],
            VariantProblemKind.NotSupported when problem.Field.StartsWith("contentWarning", StringComparison.Ordinal) =>
                localizer["This network has no content warning; remove it."],
            VariantProblemKind.NotSupported when problem.Field.StartsWith("threadParts", StringComparison.Ordinal) =>
                localizer["This network does not publish threads; keep one post."],
            VariantProblemKind.NotSupported => localizer["This network takes no images; remove them."],
            _ => problem.Message,
        };
    }

    public static string Describe(IStringLocalizer localizer, CharterFinding finding)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Rule switch
        {
            CharterRule.RequiredMention => localizer["Required mention: “{0}” is missing.", finding.Term],
            CharterRule.Toxicity => localizer["Toxicity: the text reads as toxic ({0}).", finding.Term],
            _ => localizer["Banned term: “{0}” at character {1}.", finding.Term, (finding.Start ?? 0) + 1],
        };
    }

    private static string Number(long? value) => value?.ToString("N0", CultureInfo.CurrentCulture) ?? "?";
}
