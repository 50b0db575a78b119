namespace Chorus.Text.Sentiment;

/// <summary>
/// Function words that drive the rules, per language, and VADER's empirically derived constants
/// (Hutto &amp; Gilbert 2014; English lists from vader-sentiment 1.1.3, Apache-2.0).
/// </summary>
internal static class SentimentRules
{
    /// <summary>Added to (or, for dampeners, subtracted from) the magnitude of the next sentiment word.</summary>
    public const float BoosterIncrement = 0.293f;
    /// <summary>Added to the magnitude of a word written in capitals among non-capital words.</summary>
    public const float CapsIncrement = 0.733f;
    /// <summary>Multiplier of a negated valence: negation flips and weakens ("not great" ≠ "awful").</summary>
    public const float NegationScalar = -0.74f;
    /// <summary>Weight of the words before and after a contrast word ("good but expensive").</summary>
    public const float BeforeContrast = 0.5f;
    public const float AfterContrast = 1.5f;
    public const float ExclamationIncrement = 0.292f;
    public const int MaxExclamations = 4;
    public const float QuestionIncrement = 0.18f;
    /// <summary>Normalisation constant of x / sqrt(x² + alpha), about the largest expected sum.</summary>
    public const double Alpha = 15;
    /// <summary>
    /// Added to alpha per word of the text (chosen on the development texts of tools/nlp/eval with alpha: 0.5
    /// and alpha 15 gave the best 3-class macro-F1 there, for a loss of 2 points on the binary UCI sentences).
    /// </summary>
    public const double WordWeight = 0.5;
    /// <summary>Scores below this in absolute value are neutral: no opinion, or opinions that cancel out.</summary>
    public const double NeutralBand = 0.2;
    /// <summary>Valence of "too"/"trop" before a word without valence.</summary>
    public const float ExcessValence = -0.8f;

    public static readonly string[] EnglishNegators =
    [
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't", "aren't", "can't",
        "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt",
        "neither", "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", "neednt", "needn't",
        "never", "none", "nope", "nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh",
        "wasnt", "werent", "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't", "without", "wont",
        "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite", "nobody", "hardly", "barely",
    ];

    public static readonly string[] EnglishNearNegators = ["no"];

    public static readonly string[] EnglishBoosters =
    [
        "absolutely", "amazingly", "awfully", "completely", "considerably", "decidedly", "deeply", "effing",
        "enormously", "entirely", "especially", "exceptionally", "extremely", "fabulously", "flipping", "flippin",
        "fricking", "frickin", "frigging", "friggin", "fully", "fucking", "greatly", "hella", "highly", "hugely",
        "incredibly", "intensely", "majorly", "more", "most", "particularly", "purely", "quite", "really",
        "remarkably", "so", "substantially", "thoroughly", "totally", "tremendously", "uber", "unbelievably",
        "unusually", "utterly", "very", "super", "truly", "insanely", "seriously",
    ];

    public static readonly string[] EnglishDampeners =
    [
        "almost", "kinda", "kindof", "less", "little", "marginally", "occasionally", "partly", "scarcely",
        "slightly", "somewhat", "sorta", "sortof", "fairly", "pretty", "rather",
    ];

    public static readonly string[] EnglishContrasts = ["but", "however", "nevertheless", "nonetheless"];

    public static readonly string[] EnglishConcessions = ["although", "though", "albeit"];

    /// <summary>Two-word contrasts and concessions (folded): (first, second, true for a contrast).</summary>
    public static readonly (string First, string Second, bool Contrast)[] EnglishPairs =
    [
        ("even", "though", false), ("even", "if", false), ("except", "that", true),
    ];

    public static readonly string[] FrenchNegators =
    [
        "pas", "jamais", "rien", "aucun", "aucune", "sans", "ni", "guère", "nullement", "aucunement", "non",
    ];

    public static readonly string[] FrenchPostNegators =
    [
        "pas", "plus", "jamais", "rien", "guère", "point", "aucun", "aucune", "personne", "nullement", "aucunement",
    ];

    public static readonly string[] FrenchBoosters =
    [
        "très", "vraiment", "trop", "tellement", "super", "hyper", "ultra", "extrêmement", "complètement",
        "totalement", "absolument", "vachement", "carrément", "particulièrement", "énormément", "franchement",
        "hautement", "profondément", "terriblement", "incroyablement",
    ];

    public static readonly string[] FrenchDampeners =
    [
        "plutôt", "assez", "légèrement", "moyennement", "presque", "quasi", "quasiment", "relativement",
    ];

    public static readonly string[] FrenchContrasts = ["mais", "pourtant", "cependant", "toutefois", "néanmoins"];

    public static readonly string[] FrenchConcessions = ["quoique", "malgre"];

    public static readonly (string First, string Second, bool Contrast)[] FrenchPairs =
    [
        ("sauf", "que", true), ("sauf", "qu'", true), ("par", "contre", true), ("en", "revanche", true),
        ("bien", "que", false), ("bien", "qu'", false), ("meme", "si", false), ("meme", "s'", false),
    ];
}
