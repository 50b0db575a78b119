using System.Runtime.CompilerServices;

namespace Chorus.Text.Tokens;

/// <summary>
/// The hash of a token form: FNV-1a over its UTF-16 units, then an avalanche step. The tokenizer computes it
/// while it folds a token, so the matcher looks a form up without reading its characters a second time.
/// </summary>
public static class TermHash
{
    /// <summary>The state before the first character.</summary>
    public const uint Seed = 2166136261u;

    /// <summary>The state after one more character.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Step(uint state, char c) => (state ^ c) * 16777619u;

    /// <summary>The hash of the characters stepped so far.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Finish(uint state)
    {
        // FNV's low bits are weak for short keys; tables index by the low bits.
        state ^= state >> 16;
        state *= 0x7feb352d;
        state ^= state >> 15;
        return (int)state;
    }

    /// <summary>The hash of <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(ReadOnlySpan<char> key)
    {
        var state = Seed;
        foreach (var c in key)
        {
            state = Step(state, c);
        }
        return Finish(state);
    }
}
