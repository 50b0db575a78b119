using Chorus.Channels;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Charter.Pages;

public sealed class CharterModel(CharterService charters, CharterCheck check, ChannelService channels, IStringLocalizer<SharedResource> localizer)
    : WorkspacePageModel
{
    /// <summary>One line per term in the form: "term" or "term | note".</summary>
    public const char NoteSeparator = '|';

    public WorkspaceCharter Charter { get; private set; } = WorkspaceCharter.Empty;

    public IReadOnlyList<Channel> Channels { get; private set; } = [];

    [BindProperty] public string? ToneNotes { get; set; }

    [BindProperty] public string? WarningTerms { get; set; }

    [BindProperty] public string? BlockingTerms { get; set; }

    [BindProperty] public List<MentionRow> Mentions { get; set; } = [];

    [BindProperty] public bool CheckToxicity { get; set; }

    [BindProperty] public double? ToxicityThreshold { get; set; }

    [BindProperty] public CharterSeverity ToxicitySeverity { get; set; }

    [BindProperty] public bool BreachBlocksApproval { get; set; }

    /// <summary>The text tried against the charter, and what it found.</summary>
    [BindProperty] public string? SampleText { get; set; }

    [BindProperty] public Guid? SampleChannel { get; set; }

    public CharterReport? Report { get; private set; }

    public sealed class MentionRow
    {
        public string? Text { get; set; }
        public Guid? ChannelId { get; set; }
        public string? Campaign { get; set; }
        public CharterSeverity Severity { get; set; }
    }

    public async Task OnGetAsync() => await LoadAsync(fillForm: true);

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (!Workspace.Can(Permission.ManageCharter)) return Forbid();
        var warning = Lines(WarningTerms).Select(line => Term(line, CharterSeverity.Warning)).ToList();
        var blocking = Lines(BlockingTerms).Select(line => Term(line, CharterSeverity.Blocking)).ToList();
        var mentions = Mentions.Where(m => !string.IsNullOrWhiteSpace(m.Text)).ToList();
        var settings = new CharterSettings(ToneNotes, [.. warning, .. blocking],
            mentions.Select(m => new RequiredMention(m.Text!, m.ChannelId, m.Campaign, m.Severity)).ToList(),
            CheckToxicity ? ToxicityThreshold ?? 0.5 : null, ToxicitySeverity, BreachBlocksApproval);
        try
        {
            await charters.SaveAsync(Workspace, settings, HttpContext.RequestAborted);
        }
        catch (InputException input)
        {
            foreach (var error in input.Errors) ModelState.AddModelError(FormField(error.Field, warning.Count, mentions), error.Reason);
            await LoadAsync(fillForm: false);
            return Page();
        }
        Flash(localizer["The charter is saved."]);
        return Redirect($"/w/{Workspace.WorkspaceId}/charter");
    }

    public async Task<IActionResult> OnPostCheckAsync()
    {
        await LoadAsync(fillForm: true);
        try
        {
            Report = await check.CheckAsync(Workspace.WorkspaceId, CharterApi.Subject(new CharterApi.CheckRequest(SampleText ?? "", ChannelId: SampleChannel)),
                HttpContext.RequestAborted);
        }
        catch (InputException input)
        {
            ModelState.AddModelError(nameof(SampleText), input.Message);
        }
        return Page();
    }

    /// <summary>The few words around a finding, with the term apart so the page can mark it.</summary>
    public (string Before, string Term, string After) Excerpt(CharterFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var text = SampleText ?? "";
        if (finding.Start is not { } start || finding.Length is not { } length || start + length > text.Length) return ("", "", "");
        var from = Math.Max(0, start - 30);
        var to = Math.Min(text.Length, start + length + 30);
        return ((from > 0 ? "…" : "") + text[from..start], text.Substring(start, length), text[(start + length)..to] + (to < text.Length ? "…" : ""));
    }

    private async Task LoadAsync(bool fillForm)
    {
        Charter = await charters.GetAsync(Workspace, HttpContext.RequestAborted);
        Channels = (await channels.ListAsync(Workspace, null, Cursor.MaxLimit, HttpContext.RequestAborted)).Items;
        if (!fillForm) return;
        ToneNotes = Charter.ToneNotes;
        WarningTerms = string.Join('\n', Charter.BannedTerms.Where(t => t.Severity == CharterSeverity.Warning).Select(Line));
        BlockingTerms = string.Join('\n', Charter.BannedTerms.Where(t => t.Severity == CharterSeverity.Blocking).Select(Line));
        Mentions = Charter.RequiredMentions.Select(m => new MentionRow { Text = m.Text, ChannelId = m.ChannelId, Campaign = m.Campaign, Severity = m.Severity }).ToList();
        CheckToxicity = Charter.ToxicityThreshold is not null;
        ToxicityThreshold = Charter.ToxicityThreshold ?? 0.5;
        ToxicitySeverity = Charter.ToxicitySeverity;
        BreachBlocksApproval = Charter.BreachBlocksApproval;
    }

    private static string Line(BannedTerm term) => term.Note is null ? term.Term : $"{term.Term} {NoteSeparator} {term.Note}";

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0);

    private static BannedTerm Term(string line, CharterSeverity severity)
    {
        var separator = line.IndexOf(NoteSeparator, StringComparison.Ordinal);
        return separator < 0 ? new BannedTerm(line, severity) : new BannedTerm(line[..separator].Trim(), severity, line[(separator + 1)..].Trim());
    }

    // The service names fields as the API has them; the form has two lists of terms and one row per mention.
    private static string FormField(string field, int warningCount, List<MentionRow> mentions)
    {
        if (field.StartsWith("bannedTerms[", StringComparison.Ordinal) && int.TryParse(field.AsSpan(12, field.IndexOf(']', StringComparison.Ordinal) - 12), out var term))
            return term < warningCount ? nameof(WarningTerms) : nameof(BlockingTerms);
        if (field == "bannedTerms") return nameof(WarningTerms);
        if (field.StartsWith("requiredMentions[", StringComparison.Ordinal) && int.TryParse(field.AsSpan(17, field.IndexOf(']', StringComparison.Ordinal) - 17), out var mention))
            return $"Mentions_{mention}__{(field.EndsWith(".campaign", StringComparison.Ordinal) ? "Campaign" : field.EndsWith(".channelId", StringComparison.Ordinal) ? "ChannelId" : "Text")}";
        return field switch
        {
            "toneNotes" => nameof(ToneNotes),
            "toxicityThreshold" => nameof(ToxicityThreshold),
            _ => string.Empty,
        };
    }
}
