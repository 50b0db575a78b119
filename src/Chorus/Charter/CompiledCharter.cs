using Chorus.Text.Moderation;

namespace Chorus.Charter;

/// <summary>A charter ready to check texts: its terms compiled once, so a check as the person types costs a
/// tokenization of the text and a look-up per term. Pure and thread-safe.</summary>
public sealed class CompiledCharter
{
    private readonly WorkspaceCharter _charter;
    private readonly (BannedTerm Rule, TermPattern Pattern)[] _banned;
    private readonly (RequiredMention Rule, TermPattern Pattern)[] _mentions;

    public CompiledCharter(WorkspaceCharter charter)
    {
        ArgumentNullException.ThrowIfNull(charter);
        _charter = charter;
        _banned = [.. charter.BannedTerms.Select(t => (t, TermPattern.TryCompile(t.Term))).Where(t => t.Item2 is not null).Select(t => (t.Item1, t.Item2!))];
        _mentions = [.. charter.RequiredMentions.Select(m => (m, TermPattern.TryCompile(m.Text))).Where(m => m.Item2 is not null).Select(m => (m.Item1, m.Item2!))];
    }

    public WorkspaceCharter Charter => _charter;

    public CharterReport Check(CharterSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var findings = new List<CharterFinding>();
        var fields = new List<(string Field, int? Part, string Text)>();
        if (!string.IsNullOrEmpty(subject.Title)) fields.Add(("title", null, subject.Title));
        fields.Add(("text", null, subject.Text ?? ""));
        for (var i = 0; i < subject.Parts.Count; i++) fields.Add(($"parts[{i}].text", i, subject.Parts[i] ?? ""));

        var tokenized = fields.Select(f => (f.Field, f.Part, f.Text, Tokens: TokenizedText.Of(f.Text))).ToList();
        foreach (var (field, part, _, tokens) in tokenized)
        {
            foreach (var (rule, pattern) in _banned)
            {
                foreach (var (start, length) in pattern.Matches(tokens))
                {
                    findings.Add(new CharterFinding(CharterRule.BannedTerm, rule.Term, Effective(rule.Severity), field, part, start, length,
                        $"“{rule.Term}” is banned by the charter.", rule.Note));
                }
            }
        }

        foreach (var (rule, pattern) in _mentions)
        {
            if (!Applies(rule, subject)) continue;
            // A disclaimer may sit in any post of a thread, not in the title.
            if (tokenized.Where(f => f.Field != "title").Any(f => pattern.Matches(f.Tokens).Any())) continue;
            findings.Add(new CharterFinding(CharterRule.RequiredMention, rule.Text, Effective(rule.Severity), "text", null, null, null,
                $"The charter requires “{rule.Text}” on this channel."));
        }

        if (_charter.ToxicityThreshold is { } threshold)
        {
            foreach (var (field, part, text, tokens) in tokenized)
            {
                if (string.IsNullOrWhiteSpace(text)) continue;
                var score = ModerationScorer.Score(text, subject.Language);
                if (score.Toxicity < threshold) continue;
                var words = score.Reasons.Where(r => !r.IsSpam).Select(r => r.Term).Distinct().ToList();
                var place = words.Select(w => TermPattern.TryCompile(w)?.Matches(tokens).FirstOrDefault()).FirstOrDefault(p => p is { Length: > 0 });
                findings.Add(new CharterFinding(CharterRule.Toxicity, string.Join(", ", words), Effective(_charter.ToxicitySeverity), field, part,
                    place?.Start, place?.Length,
                    $"Toxicity {score.Toxicity:0.00} reaches the charter's threshold of {threshold:0.00}."));
            }
        }

        // In reading order: the title, the text, then each part; within a field by place, a missing mention last.
        var ordered = findings.OrderBy(FieldOrder).ThenBy(f => f.Start ?? int.MaxValue).ToList();
        return new CharterReport(ordered, ordered.Any(f => f.Severity == CharterSeverity.Blocking), _charter.ToneNotes);
    }

    private static int FieldOrder(CharterFinding finding) => finding.Field == "title" ? 0 : finding.Part is { } part ? part + 2 : 1;

    private CharterSeverity Effective(CharterSeverity severity) =>
        _charter.BreachBlocksApproval ? severity : CharterSeverity.Warning;

    private static bool Applies(RequiredMention rule, CharterSubject subject) =>
        (rule.ChannelId is null || rule.ChannelId == subject.ChannelId)
        && (rule.Campaign is null || string.Equals(rule.Campaign, subject.Campaign?.Trim(), StringComparison.OrdinalIgnoreCase));
}
