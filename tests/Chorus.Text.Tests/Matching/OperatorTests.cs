using Chorus.Text.Matching;

namespace Chorus.Text.Tests.Matching;

/// <summary>Each operator and field of QUERY_LANGUAGE.md, checked on the compiled matcher and the reference evaluator.</summary>
public class OperatorTests
{
    [Theory]
    [InlineData("orange", "Panne chez ORANGE ce matin", true)]
    [InlineData("orange", "#orange en panne", true)]
    [InlineData("orange", "merci @orange", true)]
    [InlineData("#orange", "#orange en panne", true)]
    [InlineData("#orange", "orange en panne", false)]
    [InlineData("#orange", "merci @orange", false)]
    [InlineData("@orange", "merci @Orange", true)]
    [InlineData("$aapl", "buy $AAPL now", true)]
    [InlineData("aapl", "buy $AAPL now", true)]
    public void Word_CaseFoldsAndSigilsMatchOnlyTheirKind(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("cafe", "un café noir", true)]
    [InlineData("cafe", "un cafe noir", true)]
    [InlineData("café", "un café noir", true)]
    [InlineData("café", "un cafe noir", false)]
    [InlineData("CAFÉ", "un Café noir", true)]
    [InlineData("oeuvre", "une œuvre", true)]
    [InlineData("œuvre", "une oeuvre", false)]
    public void Word_UnaccentedMatchesBothAccentedMatchesOnlyAccented(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("iphone", "j'adore l'iPhone", true)]
    [InlineData("orange", "le réseau d’Orange", true)]
    [InlineData("apple", "c'est qu'Apple triche", true)]
    [InlineData("\"aujourd'hui\"", "Aujourd’hui il pleut", true)]
    [InlineData("aujourd'hui", "aujourd hui", false)]
    [InlineData("wendy's", "lunch at Wendy’s", true)]
    [InlineData("wendy's", "lunch at Wendys", false)]
    [InlineData("\"l'iphone 15\"", "j'ai l’iPhone 15", true)]
    [InlineData("\"iphone 15\"", "j'ai l'iPhone 15", true)]
    public void Apostrophes_ElisionSplitAndApostropheWordsMatchTheirForm(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("e-mail", "envoyez un e-mail", true)]
    [InlineData("e-mail", "envoyez un e mail", true)]
    [InlineData("e-mail", "envoyez un email", false)]
    [InlineData("mail", "envoyez un e-mail", true)]
    [InlineData("lemonde.fr", "lu sur lemonde.fr hier", true)]
    public void HyphenAndDot_QueryWordIsThePhraseOfItsParts(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("oran*", "Orange", true)]
    [InlineData("oran*", "oran", true)]
    [InlineData("oran*", "#orangina", true)]
    [InlineData("c?t", "cat cut", true)]
    [InlineData("c?t", "ct coat", false)]
    [InlineData("rés*", "réseau", true)]
    [InlineData("rés*", "reseau", false)]
    [InlineData("res*", "réseau", true)]
    [InlineData("#ora*", "orange", false)]
    [InlineData("#ora*", "#orange", true)]
    public void Wildcard_StarAndQuestionMark(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("\"orange mobile\"", "Orange Mobile est là", true)]
    [InlineData("\"orange mobile\"", "mobile orange", false)]
    [InlineData("\"orange mobile\"", "orange et mobile", false)]
    [InlineData("\"a b c\"", "x a b c y", true)]
    [InlineData("\"orange mobile\"~1", "orange et mobile", true)]
    [InlineData("\"orange mobile\"~1", "mobile, orange", true)]
    [InlineData("\"orange mobile\"~1", "orange et le mobile", false)]
    [InlineData("\"orange mobile\"~2", "orange et le mobile", true)]
    public void Phrase_ConsecutiveOrWithinSlopInEitherOrder(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("{BT}", "BT is down", true)]
    [InlineData("{BT}", "bt is down", false)]
    [InlineData("{BT}", "#BT is down", true)]
    [InlineData("+Café", "Café", true)]
    [InlineData("+Café", "café", false)]
    [InlineData("+Café", "Cafe", false)]
    [InlineData("+iPhone", "l'iPhone", true)]
    [InlineData("+iPhone", "l'IPHONE", false)]
    [InlineData("{AT&T}", "AT&T rocks", true)]
    [InlineData("{AT&T}", "at&t rocks", false)]
    public void Exact_CaseAndAccentSensitive(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("orange NEAR/3 (réseau OR panne)", "Orange a une grosse panne", true)]
    [InlineData("orange NEAR/3 (réseau OR panne)", "panne chez Orange", true)]
    [InlineData("orange NEAR/3 (réseau OR panne)", "Orange : le site, le service, tout est en panne", false)]
    [InlineData("orange NEAR/0 mobile", "orange mobile", true)]
    [InlineData("orange NEAR/0 mobile", "orange, le mobile", false)]
    [InlineData("orange NEAR/2f mobile", "mobile orange", false)]
    [InlineData("orange NEAR/2f mobile", "orange le mobile", true)]
    [InlineData("orange ONEAR/2 mobile", "mobile chez orange", false)]
    [InlineData("orange NEAR/1 orange", "orange", false)]
    [InlineData("\"orange mobile\" NEAR/1 panne", "orange mobile en panne", true)]
    [InlineData("(orange NEAR/1 mobile) NEAR/1 panne", "panne chez lui orange le mobile", false)]
    [InlineData("(orange NEAR/1 mobile) NEAR/1 panne", "panne, orange le mobile", true)]
    public void Near_DistanceAndOrder(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("a OR b c", "a", true)]
    [InlineData("a OR b c", "b", false)]
    [InlineData("a OR b c", "c b", true)]
    [InlineData("a NOT b", "a", true)]
    [InlineData("a NOT b", "a b", false)]
    [InlineData("a -b", "a b", false)]
    [InlineData("a AND (b OR c)", "a c", true)]
    [InlineData("a <<<ignored words>>> b", "a b", true)]
    [InlineData("a <<<ignored words>>> b", "ignored words", false)]
    public void Boolean_PrecedenceAsSpecified(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Fact]
    public void Site_IsAHostSuffixDerivedFromUrl()
    {
        QueryCheck.Matches("site:lemonde.fr", new Post { Text = "x", Url = "https://www.lemonde.fr/eco/a.html" }).ShouldBeTrue();
        QueryCheck.Matches("site:lemonde.fr", new Post { Text = "x", Site = "lemonde.fr" }).ShouldBeTrue();
        QueryCheck.Matches("site:lemonde.fr", new Post { Text = "x", Url = "https://notlemonde.fr/" }).ShouldBeFalse();
        QueryCheck.Matches("site:LeMonde.fr", new Post { Text = "x", Site = "WWW.LEMONDE.FR" }).ShouldBeTrue();
        QueryCheck.Matches("site:lemonde.fr", new Post { Text = "lemonde.fr" }).ShouldBeFalse();
    }

