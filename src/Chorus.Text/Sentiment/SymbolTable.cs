using System.Runtime.CompilerServices;
using Chorus.Text.Language;

namespace Chorus.Text.Sentiment;

/// <summary>Emoji and emoticons (up to four folded chars, packed) → valence.</summary>
internal sealed class SymbolTable(PackedKeyTable keys, float[] valences)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValence(ulong key, out float valence)
    {
        if (keys.TryGetValue(key, out var index))
        {
            valence = valences[index];
            return true;
        }
        valence = 0;
        return false;
    }
}
