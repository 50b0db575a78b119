using System.Collections.Frozen;

namespace Chorus.Text.Moderation;

/// <summary>What a word around an abuse term says about who it is aimed at and in what mood.</summary>
[Flags]
internal enum ContextRole : byte
{
    None = 0,
    /// <summary>Addresses the reader: "you", "ur", "tu", "t'", "toi", "ta".</summary>
    SecondPerson = 1,
    /// <summary>Points a noun at someone: "espèce de", "sale", "quel", "what a", "this".</summary>
    Pointer = 2,
    /// <summary>Speaks of oneself: "i'm", "je suis" — "i'm such an idiot" is not an attack.</summary>
    Self = 4,
    /// <summary>Enthusiasm that turns a swear word friendly: "awesome", "trop bien", "proud".</summary>
    Positive = 8,
    /// <summary>A modifier that makes an identity term hostile: "sale arabe", "dirty mexicans".</summary>
    Hostile = 16,
}

/// <summary>
/// The closed-class words the abuse rules read around a term. Kept in code rather than in the term
/// table because they are grammar, not vocabulary: a handful per language, the same in every text.
/// </summary>
internal static class ContextRoles
{
    private static readonly FrozenDictionary<string, ContextRole> Roles = Build();

    private static readonly FrozenDictionary<string, ContextRole>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Roles.GetAlternateLookup<ReadOnlySpan<char>>();

    public static ContextRole Of(ReadOnlySpan<char> word) => Lookup.TryGetValue(word, out var role) ? role : ContextRole.None;

    private static FrozenDictionary<string, ContextRole> Build()
    {
        var roles = new Dictionary<string, ContextRole>(StringComparer.Ordinal);
        void Add(ContextRole role, string words)
        {
            foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                roles[word] = roles.GetValueOrDefault(word) | role;
            }
        }
        Add(ContextRole.SecondPerson,
            "you u ur your youre you're yourself ya yall y'all "
            + "tu t' t toi te ta tes ton vous votre vos es etes ty tg");
        Add(ContextRole.Pointer,
            "espece sale sales bande pauvre gros grosse sous vieux vieille petit petite quel quelle quels quelles ce cette cet ces "
            + "what such this that these those dirty filthy little fat ugly stupid dumb fucking all tous toutes");
        Add(ContextRole.Self, "i i'm im me myself je j' suis jsuis chui moi");
        Add(ContextRole.Positive,
            "awesome amazing great good love loved loving best beautiful proud excited yeah yes yay finally incredible impressive wow "
            + "cool fun funny happy nice perfect fantastic brilliant gorgeous delicious epic legendary congrats won win slaps fire "
            + "bien bon bonne trop genial geniale beau belle adore kiffe kiffer content contente fier fiere bravo felicitations top "
            + "incroyable magnifique dingue dinguerie ouf heureux heureuse super enfin vacances gagne victoire bonheur adorable adore");
        Add(ContextRole.Hostile, "sale sales dirty filthy fucking bloody damn stupid putain");
        return roles.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
