using Chorus.Platform.Audit;
using Chorus.Text.Tokens;
using Chorus.Workspaces;
using Dapper;
using Npgsql;

namespace Chorus.Charter;

/// <summary>A workspace's communication charter: read it, replace it (checked whole, audited). Checking a text
/// against it is <see cref="CharterCheck"/>.</summary>
public sealed class CharterService(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock)
{
    public const int MaxToneNotes = 4000;
    public const int MaxBannedTerms = 500;
    public const int MaxTermLength = 200;
    public const int MaxNoteLength = 500;
    public const int MaxRequiredMentions = 100;
    public const int MaxMentionLength = 500;
    public const int MaxCampaignLength = 200;

    public Task<WorkspaceCharter> GetAsync(WorkspaceContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LoadAsync(context.WorkspaceId, cancellationToken);
    }

    /// <summary>The charter of a workspace, or <see cref="WorkspaceCharter.Empty"/>.</summary>
    public async Task<WorkspaceCharter> LoadAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        using var read = await connection.QueryMultipleAsync(new CommandDefinition("""
            select tone_notes, toxicity_threshold, toxicity_severity, breach_blocks_approval, updated_at, updated_by
            from charters where workspace_id = @workspaceId;
            select term, severity, note from charter_banned_terms where workspace_id = @workspaceId order by position;
            select text, channel_id, campaign, severity from charter_required_mentions where workspace_id = @workspaceId order by position;
            """, new { workspaceId }, cancellationToken: cancellationToken));
        var head = await read.ReadSingleOrDefaultAsync<(string? ToneNotes, double? Threshold, string ToxicitySeverity, bool Blocks, DateTimeOffset UpdatedAt, Guid? UpdatedBy)>();
        var terms = (await read.ReadAsync<(string Term, string Severity, string? Note)>()).Select(t => new BannedTerm(t.Term, Severity(t.Severity), t.Note)).ToList();
        var mentions = (await read.ReadAsync<(string Text, Guid? ChannelId, string? Campaign, string Severity)>())
            .Select(m => new RequiredMention(m.Text, m.ChannelId, m.Campaign, Severity(m.Severity))).ToList();
        return head.ToneNotes is null
            ? WorkspaceCharter.Empty
            : new WorkspaceCharter(head.ToneNotes, terms, mentions, head.Threshold, Severity(head.ToxicitySeverity), head.Blocks, head.UpdatedAt, head.UpdatedBy);
    }

    /// <summary>Replaces the charter after checking all of it; bad values are one <see cref="InputException"/>
    /// naming each field (<c>bannedTerms[2].term</c>). Audited as <c>charter.updated</c> with what changed.</summary>
    public async Task<WorkspaceCharter> SaveAsync(WorkspaceContext context, CharterSettings? settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clean = Checked(settings ?? throw new InputException("charter", "The charter is required."));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await CheckChannelsAsync(connection, transaction, context.WorkspaceId, clean.RequiredMentions!, cancellationToken);
        // Serialises two admins saving at once: the second replaces the first whole, and each audit entry is true.
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(hashtextextended('charter:' || @workspaceId::text, 0))",
            new { workspaceId = context.WorkspaceId }, transaction, cancellationToken: cancellationToken));
        var before = await LoadInAsync(connection, transaction, context.WorkspaceId, cancellationToken);
        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into charters (workspace_id, tone_notes, toxicity_threshold, toxicity_severity, breach_blocks_approval, updated_by, updated_at)
            values (@workspaceId, @toneNotes, @threshold, @toxicitySeverity, @blocks, @userId, @now)
            on conflict (workspace_id) do update set tone_notes = excluded.tone_notes, toxicity_threshold = excluded.toxicity_threshold,
                toxicity_severity = excluded.toxicity_severity, breach_blocks_approval = excluded.breach_blocks_approval,
                updated_by = excluded.updated_by, updated_at = greatest(excluded.updated_at, charters.updated_at + interval '1 microsecond');
            delete from charter_banned_terms where workspace_id = @workspaceId;
            delete from charter_required_mentions where workspace_id = @workspaceId;
            """, new
            {
                workspaceId = context.WorkspaceId, toneNotes = clean.ToneNotes, threshold = clean.ToxicityThreshold,
                toxicitySeverity = Name(clean.ToxicitySeverity), blocks = clean.BreachBlocksApproval, userId = context.Actor.UserId, now,
            }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into charter_banned_terms (workspace_id, position, term, severity, note) values (@workspaceId, @position, @term, @severity, @note)
            """, clean.BannedTerms!.Select((t, i) => new { workspaceId = context.WorkspaceId, position = i, term = t.Term, severity = Name(t.Severity), note = t.Note }),
            transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into charter_required_mentions (workspace_id, position, text, channel_id, campaign, severity)
            values (@workspaceId, @position, @text, @channelId, @campaign, @severity)
            """, clean.RequiredMentions!.Select((m, i) => new
            {
                workspaceId = context.WorkspaceId, position = i, text = m.Text, channelId = m.ChannelId, campaign = m.Campaign, severity = Name(m.Severity),
            }), transaction, cancellationToken: cancellationToken));
        await audit.WriteAsync(connection, transaction, context.Actor, context.OrganizationId, context.WorkspaceId, "charter.updated", "workspace",
            context.WorkspaceId.ToString(), Changes(before, clean), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await LoadAsync(context.WorkspaceId, cancellationToken);
    }

    private async Task<WorkspaceCharter> LoadInAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid workspaceId, CancellationToken cancellationToken)
    {
        var terms = await connection.QueryAsync<string>(new CommandDefinition("select term from charter_banned_terms where workspace_id = @workspaceId order by position",
            new { workspaceId }, transaction, cancellationToken: cancellationToken));
        var mentions = await connection.QueryAsync<string>(new CommandDefinition("select text from charter_required_mentions where workspace_id = @workspaceId order by position",
            new { workspaceId }, transaction, cancellationToken: cancellationToken));
        var head = await connection.QuerySingleOrDefaultAsync<(double? Threshold, bool? Blocks)>(new CommandDefinition(
            "select toxicity_threshold, breach_blocks_approval from charters where workspace_id = @workspaceId", new { workspaceId }, transaction, cancellationToken: cancellationToken));
        return WorkspaceCharter.Empty with
        {
            BannedTerms = terms.Select(t => new BannedTerm(t)).ToList(),
            RequiredMentions = mentions.Select(m => new RequiredMention(m)).ToList(),
            ToxicityThreshold = head.Threshold,
            BreachBlocksApproval = head.Blocks ?? false,
        };
    }

    // The audit entry says what an admin would ask: which terms and mentions came and went, and the switches.
    private static object Changes(WorkspaceCharter before, CharterSettings after)
    {
        var termsBefore = before.BannedTerms.Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
        var termsAfter = after.BannedTerms!.Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
        var mentionsBefore = before.RequiredMentions.Select(m => m.Text).ToHashSet(StringComparer.Ordinal);
        var mentionsAfter = after.RequiredMentions!.Select(m => m.Text).ToHashSet(StringComparer.Ordinal);
        return new
        {
            bannedTermsAdded = termsAfter.Except(termsBefore).ToList(),
            bannedTermsRemoved = termsBefore.Except(termsAfter).ToList(),
            requiredMentionsAdded = mentionsAfter.Except(mentionsBefore).ToList(),
            requiredMentionsRemoved = mentionsBefore.Except(mentionsAfter).ToList(),
            toxicityThreshold = after.ToxicityThreshold,
            breachBlocksApproval = after.BreachBlocksApproval,
        };
    }

    private static async Task CheckChannelsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid workspaceId,
        IReadOnlyList<RequiredMention> mentions, CancellationToken cancellationToken)
    {
        var wanted = mentions.Where(m => m.ChannelId is not null).Select(m => m.ChannelId!.Value).Distinct().ToArray();
        if (wanted.Length == 0) return;
        var known = (await connection.QueryAsync<Guid>(new CommandDefinition("select id from channels where workspace_id = @workspaceId and id = any(@wanted)",
            new { workspaceId, wanted }, transaction, cancellationToken: cancellationToken))).ToHashSet();
        for (var i = 0; i < mentions.Count; i++)
        {
            if (mentions[i].ChannelId is { } channel && !known.Contains(channel))
                throw new InputException($"requiredMentions[{i}].channelId", $"{channel} is not a channel of this workspace.");
        }
    }

    /// <summary>The settings trimmed and checked, lists never null; every wrong field is reported at once.</summary>
    public static CharterSettings Checked(CharterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new InputErrors();
        var toneNotes = (settings.ToneNotes ?? "").Trim();
        if (toneNotes.Length > MaxToneNotes) errors.Add("toneNotes", $"At most {MaxToneNotes} characters.");

        var terms = settings.BannedTerms ?? [];
        if (terms.Count > MaxBannedTerms) errors.Add("bannedTerms", $"At most {MaxBannedTerms} terms.");
        var cleanTerms = new List<BannedTerm>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < terms.Count && i < MaxBannedTerms; i++)
        {
            var index = i;
            var field = $"bannedTerms[{i}]";
            var clean = errors.Check(() =>
            {
                var term = terms[index] ?? throw new InputException(field, "A term is required here.");
                var text = Text(field + ".term", term.Term, MaxTermLength);
                if (TermPattern.TryCompile(text) is null) throw new InputException(field + ".term", "Write at least one word or emoji to look for.");
                var key = TextFolding.Fold(text);
                if (seen.TryGetValue(key, out var earlier)) throw new InputException(field + ".term", $"“{text}” is already banned (bannedTerms[{earlier}]).");
                seen[key] = index;
                return new BannedTerm(text, Defined(field + ".severity", term.Severity), Optional(field + ".note", term.Note, MaxNoteLength));
            });
            if (clean is not null) cleanTerms.Add(clean);
        }

        var mentions = settings.RequiredMentions ?? [];
        if (mentions.Count > MaxRequiredMentions) errors.Add("requiredMentions", $"At most {MaxRequiredMentions} mentions.");
        var cleanMentions = new List<RequiredMention>();
        for (var i = 0; i < mentions.Count && i < MaxRequiredMentions; i++)
        {
            var index = i;
            var field = $"requiredMentions[{i}]";
            var clean = errors.Check(() =>
            {
                var mention = mentions[index] ?? throw new InputException(field, "A mention is required here.");
                var text = Text(field + ".text", mention.Text, MaxMentionLength);
                if (TermPattern.TryCompile(text) is null) throw new InputException(field + ".text", "Write at least one word, hashtag or emoji to look for.");
                return new RequiredMention(text, mention.ChannelId == Guid.Empty ? null : mention.ChannelId,
                    Optional(field + ".campaign", mention.Campaign, MaxCampaignLength), Defined(field + ".severity", mention.Severity));
            });
            if (clean is not null) cleanMentions.Add(clean);
        }

        if (settings.ToxicityThreshold is { } threshold && !(threshold > 0 && threshold <= 1))
            errors.Add("toxicityThreshold", "A score between 0 (excluded) and 1, such as 0.5; leave it empty to not check toxicity.");
        var toxicitySeverity = errors.Check(() => Defined("toxicitySeverity", settings.ToxicitySeverity));
        errors.ThrowIfAny();

        return new CharterSettings(toneNotes, cleanTerms, cleanMentions, settings.ToxicityThreshold, toxicitySeverity, settings.BreachBlocksApproval);
    }

    private static string Text(string field, string? value, int maxLength) => Input.Required(field, value, maxLength);

    private static string? Optional(string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        return trimmed.Length <= maxLength ? trimmed : throw new InputException(field, $"At most {maxLength} characters.");
    }

    private static CharterSeverity Defined(string field, CharterSeverity severity) =>
        Enum.IsDefined(severity) ? severity : throw new InputException(field, "Either Warning or Blocking.");

    private static string Name(CharterSeverity severity) => severity == CharterSeverity.Blocking ? "blocking" : "warning";

    private static CharterSeverity Severity(string stored) => stored == "blocking" ? CharterSeverity.Blocking : CharterSeverity.Warning;
}
