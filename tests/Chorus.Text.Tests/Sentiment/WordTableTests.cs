using Chorus.Text.Sentiment;

namespace Chorus.Text.Tests.Sentiment;

public class WordTableTests
{
    private static Dictionary<string, LexiconEntry> RandomWords(int count, int seed)
    {
        var random = new Random(seed);
        var words = new Dictionary<string, LexiconEntry>(StringComparer.Ordinal);
        while (words.Count < count)
        {
            var chars = new char[random.Next(1, 20)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)('a' + random.Next(26));
            }
            words[new string(chars)] = new LexiconEntry(random.Next(-40, 41) / 10f, 0, (WordRoles)random.Next(1 << 14));
        }
        return words;
    }

    [Fact]
    public void TryGetValue_EveryKey_IsFoundWithItsEntryAndPassesTheFilter()
    {
        var words = RandomWords(50_000, 1);
        var table = new WordTable(words);

        foreach (var (word, entry) in words)
        {
            var hash = WordTable.Hash(word);
            table.MayContain(hash).ShouldBeTrue(word);
            table.TryGetValue(word, hash, out var found).ShouldBeTrue(word);
            found.ShouldBe(entry);
        }
    }

    [Fact]
    public void TryGetValue_OtherWords_AreNotFoundAndMostStopAtTheFilter()
    {
        var words = RandomWords(50_000, 1);
        var table = new WordTable(words);
        var others = RandomWords(20_000, 2).Keys.Where(w => !words.ContainsKey(w)).ToList();

        var passedFilter = 0;
        foreach (var word in others)
        {
            var hash = WordTable.Hash(word);
            passedFilter += table.MayContain(hash) ? 1 : 0;
            table.TryGetValue(word, hash, out var found).ShouldBeFalse(word);
            found.ShouldBe(default);
        }
        // 50,000 keys set two bits each in 8,192 words of 64 bits: about 3 % of other words pass both.
        ((double)passedFilter / others.Count).ShouldBeLessThan(0.06);
    }

    [Fact]
    public void TryGetValue_SameHashDifferentChars_ComparesTheChars()
    {
        var table = new WordTable(new Dictionary<string, LexiconEntry> { ["good"] = new(1.9f, 0, WordRoles.None) });

        // The right hash with other chars of the same length must not match.
        table.TryGetValue("goof", WordTable.Hash("good"), out _).ShouldBeFalse();
        table.TryGetValue("good", WordTable.Hash("good"), out var entry).ShouldBeTrue();
        entry.Valence.ShouldBe(1.9f);
    }
}
