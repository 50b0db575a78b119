namespace Chorus.Text.Moderation;

/// <summary>
/// Abuse and spam likelihood of a text, each in [0, 1], with the reasons that raised them.
/// Scores combine the reasons' weights as independent evidence (1 − Π(1 − wᵢ)).
/// </summary>
public sealed record ModerationScore(double Toxicity, double Spam, IReadOnlyList<ModerationReason> Reasons)
{
    /// <summary>A score with nothing found.</summary>
    public static ModerationScore Clean { get; } = new(0, 0, []);
}
