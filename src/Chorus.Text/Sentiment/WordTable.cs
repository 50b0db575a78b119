using System.Numerics;
using System.Runtime.CompilerServices;

namespace Chorus.Text.Sentiment;

/// <summary>
/// Open-addressing table from folded words to lexicon entries, probed with a hash the scanner
/// computes while it folds the chars (FNV-1a over UTF-16 code units). A slot holds the hash, where
/// the key's chars are and the entry itself, so a word that is not in the lexicon costs one memory
/// line, and a word that is costs one more (its chars, all keys being packed in one array). The table
/// (a few MB) does not fit in the cache, so a 64 KB filter in front of it (<see cref="MayContain"/>)
/// answers for most words that are not in the lexicon, about 4 in 5 of the words of a text.
/// </summary>
internal sealed class WordTable
{
    public const uint Seed = 2166136261;

    // Keys are at most 255 chars and the packed chars at most 2^24: start and length share one int.
    private const int LengthBits = 8;
    private const int MaxKeyLength = (1 << LengthBits) - 1;

    // 2^19 bits (64 KB), small enough to stay in the cache. Most words of a text are not in the lexicon
    // (about 4 in 5 in reviews) and most of them stop at the filter.
    private const int FilterBits = 19;

    private readonly Bucket[] _slots;
    private readonly char[] _keyChars;
    private readonly ulong[] _filter = new ulong[(1 << FilterBits) / 64];
    private readonly int _mask;

    public WordTable(IReadOnlyDictionary<string, LexiconEntry> entries)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, entries.Count * 2));
        _slots = new Bucket[capacity];
        _mask = capacity - 1;
        // Short keys first: the frequent words of any text are short ("not", "very", "good", "bad"), so their
        // chars share a few memory lines of the packed keys instead of one line each. Keys of one length keep the
        // dictionary's order (a counting sort: sorting 50,000 strings was a large part of loading a lexicon).
        var countByLength = new int[MaxKeyLength + 2];
        foreach (var key in entries.Keys)
        {
            if (key.Length is > 0 and <= MaxKeyLength)
            {
                countByLength[key.Length + 1]++;
            }
        }
        for (var length = 1; length < countByLength.Length; length++)
        {
            countByLength[length] += countByLength[length - 1];
        }
        var ordered = new KeyValuePair<string, LexiconEntry>[countByLength[^1]];
        var totalChars = 0;
        foreach (var entry in entries)
        {
            // An empty key would read as an empty slot; the scanner never looks one up anyway.
            if (entry.Key.Length is > 0 and <= MaxKeyLength)
            {
                ordered[countByLength[entry.Key.Length]++] = entry;
                totalChars += entry.Key.Length;
            }
        }
        _keyChars = new char[totalChars];
        var nextChar = 0;
        foreach (var (key, value) in ordered)
        {
            var hash = Hash(key);
            var slot = Slot(hash);
            while (_slots[slot].Key != 0)
            {
                slot = (slot + 1) & _mask;
            }
            _slots[slot] = new Bucket { Hash = hash, Key = (nextChar << LengthBits) | key.Length, Entry = value };
            _filter[FilterWord(hash)] |= FilterMask(hash);
            key.CopyTo(_keyChars.AsSpan(nextChar));
            nextChar += key.Length;
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

    /// <summary>False when no key has <paramref name="hash"/>; true for all keys and a few (about 1 in 30) other words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayContain(uint hash)
    {
        var mask = FilterMask(hash);
        return (_filter[FilterWord(hash)] & mask) == mask;
    }

    public bool TryGetValue(ReadOnlySpan<char> word, out LexiconEntry value) => TryGetValue(word, Hash(word), out value);

    /// <summary>Looks up <paramref name="word"/> whose <see cref="Hash"/> is <paramref name="hash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(ReadOnlySpan<char> word, uint hash, out LexiconEntry value)
    {
        var slots = _slots;
        var slot = Slot(hash);
        while (true)
        {
            ref readonly var candidate = ref slots[slot];
            var key = candidate.Key;
            if (key == 0)
            {
                value = default;
                return false;
            }
            if (candidate.Hash == hash && (key & MaxKeyLength) == word.Length
                && word.SequenceEqual(_keyChars.AsSpan(key >> LengthBits, word.Length)))
            {
                value = candidate.Entry;
                return true;
            }
            slot = (slot + 1) & _mask;
        }
    }

    // Two bits of the same 64-bit word per key (a blocked Bloom filter: one memory access), picked by the top
    // bits of a multiplicative mix, independent enough of the slot (the low bits of another mix). With
    // 50,000 keys about 1 other word in 30 gets through, against 1 in 10 with a single bit.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FilterWord(uint hash) => (int)((hash * 0x9E3779B1u) >> (32 - FilterBits + 6));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong FilterMask(uint hash)
    {
        var mixed = hash * 0x9E3779B1u;
        return (1UL << (int)(mixed >> 7)) | (1UL << (int)(mixed >> 1));
    }

    // FNV's low bits are weak: fold the high half in before masking.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(uint hash) => (int)((hash ^ (hash >> 15)) * 0x2C1B3C6Du >> 7) & _mask;

    private struct Bucket
    {
        public uint Hash;
        /// <summary>Start in the packed key chars, shifted left by <see cref="LengthBits"/>, or'ed with the length; 0 = empty.</summary>
        public int Key;
        public LexiconEntry Entry;
    }
}
