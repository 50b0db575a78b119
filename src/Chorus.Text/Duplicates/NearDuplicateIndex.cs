namespace Chorus.Text.Duplicates;

/// <summary>
/// Finds stored SimHashes within a Hamming distance of up to 3 of a query without comparing against
/// all of them: each hash is filed under its four 16-bit bands; two hashes differing in at most 3
/// bits agree on at least one band (pigeonhole), so only hashes sharing a band are compared.
/// Not thread-safe for concurrent writes.
/// </summary>
public sealed class NearDuplicateIndex<TId>
{
    /// <summary>Largest distance the four-band layout guarantees to find.</summary>
    public const int MaxSupportedDistance = 3;

    private readonly List<(ulong Hash, TId Id)> _items = [];
    private readonly Dictionary<ushort, List<int>>[] _bands = [new(), new(), new(), new()];

    /// <summary>Number of stored hashes.</summary>
    public int Count => _items.Count;

    /// <summary>Stores <paramref name="hash"/> for <paramref name="id"/>.</summary>
    public void Add(ulong hash, TId id)
    {
        var index = _items.Count;
        _items.Add((hash, id));
        for (var band = 0; band < 4; band++)
        {
            var key = Band(hash, band);
            if (!_bands[band].TryGetValue(key, out var list))
            {
                _bands[band][key] = list = [];
            }
            list.Add(index);
        }
    }

    /// <summary>Stored entries within <paramref name="maxDistance"/> (0 to 3) of <paramref name="hash"/>, nearest first.</summary>
    public IReadOnlyList<(TId Id, int Distance)> FindNear(ulong hash, int maxDistance = SimHash.DefaultMaxDistance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDistance, MaxSupportedDistance);
        var seen = new HashSet<int>();
        var found = new List<(TId Id, int Distance)>();
        for (var band = 0; band < 4; band++)
        {
            if (!_bands[band].TryGetValue(Band(hash, band), out var list))
            {
                continue;
            }
            foreach (var index in list)
            {
                if (!seen.Add(index))
                {
                    continue;
                }
                var distance = SimHash.Distance(hash, _items[index].Hash);
                if (distance <= maxDistance)
                {
                    found.Add((_items[index].Id, distance));
                }
            }
        }
        found.Sort((a, b) => a.Distance.CompareTo(b.Distance));
        return found;
    }

    private static ushort Band(ulong hash, int band) => (ushort)(hash >> (16 * band));
}
