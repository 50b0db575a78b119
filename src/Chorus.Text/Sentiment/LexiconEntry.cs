namespace Chorus.Text.Sentiment;

/// <summary>A word of a sentiment lexicon: its valence (VADER scale, -4..4), booster value and rule roles.</summary>
internal readonly record struct LexiconEntry(float Valence, float Boost, WordRoles Roles)
{
    public bool Has(WordRoles role) => (Roles & role) != 0;
}
