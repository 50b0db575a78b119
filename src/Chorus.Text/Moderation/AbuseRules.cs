using System.Buffers;

namespace Chorus.Text.Moderation;

/// <summary>An abuse term found at words [First, Last] of a text.</summary>
internal readonly record struct AbuseHit(int First, int Last, ModerationTerm Term);

/// <summary>
/// Weighs the abuse terms of a text by their context. A term's table weight is what it weighs alone; the
/// words around it raise or lower that: an insult aimed at someone ("t'es qu'un", "you", "espèce de", an
/// @mention) weighs more, one aimed at oneself ("i'm such an idiot") less; a swear word beside enthusiasm
/// ("putain c'est trop bien", "fucking awesome") is friendly; an identity term ("musulmans", "gay") weighs
/// nothing alone and becomes an identity attack only beside a slur, an insult, dehumanising or exclusion
/// phrasing ("sont une plaie", "go back to") or a hostile modifier ("sale", "dirty").
/// </summary>
/// <remarks>
/// Term categories of the table: insult (nouns and strong words), insult-mild (adjectives, mild nouns),
/// swear, sexual, slur, identity-insult (disability words used as insults: "mongol", "retard"), identity,
/// dehumanizing, exclusion, threat, self-harm.
/// </remarks>
internal static class AbuseRules
{
    /// <summary>Added to an insult aimed at someone: a strong insult then reaches 0.8+, a mild one about 0.65.</summary>
    public const double TargetedBonus = 0.3;

    /// <summary>Weight of an identity term with hostile phrasing, and of a disability word aimed at someone.</summary>
    public const double IdentityAttackWeight = 0.8;

    /// <summary>A swear word beside enthusiasm and aimed at nobody.</summary>
    public const double FriendlySwearWeight = 0.05;

    /// <summary>A swear word aimed at someone ("grosse merde", "sale merde") is an insult.</summary>
    public const double SwearAsInsultWeight = 0.75;

    /// <summary>An insult aimed at oneself.</summary>
    public const double SelfInsultWeight = 0.1;

    /// <summary>How far (in words) an identity term and the hostile phrasing about it may be.</summary>
    private const int IdentityWindow = 10;

