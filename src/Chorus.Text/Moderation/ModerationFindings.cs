namespace Chorus.Text.Moderation;

/// <summary>The abuse categories of <see cref="ModerationScore"/>; their names are the reasons' categories.</summary>
internal enum AbuseCategory
{
    Insult,
    Threat,
    IdentityAttack,
    Obscenity,
}

/// <summary>Reasons found so far and the noisy-or products of each category.</summary>
internal struct ModerationFindings
{
    private List<ModerationReason>? _reasons;
    private double _clean;
    private double _ham;
    private double _noInsult;
    private double _noThreat;
    private double _noIdentityAttack;
    private double _noObscenity;

    /// <summary>Generic praise phrases found ("merci pour le partage"), for <see cref="CommentSpam"/>.</summary>
    public int PraisePhrases;

    public ModerationFindings()
    {
        _clean = _ham = _noInsult = _noThreat = _noIdentityAttack = _noObscenity = 1;
    }

    public static string Name(AbuseCategory category) => category switch
    {
        AbuseCategory.Insult => "insult",
        AbuseCategory.Threat => "threat",
        AbuseCategory.IdentityAttack => "identity-attack",
        _ => "obscenity",
    };

    public void AddAbuse(AbuseCategory category, string term, double weight)
    {
        if (!Add(Name(category), term))
        {
            return;
        }
        var keep = 1 - Math.Clamp(weight, 0, 1);
        _clean *= keep;
        switch (category)
        {
            case AbuseCategory.Insult: _noInsult *= keep; break;
            case AbuseCategory.Threat: _noThreat *= keep; break;
            case AbuseCategory.IdentityAttack: _noIdentityAttack *= keep; break;
            default: _noObscenity *= keep; break;
        }
    }

    public void AddSpam(string category, string term, double weight)
    {
        if (Add(category, term))
        {
            _ham *= 1 - Math.Clamp(weight, 0, 1);
        }
    }

    /// <summary>Starts from a score already computed, to add reasons to it.</summary>
    public void Replay(ModerationScore score)
    {
        _reasons = [.. score.Reasons];
        _clean = 1 - score.Toxicity;
        _ham = 1 - score.Spam;
        _noInsult = 1 - score.Insult;
        _noThreat = 1 - score.Threat;
        _noIdentityAttack = 1 - score.IdentityAttack;
        _noObscenity = 1 - score.Obscenity;
    }

    public readonly ModerationScore ToScore() => _reasons is null
        ? ModerationScore.Clean
        : new ModerationScore(1 - _clean, 1 - _ham, _reasons)
        {
            Insult = 1 - _noInsult,
            Threat = 1 - _noThreat,
            IdentityAttack = 1 - _noIdentityAttack,
            Obscenity = 1 - _noObscenity,
        };

    // Each reason counts once however often the term appears.
    private bool Add(string category, string term)
    {
        _reasons ??= [];
        foreach (var reason in _reasons)
        {
            if (reason.Category == category && reason.Term == term)
            {
                return false;
            }
        }
        _reasons.Add(new ModerationReason(category, term));
        return true;
    }
}
