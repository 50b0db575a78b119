using System.Runtime.CompilerServices;

namespace Chorus.Text.Tokens;

/// <summary>
/// The hash of a token form: FNV-1a over its UTF-16 units, then an avalanche step. The tokenizer hands it with
/// each form, so the matcher never hashes a form again. (Measured: for words of a few characters this beats
/// hashing four units at a time.)
/// </summary>
public static class TermHash
{
    /// <summary>The hash of <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ReadOnlySpan<char> key)
    {
        var state = 2166136261u;
        foreach (var c in key)
        {
            state = (state ^ c) * 16777619u;
        }
        // FNV's low bits are weak for short keys; tables index by the low bits.
        state ^= state >> 16;
        state *= 0x7feb352d;
        state ^= state >> 15;
        return (int)state;
    }
}
