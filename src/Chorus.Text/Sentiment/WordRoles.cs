namespace Chorus.Text.Sentiment;

/// <summary>What a word does to the sentiment words around it.</summary>
[Flags]
internal enum WordRoles : uint
{
    None = 0,
    /// <summary>Negates a sentiment word up to three words after it ("not", "pas", "jamais", "sans").</summary>
    Negator = 1 << 0,
    /// <summary>Negates only the word right after it ("no good", "no problem").</summary>
    NearNegator = 1 << 1,
    /// <summary>French "ne"/"n'": negates when a <see cref="PostNegator"/> follows the sentiment word.</summary>
    NePrefix = 1 << 2,
    /// <summary>Second half of French negation: "pas", "plus", "jamais", "rien", "guère", "point".</summary>
    PostNegator = 1 << 3,
    /// <summary>Intensifier or dampener (see <see cref="LexiconEntry.Boost"/>).</summary>
    Booster = 1 << 4,
    /// <summary>"but", "however", "mais", "pourtant": what follows weighs more than what precedes.</summary>
    Contrast = 1 << 5,
    /// <summary>"least", "moins": negates the next word unless guarded ("at least", "au moins").</summary>
    Least = 1 << 6,
    /// <summary>"at", "very", "au", "du": cancel a following <see cref="Least"/>.</summary>
    LeastGuard = 1 << 7,
    /// <summary>"kind", "sort": a dampener when followed by "of".</summary>
    KindOf = 1 << 8,
    /// <summary>"of".</summary>
    Of = 1 << 9,
    /// <summary>French "peu": negates ("peu fiable") unless after "un" ("un peu déçu" dampens).</summary>
    Little = 1 << 10,
    /// <summary>French "un" (turns "peu" into a dampener).</summary>
    One = 1 << 11,
    /// <summary>Starts at least one phrase of the lexicon.</summary>
    PhraseStart = 1 << 12,
    /// <summary>Second word of at least one phrase: phrases are only looked up when it follows a <see cref="PhraseStart"/>.</summary>
    PhraseSecond = 1 << 14,
    /// <summary>"too", "trop": before a neutral word it is a complaint ("too small", "trop petit").</summary>
    Excess = 1 << 13,
    /// <summary>"although", "though": the clause it opens weighs less than the rest of the sentence.</summary>
    Concession = 1 << 15,
    /// <summary>First word of a two-word contrast or concession ("sauf que", "par contre", "bien que", "even though").</summary>
    PairLead = 1 << 16,
}