    [Fact]
    public void Url_IsASubstring()
    {
        QueryCheck.Matches("url:/economie/", new Post { Text = "x", Url = "https://www.lemonde.fr/economie/a" }).ShouldBeTrue();
        QueryCheck.Matches("url:/economie/", new Post { Text = "x", Url = "https://www.lemonde.fr/sport/a" }).ShouldBeFalse();
    }

    [Fact]
    public void Title_MatchesAWordOrPhraseInsideTheTitleOnly()
    {
        var post = new Post { Text = "le corps du texte", Title = "Panne géante chez Orange" };
        QueryCheck.Matches("title:orange", post).ShouldBeTrue();
        QueryCheck.Matches("title:\"chez orange\"", post).ShouldBeTrue();
        QueryCheck.Matches("title:(freebox OR geante)", post).ShouldBeTrue();
        QueryCheck.Matches("title:texte", post).ShouldBeFalse();
        QueryCheck.Matches("title:orange NEAR/3 corps", post).ShouldBeFalse();
    }

    [Fact]
    public void Author_MatchesTheWholeHandle()
    {
        var post = new Post { Text = "x", Author = "@Orange_France" };
        QueryCheck.Matches("author:orange_france", post).ShouldBeTrue();
        QueryCheck.Matches("author:@orange_france", post).ShouldBeTrue();
        QueryCheck.Matches("author:orange", post).ShouldBeFalse();
        QueryCheck.Matches("author:(free OR orange_france)", post).ShouldBeTrue();
    }

