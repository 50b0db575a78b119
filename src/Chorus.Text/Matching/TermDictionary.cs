using System.Runtime.CompilerServices;

namespace Chorus.Text.Matching;

/// <summary>
/// Open-addressing map from term text to a dense integer id. Read without locks; writers clone it
/// (a few array copies) and append, so ids stay stable across snapshots.
/// </summary>
internal sealed class TermDictionary
{
    // Each slot holds (hash << 32 | id + 1) so a miss is decided with one memory read.
    private long[] _slots;
    // One bit per (hash, filter size): most tokens of a post are not query terms, and this small bitset
    // (a few KB, stays in L1) answers "certainly absent" before the larger slot table is touched.
    private ulong[] _filter;
    // The packed first characters of every key (see TermPrefix): checked before a form is even hashed.
    private readonly ulong[] _prefixFilter;
    private int[] _hashes;
    // Start in the pool << 24 | length: checking a key reads one array, not two.
    private long[] _keySpans;
    private char[] _pool;
    private int _poolLength;

    public TermDictionary()
    {
        _slots = new long[64];
        _filter = new ulong[4];
        _prefixFilter = TermPrefix.NewFilter();
        _hashes = new int[32];
        _keySpans = new long[32];
        _pool = new char[256];
    }

    private TermDictionary(TermDictionary other)
    {
        _slots = (long[])other._slots.Clone();
        _filter = (ulong[])other._filter.Clone();
        _prefixFilter = (ulong[])other._prefixFilter.Clone();
        _hashes = (int[])other._hashes.Clone();
        _keySpans = (long[])other._keySpans.Clone();
        _pool = (char[])other._pool.Clone();
        _poolLength = other._poolLength;
        Count = other.Count;
    }

    public int Count { get; private set; }

    public TermDictionary Clone() => new(this);

    /// <summary>The filter <see cref="MayContain"/> probes (fixed once the snapshot holding this dictionary is published).</summary>
    public ulong[] Filter => _filter;

    /// <summary>The filter of key prefixes (fixed once the snapshot holding this dictionary is published).</summary>
    public ulong[] PrefixFilter => _prefixFilter;

    /// <summary>False when no key of this hash is in the dictionary (one memory read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MayContain(ulong[] filter, int hash)
    {
        var bit = (uint)hash >> 12;
        return (filter[(bit >> 6) & (uint)(filter.Length - 1)] & (1UL << (int)bit)) != 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ReadOnlySpan<char> key, int hash) => MayContain(_filter, hash) ? FindInTable(key, hash) : -1;

    /// <summary>The id of <paramref name="key"/>, or -1, without the filter.</summary>
    public int FindInTable(ReadOnlySpan<char> key, int hash)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var index = hash & mask;
        while (true)
        {
            var slot = slots[index];
            if (slot == 0)
            {
                return -1;
            }
            if ((int)(slot >> 32) == hash)
            {
                var entry = (int)slot - 1;
                var span = _keySpans[entry];
                if ((int)(span & 0xFFFFFF) == key.Length && _pool.AsSpan((int)(span >> 24), key.Length).SequenceEqual(key))
                {
                    return entry;
                }
            }
            index = (index + 1) & mask;
        }
    }

    public int Find(ReadOnlySpan<char> key) => Find(key, TermHash.Of(key));

    /// <summary>Returns the id of <paramref name="key"/>, adding it when new.</summary>
    public int GetOrAdd(ReadOnlySpan<char> key)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(key.Length, 0xFFFFFF);
        var hash = TermHash.Of(key);
        var existing = Find(key, hash);
        if (existing >= 0)
        {
            return existing;
        }
        var id = Count++;
        if (id == _hashes.Length)
        {
            Array.Resize(ref _hashes, id * 2);
            Array.Resize(ref _keySpans, id * 2);
        }
        if (_poolLength + key.Length > _pool.Length)
        {
            Array.Resize(ref _pool, Math.Max(_pool.Length * 2, _poolLength + key.Length));
        }
        key.CopyTo(_pool.AsSpan(_poolLength));
        _hashes[id] = hash;
        _keySpans[id] = ((long)_poolLength << 24) | (uint)key.Length;
        _poolLength += key.Length;
        TermPrefix.Add(_prefixFilter, TermPrefix.Of(key));
        if (Count * 4 > _slots.Length)
        {
            Rehash(_slots.Length * 2);
        }
        else
        {
            Insert(_slots, id);
        }
        return id;
    }

    private void Rehash(int size)
    {
        var slots = new long[size];
        // 16 filter bits per slot quarter: about 16 bits per term, a few percent of false positives.
        _filter = new ulong[Math.Max(4, size / 16)];
        for (var id = 0; id < Count; id++)
        {
            Insert(slots, id);
        }
        _slots = slots;
    }

    private void Insert(long[] slots, int id)
    {
        var mask = slots.Length - 1;
        var index = _hashes[id] & mask;
        while (slots[index] != 0)
        {
            index = (index + 1) & mask;
        }
        slots[index] = ((long)_hashes[id] << 32) | (uint)(id + 1);
        var bit = (uint)_hashes[id] >> 12;
        _filter[(bit >> 6) & (uint)(_filter.Length - 1)] |= 1UL << (int)bit;
    }
}
