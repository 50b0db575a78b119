using System.Numerics;
using System.Runtime.CompilerServices;

namespace Chorus.Text.Language;

/// <summary>
/// Open-addressing hash table from a 64-bit key (up to four UTF-16 chars packed 16 bits each) to an
/// int. Short n-grams and emoticons are looked up per char, so this avoids string hashing entirely.
/// Key 0 is reserved as the empty slot (packed keys never contain a NUL char).
/// </summary>
internal sealed class PackedKeyTable
{
    private readonly ulong[] _keys;
    private readonly int[] _values;
    private readonly int _shift;

    public PackedKeyTable(IReadOnlyCollection<KeyValuePair<ulong, int>> entries)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, entries.Count * 2));
        _keys = new ulong[capacity];
        _values = new int[capacity];
        _shift = 64 - BitOperations.Log2((uint)capacity);
        foreach (var (key, value) in entries)
        {
            if (key == 0)
            {
                throw new ArgumentException("Key 0 is reserved for empty slots.", nameof(entries));
            }
            var slot = Slot(key);
            while (_keys[slot] != 0 && _keys[slot] != key)
            {
                slot = (slot + 1) & (capacity - 1);
            }
            _keys[slot] = key;
            _values[slot] = value;
        }
    }

    /// <summary>Packs up to four chars into a key: "ab" → ('a' &lt;&lt; 16) | 'b'.</summary>
    public static ulong Pack(ReadOnlySpan<char> chars)
    {
        if (chars.Length is 0 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(chars), chars.Length, "A packed key holds 1 to 4 chars.");
        }
        ulong key = 0;
        foreach (var c in chars)
        {
            key = (key << 16) | c;
        }
        return key;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(ulong key, out int value)
    {
        var keys = _keys;
        var mask = keys.Length - 1;
        var slot = Slot(key);
        while (true)
        {
            var found = keys[slot];
            if (found == key)
            {
                value = _values[slot];
                return true;
            }
            if (found == 0)
            {
                value = 0;
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
}
