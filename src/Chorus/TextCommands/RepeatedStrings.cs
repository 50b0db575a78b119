namespace Chorus.TextCommands;

/// <summary>
/// The strings of fields that take few values across a stream (language codes, networks, kinds): each is allocated
/// once, then found from its characters. Bounded, so a field with many values only stops being shared.
/// </summary>
internal sealed class RepeatedStrings
{
    private const int Capacity = 256;
    private const int LongestKept = 32;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public RepeatedStrings() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> value)
    {
        if (_lookup.TryGetValue(value, out var known))
        {
            return known;
        }
        var created = value.ToString();
        if (_strings.Count < Capacity && value.Length <= LongestKept)
        {
            _strings.Add(created, created);
        }
        return created;
    }
}
