using System.Numerics;
using System.Runtime.CompilerServices;

namespace Chorus.Text.Sentiment;

/// <summary>
/// Open-addressing table from folded words to lexicon entries, probed with a hash the scanner
/// computes while it folds the chars (FNV-1a over UTF-16 code units), so a lookup reads the word's
/// chars only once more, to confirm the match.
/// </summary>
internal sealed class WordTable
{
    public const uint Seed = 2166136261;

    private readonly string?[] _keys;
    private readonly uint[] _hashes;
    private readonly LexiconEntry[] _values;
    private readonly int _mask;

    public WordTable(IReadOnlyDictionary<string, LexiconEntry> entries)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, entries.Count * 2));
        _keys = new string?[capacity];
        _hashes = new uint[capacity];
        _values = new LexiconEntry[capacity];
        _mask = capacity - 1;
        foreach (var (key, value) in entries)
        {
            var hash = Hash(key);
            var slot = Slot(hash);
            while (_keys[slot] is not null)
            {
                slot = (slot + 1) & _mask;
            }
            _keys[slot] = key;
            _hashes[slot] = hash;
            _values[slot] = value;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Step(uint hash, char c) => (hash ^ c) * 16777619u;

    public static uint Hash(ReadOnlySpan<char> word)
    {
        var hash = Seed;
        foreach (var c in word)
        {
            hash = Step(hash, c);
        }
        return hash;
    }

    public bool TryGetValue(ReadOnlySpan<char> word, out LexiconEntry value) => TryGetValue(word, Hash(word), out value);

    /// <summary>Looks up <paramref name="word"/> whose <see cref="Hash"/> is <paramref name="hash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(ReadOnlySpan<char> word, uint hash, out LexiconEntry value)
    {
        var slot = Slot(hash);
        while (true)
        {
            var key = _keys[slot];
            if (key is null)
            {
                value = default;
                return false;
            }
            if (_hashes[slot] == hash && word.SequenceEqual(key))
            {
                value = _values[slot];
                return true;
            }
            slot = (slot + 1) & _mask;
        }
    }

    // FNV's low bits are weak: fold the high half in before masking.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(uint hash) => (int)((hash ^ (hash >> 15)) * 0x2C1B3C6Du >> 7) & _mask;
}