    [Fact]
    public void TextFields_CaseInsensitiveWithTheAccentRule()
    {
        var post = new Post { Text = "x", Lang = "FR", Country = "République tchèque", Source = "bluesky", Kind = "reply" };
        QueryCheck.Matches("lang:fr", post).ShouldBeTrue();
        QueryCheck.Matches("language:en", post).ShouldBeFalse();
        QueryCheck.Matches("country:\"republique tcheque\"", post).ShouldBeTrue();
        QueryCheck.Matches("country:\"république tchèque\"", post).ShouldBeTrue();
        QueryCheck.Matches("source:Bluesky", post).ShouldBeTrue();
        QueryCheck.Matches("kind:(quote OR reply)", post).ShouldBeTrue();
        QueryCheck.Matches("kind:post", post).ShouldBeFalse();
        QueryCheck.Matches("country:\"république tchèque\"", new Post { Text = "x", Country = "Republique tcheque" }).ShouldBeFalse();
    }

    [Fact]
    public void Lang_DetectedFromTheTextWhenAbsent()
    {
        QueryCheck.Matches("lang:fr", "Le service client est vraiment nul, je vais résilier mon abonnement").ShouldBeTrue();
        QueryCheck.Matches("lang:fr", "Customer service is really bad, I am cancelling my subscription").ShouldBeFalse();
        QueryCheck.Matches("lang:en", new Post { Text = "Le service client est vraiment nul", Lang = "en" }).ShouldBeTrue();
    }

    [Fact]
    public void Followers_ComparisonsAndRange()
    {
        var post = new Post { Text = "x", Followers = 1500 };
        QueryCheck.Matches("followers:>1000", post).ShouldBeTrue();
        QueryCheck.Matches("followers:>1500", post).ShouldBeFalse();
        QueryCheck.Matches("followers:>=1500", post).ShouldBeTrue();
        QueryCheck.Matches("followers:<1500", post).ShouldBeFalse();
        QueryCheck.Matches("followers:<=1500", post).ShouldBeTrue();
        QueryCheck.Matches("followers:[100 TO 1500]", post).ShouldBeTrue();
        QueryCheck.Matches("followers:[100 TO 1499]", post).ShouldBeFalse();
        QueryCheck.Matches("followers:>0", new Post { Text = "x" }).ShouldBeFalse();
    }

    [Fact]
    public void Flags_VerifiedAndHas()
    {
        QueryCheck.Matches("verified:true", new Post { Text = "x", Verified = true }).ShouldBeTrue();
        QueryCheck.Matches("verified:false", new Post { Text = "x" }).ShouldBeTrue();
        QueryCheck.Matches("has:links", new Post { Text = "voir https://x.fr" }).ShouldBeTrue();
        QueryCheck.Matches("has:links", new Post { Text = "rien", HasLinks = false }).ShouldBeFalse();
        QueryCheck.Matches("has:media", new Post { Text = "x", HasMedia = true }).ShouldBeTrue();
        QueryCheck.Matches("has:media", new Post { Text = "x" }).ShouldBeFalse();
    }

    [Fact]
    public void Filters_CombineWithWordsAndNegation()
    {
        var post = new Post { Text = "Orange en panne", Lang = "fr", Followers = 5000 };
        QueryCheck.Matches("orange lang:fr followers:>1000", post).ShouldBeTrue();
        QueryCheck.Matches("orange -lang:fr", post).ShouldBeFalse();
        QueryCheck.Matches("followers:>1000 NOT free", post).ShouldBeTrue();
    }

    [Fact]
    public void Emoji_QueryMatchesEmojiWithOrWithoutSkinTone()
    {
        QueryCheck.Matches("👍", "top 👍🏽").ShouldBeTrue();
        QueryCheck.Matches("👍🏽", "top 👍").ShouldBeFalse();
        QueryCheck.Matches("❤️", "je ❤ Paris").ShouldBeTrue();
    }
}
