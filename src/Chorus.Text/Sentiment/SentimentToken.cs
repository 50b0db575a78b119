namespace Chorus.Text.Sentiment;

internal enum SentimentTokenKind : byte
{
    Word,
    Symbol,
    /// <summary>End of a sentence or clause ('.', ',', '!', '?', ';'): negation and boosters do not reach across it.</summary>
    Boundary,
}

/// <summary>A scanned token: its folded text lives in the scanner's buffer at [Start, Start + Length).</summary>
internal struct SentimentToken
{
    public int Start;
    public int Length;
    /// <summary>Hash of the folded word (<see cref="WordTable.Hash"/>), computed while scanning.</summary>
    public uint Hash;
    public SentimentTokenKind Kind;
    public bool AllCaps;
    /// <summary>A word that may be in the lexicon (<see cref="SentimentLexicon.MayContain"/>): its entry is still to be read.</summary>
    public bool MayBeListed;
    /// <summary>A boundary that ends a sentence ('.', '!', '?', '…'), not a clause (',', ';').</summary>
    public bool EndsSentence;
    /// <summary>A word found in the lexicon once its stretched letters were cut ("sooo good").</summary>
    public bool Elongated;
    public LexiconEntry Entry;
}
