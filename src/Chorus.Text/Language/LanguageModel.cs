using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.Intrinsics;

namespace Chorus.Text.Language;

/// <summary>
/// The trained character n-gram model (see tools/nlp/train_langid.py): per-language costs
/// (-log p × 100) of 1- to 4-grams over space-padded lower-case words, plus strong words.
/// </summary>
internal sealed class LanguageModel
{
    public const string ResourceName = "Chorus.Text.Language.langid-model.tsv.gz";

    private static readonly Lazy<LanguageModel> Shared = new(() => Load(EmbeddedTextResource.ReadLines(ResourceName)));

    private LanguageModel(string[] languages, int[] floors, short[] costs, PackedKeyTable ngrams, FrozenDictionary<string, byte> strongWords)
    {
        Languages = languages;
        Floors = floors;
        Costs = costs;
        CostRows = ToRows(costs, languages.Length);
        FloorRows = ToRows(floors.Select(f => (short)f).ToArray(), languages.Length);
        Ngrams = ngrams;
        StrongWords = strongWords;
        StrongWordLookup = strongWords.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static LanguageModel Instance => Shared.Value;

    /// <summary>Language codes, in the column order of <see cref="Costs"/>.</summary>
    public string[] Languages { get; }

    /// <summary>Cost of an unseen n-gram: index (order - 1) * languages + language.</summary>
    public int[] Floors { get; }

    /// <summary>Costs of known n-grams: row * languages + language.</summary>
    public short[] Costs { get; }

    /// <summary><see cref="Costs"/> as one vector per n-gram (languages in lanes, unused lanes 0), so a text's costs add up in one instruction per n-gram.</summary>
    public Vector256<int>[] CostRows { get; }

    /// <summary><see cref="Floors"/> as one vector per n-gram order.</summary>
    public Vector256<int>[] FloorRows { get; }

    /// <summary>Packed n-gram → row in <see cref="Costs"/>.</summary>
    public PackedKeyTable Ngrams { get; }

    /// <summary>Words that belong to one or two languages only → bit mask of those languages.</summary>
    public FrozenDictionary<string, byte> StrongWords { get; }

    public FrozenDictionary<string, byte>.AlternateLookup<ReadOnlySpan<char>> StrongWordLookup { get; }

    private static Vector256<int>[] ToRows(short[] values, int languages)
    {
        if (languages > Vector256<int>.Count)
        {
            throw new InvalidDataException($"The model has {languages} languages; at most {Vector256<int>.Count} fit a row.");
        }
        var rows = new Vector256<int>[values.Length / languages];
        Span<int> lanes = stackalloc int[Vector256<int>.Count];
        for (var row = 0; row < rows.Length; row++)
        {
            lanes.Clear();
            for (var l = 0; l < languages; l++)
            {
                lanes[l] = values[(row * languages) + l];
            }
            rows[row] = Vector256.Create<int>(lanes);
        }
        return rows;
    }

    public static LanguageModel Load(IEnumerable<string> lines)
    {
        string[]? languages = null;
        var floors = new int[4 * 8];
        var costs = new List<short>();
        var ngrams = new List<KeyValuePair<ulong, int>>();
        var strong = new Dictionary<string, byte>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var fields = line.Split('\t');
            if (fields[0] == "#langs")
            {
                languages = fields[1..].Select(string.Intern).ToArray();
                floors = new int[4 * languages.Length];
            }
            else if (fields[0].StartsWith("#floor", StringComparison.Ordinal))
            {
                var order = fields[0][^1] - '0';
                for (var l = 1; l < fields.Length; l++)
                {
                    floors[((order - 1) * (fields.Length - 1)) + l - 1] = int.Parse(fields[l], CultureInfo.InvariantCulture);
                }
            }
            else if (fields[0].Length > 1 && fields[0][0] == '@')
            {
                strong[fields[0][1..]] = byte.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            else
            {
                ngrams.Add(new(PackedKeyTable.Pack(fields[0]), ngrams.Count));
                for (var l = 1; l < fields.Length; l++)
                {
                    costs.Add(short.Parse(fields[l], CultureInfo.InvariantCulture));
                }
            }
        }
        if (languages is null)
        {
            throw new InvalidDataException("Language model has no '#langs' header.");
        }
        return new LanguageModel(languages, floors, costs.ToArray(), new PackedKeyTable(ngrams), strong.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