    public static void Weigh(ReadOnlySpan<char> buffer, ReadOnlySpan<DecodedWord> words, List<AbuseHit> hits, bool mentions, ref ModerationFindings found)
    {
        var rented = words.Length > 256 ? ArrayPool<ContextRole>.Shared.Rent(words.Length) : null;
        var roles = rented is null ? stackalloc ContextRole[words.Length] : rented.AsSpan(0, words.Length);
        try
        {
            for (var i = 0; i < words.Length; i++)
            {
                roles[i] = ContextRoles.Of(buffer.Slice(words[i].Start, words[i].Length));
            }
            var identity = -1;
            var hostile = -1;
            string? hostileTerm = null;
            foreach (var hit in hits)
            {
                var term = hit.Term;
                var aimed = Near(roles, hit.First - 4, hit.Last + 2, ContextRole.SecondPerson) || (mentions && hit.First <= 2);
                var pointed = Near(roles, hit.First - 2, hit.First - 1, ContextRole.Pointer);
                var self = !aimed && Near(roles, hit.First - 3, hit.First - 1, ContextRole.Self);
                var isHostile = true;
                switch (term.Category)
                {
                    case "identity":
                        isHostile = false;
                        if (identity < 0 || (hostile >= 0 && Math.Abs(hit.First - hostile) < Math.Abs(identity - hostile)))
                        {
                            identity = hit.First;
                        }
                        if (hit.First > 0 && (roles[hit.First - 1] & ContextRole.Hostile) != 0)
                        {
                            found.AddAbuse(AbuseCategory.IdentityAttack, Word(buffer, words, hit.First - 1) + " " + term.Display, IdentityAttackWeight);
                        }
                        break;
                    case "insult":
                        found.AddAbuse(AbuseCategory.Insult, term.Display,
                            self ? SelfInsultWeight : term.Weight + (aimed || pointed ? TargetedBonus : 0));
                        isHostile = !self;
                        break;
                    case "insult-mild":
                        // "bande de clochards", "tous des débiles": the pointer may stand before "de"/"des".
                        var pointerAt = hit.First > 1 && Word(buffer, words, hit.First - 1) is "de" or "des" or "d'" or "of" ? hit.First - 2 : hit.First - 1;
                        var mildTarget = (aimed || Near(roles, pointerAt, pointerAt, ContextRole.Pointer))
                            && !Near(roles, hit.First - 3, hit.Last + 3, ContextRole.Positive);
                        found.AddAbuse(AbuseCategory.Insult, term.Display, self ? SelfInsultWeight : term.Weight + (mildTarget ? TargetedBonus + 0.05 : 0));
                        isHostile = !self;
                        break;
                    case "swear":
                        var friendly = Near(roles, hit.First - 3, hit.Last + 4, ContextRole.Positive);
                        // Only right before it: "grosse merde", "sale merde" — not "this is shit".
                        if (!friendly && hit.First > 0 && (roles[hit.First - 1] & ContextRole.Pointer) != 0)
                        {
                            found.AddAbuse(AbuseCategory.Insult, term.Display, SwearAsInsultWeight);
                        }
                        else
                        {
                            found.AddAbuse(AbuseCategory.Obscenity, friendly ? term.Display + " (friendly)" : term.Display,
                                friendly ? FriendlySwearWeight : term.Weight + (aimed ? TargetedBonus / 2 : 0));
                        }
                        isHostile = !friendly;
                        break;
                    case "sexual":
                        found.AddAbuse(AbuseCategory.Obscenity, term.Display, term.Weight + (aimed ? TargetedBonus : 0));
                        break;
                    case "slur":
                        found.AddAbuse(AbuseCategory.IdentityAttack, term.Display, term.Weight);
                        // A weak slur ("cripples", "nigga") is also an identity term: hostile only with hostile words.
                        if (term.Weight < 0.5)
                        {
                            identity = identity < 0 ? hit.First : identity;
                            isHostile = false;
                        }
                        break;
                    case "identity-insult":
                        if (aimed || pointed)
                        {
                            found.AddAbuse(AbuseCategory.IdentityAttack, term.Display, IdentityAttackWeight);
                        }
                        else if (term.Weight > 0)
                        {
                            found.AddAbuse(AbuseCategory.Insult, term.Display, term.Weight);
                            isHostile = term.Weight >= 0.5;
                        }
                        else
                        {
                            // "mon frère est autiste": a plain identity term unless aimed at someone.
                            identity = identity < 0 ? hit.First : identity;
                            isHostile = false;
                        }
                        break;
                    case "dehumanizing":
                        if (aimed)
                        {
                            found.AddAbuse(AbuseCategory.Insult, term.Display, term.Weight + TargetedBonus);
                        }
                        break;
                    case "exclusion":
                        if (term.Weight > 0)
                        {
                            found.AddAbuse(AbuseCategory.IdentityAttack, term.Display, term.Weight);
                        }
                        break;
                    case "threat":
                    case "self-harm":
                        found.AddAbuse(AbuseCategory.Threat, term.Display, term.Weight);
                        break;
                    default:
                        found.AddAbuse(AbuseCategory.Obscenity, term.Display, term.Weight);
                        break;
                }
                if (isHostile && (hostile < 0 || (identity >= 0 && Math.Abs(hit.First - identity) < Math.Abs(hostile - identity))))
                {
                    hostile = hit.First;
                    hostileTerm = term.Display;
                }
            }
            if (identity >= 0 && hostile >= 0 && Math.Abs(identity - hostile) <= IdentityWindow)
            {
                found.AddAbuse(AbuseCategory.IdentityAttack, Word(buffer, words, identity) + " + " + hostileTerm, IdentityAttackWeight);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ContextRole>.Shared.Return(rented);
            }
        }
    }

    private static bool Near(ReadOnlySpan<ContextRole> roles, int from, int to, ContextRole role)
    {
        for (var j = Math.Max(0, from); j <= to && j < roles.Length; j++)
        {
            if ((roles[j] & role) != 0)
            {
                return true;
            }
        }
        return false;
    }

    private static string Word(ReadOnlySpan<char> buffer, ReadOnlySpan<DecodedWord> words, int i) =>
        new(buffer.Slice(words[i].Start, words[i].Length));
}
