namespace Chorus.Charter;

/// <summary>How much a breach of a rule matters. A blocking breach stops approval only in a workspace whose charter
/// says so (<see cref="CharterSettings.BreachBlocksApproval"/>); elsewhere it is reported as a warning.</summary>
public enum CharterSeverity
{
    Warning,
    Blocking,
}

/// <summary>A word or phrase the brand does not write. Found whatever its case and accents, after a French elision
/// (l’, d’, qu’...), and as a sequence of words for a phrase; a final * matches any ending ("arnaqu*").</summary>
/// <param name="Note">What to write instead, or why, shown with the finding.</param>
public sealed record BannedTerm(string Term, CharterSeverity Severity = CharterSeverity.Warning, string? Note = null);

/// <summary>A disclaimer or mention every post must carry, on one channel or all, in one campaign or all.</summary>
/// <param name="ChannelId">The channel it applies to; null for every channel.</param>
/// <param name="Campaign">The campaign it applies to (its key); null for every post.</param>
public sealed record RequiredMention(string Text, Guid? ChannelId = null, string? Campaign = null, CharterSeverity Severity = CharterSeverity.Warning);

/// <summary>What a workspace's admins set: the body of PUT /charter and of `chorus charter set`.</summary>
/// <param name="ToneNotes">How the brand speaks, shown to whoever writes.</param>
/// <param name="ToxicityThreshold">The text engine's toxicity score (0 to 1) from which a text breaches the charter; null to not check it.</param>
/// <param name="BreachBlocksApproval">A blocking breach stops the post's approval.</param>
public sealed record CharterSettings(
    string? ToneNotes = null,
    IReadOnlyList<BannedTerm>? BannedTerms = null,
    IReadOnlyList<RequiredMention>? RequiredMentions = null,
    double? ToxicityThreshold = null,
    CharterSeverity ToxicitySeverity = CharterSeverity.Warning,
    bool BreachBlocksApproval = false);

/// <summary>A workspace's charter as stored; a workspace that never set one has an empty charter.</summary>
public sealed record WorkspaceCharter(
    string ToneNotes,
    IReadOnlyList<BannedTerm> BannedTerms,
    IReadOnlyList<RequiredMention> RequiredMentions,
    double? ToxicityThreshold,
    CharterSeverity ToxicitySeverity,
    bool BreachBlocksApproval,
    DateTimeOffset? UpdatedAt,
    Guid? UpdatedBy)
{
    public static WorkspaceCharter Empty { get; } = new("", [], [], null, CharterSeverity.Warning, false, null, null);

    public bool IsEmpty => ToneNotes.Length == 0 && BannedTerms.Count == 0 && RequiredMentions.Count == 0 && ToxicityThreshold is null;
}

/// <summary>What is checked: a post's variant, or a reply of the inbox.</summary>
/// <param name="Text">The text (of a thread's first post).</param>
public sealed record CharterSubject(string Text)
{
    public string? Title { get; init; }

    /// <summary>A thread's following posts, in order.</summary>
    public IReadOnlyList<string> Parts { get; init; } = [];

    /// <summary>The channel it goes to, for the mentions required on that channel.</summary>
    public Guid? ChannelId { get; init; }

    /// <summary>The campaign it belongs to (its key), for the mentions required in that campaign.</summary>
    public string? Campaign { get; init; }

    /// <summary>BCP 47 language ("fr", "en") for the toxicity score; detected when null.</summary>
    public string? Language { get; init; }
}

/// <summary>Which rule of the charter a finding breaches.</summary>
public enum CharterRule
{
    BannedTerm,
    RequiredMention,
    Toxicity,
}

/// <summary>
/// One breach of the charter. <paramref name="Field"/> names where (<c>text</c>, <c>title</c>, <c>parts[2].text</c>,
/// as <c>VariantRules</c> does); <paramref name="Start"/> and <paramref name="Length"/> locate the term in that field in
/// UTF-16 units (null for a missing mention); <paramref name="Part"/> is the index in <see cref="CharterSubject.Parts"/>
/// (null for the text and the title).
/// </summary>
/// <param name="Term">The banned term as the charter writes it, the missing mention, or the words that raised the toxicity.</param>
/// <param name="Severity">Blocking only when the workspace's breaches block approval.</param>
/// <param name="Note">The charter's note on a banned term.</param>
public sealed record CharterFinding(CharterRule Rule, string Term, CharterSeverity Severity, string Field, int? Part, int? Start, int? Length,
    string Message, string? Note = null);

/// <summary>What the check found, whether it stops approval, and the tone notes to show beside it.</summary>
public sealed record CharterReport(IReadOnlyList<CharterFinding> Findings, bool BlocksApproval, string ToneNotes);
