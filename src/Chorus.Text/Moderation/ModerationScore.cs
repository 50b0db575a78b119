namespace Chorus.Text.Moderation;

/// <summary>
/// Abuse and spam likelihood of a text, each in [0, 1], with the reasons that raised them. Each category
/// combines its reasons' weights as independent evidence (1 − Π(1 − wᵢ)); <see cref="Toxicity"/> combines
/// all abuse reasons the same way, so it is at least the highest category.
/// </summary>
public sealed record ModerationScore(double Toxicity, double Spam, IReadOnlyList<ModerationReason> Reasons)
{
    /// <summary>A score with nothing found.</summary>
    public static ModerationScore Clean { get; } = new(0, 0, []);

    /// <summary>Insults aimed at someone (or strong enough to be insults whoever they aim at).</summary>
    public double Insult { get; init; }

    /// <summary>Threats of violence and incitement to violence or self-harm.</summary>
    public double Threat { get; init; }

    /// <summary>Attacks on origin, religion, gender, sexual orientation or disability: slurs, or an identity term with hostile phrasing.</summary>
    public double IdentityAttack { get; init; }

    /// <summary>Swearing and sexual vulgarity; low when friendly ("putain c'est trop bien").</summary>
    public double Obscenity { get; init; }
}
