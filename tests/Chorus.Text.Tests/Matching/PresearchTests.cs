using Chorus.Text.Matching;

namespace Chorus.Text.Tests.Matching;

/// <summary>
/// The filters in front of the term dictionary and the wildcard index key on a form's first four characters:
/// words and wildcard prefixes shorter than that, next to longer ones in the same matcher, must still be found.
/// </summary>
public class PresearchTests
{
    private static readonly (string Id, string Query)[] Queries =
    [
        ("bt", "bt"), ("a", "a"), ("sfr", "sfr"), ("cat", "c?t"), ("ca", "ca*"), ("o-e", "o*e"),
        ("oran", "oran*"), ("orange", "orange"), ("4g", "4g"), ("tf1", "tf1"), ("title", "title:free"),
    ];

    [Theory]
    [InlineData("BT et SFR", "bt sfr")]
    [InlineData("un chat, un cat, un cot", "ca cat")]
    [InlineData("Orange et oranges", "o-e oran orange")]
    [InlineData("la 4G de TF1", "4g tf1")]
    [InlineData("a", "a")]
    [InlineData("one", "o-e")]
    [InlineData("caramel", "ca")]
    [InlineData("rien à voir", "a")]
    [InlineData("rien de rien", "")]
    public void Match_ShortWordsAndShortWildcardPrefixesBesideLongOnes_AreFound(string text, string expected)
    {
        var matcher = new QueryMatcher();
        matcher.Apply(Queries.Select(q => new QueryMatcher.Change(q.Id, q.Query)));

        var matched = matcher.Match(new Post { Text = text }, matcher.CreateScratch()).ToArray().Select(q => q.Id);

        string.Join(' ', matched.Order(StringComparer.Ordinal)).ShouldBe(expected);
    }

    [Fact]
    public void Match_WordInTheTitleOnly_FoundByTitleFieldAndPlainWord()
    {
        var matcher = new QueryMatcher();
        matcher.Apply([new QueryMatcher.Change("field", "title:free"), new QueryMatcher.Change("word", "free"), new QueryMatcher.Change("text", "orange")]);

        var matched = matcher.Match(new Post { Text = "rien", Title = "Free" }, matcher.CreateScratch()).ToArray().Select(q => q.Id);

        matched.ShouldBe(["field", "word"]);
    }
}
