using Chorus.Text.Matching;
using Chorus.Text.Query;
using Chorus.Text.Tests.Matching;

namespace Chorus.Text.Tests.Spec;

/// <summary>
/// QUERY_LANGUAGE.md, sentence by sentence, where the other test classes leave a sentence or example uncovered.
/// Every match goes through both the compiled matcher and the reference evaluator (<see cref="QueryCheck"/>).
/// Where the spec leaves a choice open, the comment says what was chosen and why.
/// </summary>
public class QueryLanguageSpecTests
{
    // ---- Text model: fields ----

    [Fact]
    public void Spec_TextModel_EveryFieldOfAPostCanBeSearched()
    {
        var post = new Post
        {
            Text = "Panne du réseau",
            Title = "Actualité",
            Author = "@orange_fr",
            AuthorName = "Orange France",
            Url = "https://www.lemonde.fr/economie/panne.html",
            Lang = "fr",
            Country = "France",
            Source = "wordpress",
            Followers = 2500,
            Verified = true,
            Kind = "comment",
            HasLinks = true,
            HasMedia = true,
        };
        const string everything = "panne title:actualite author:orange_fr site:lemonde.fr url:/economie/ lang:fr country:france "
            + "source:wordpress followers:>2000 verified:true kind:comment has:links has:media";
        QueryCheck.Matches(everything, post).ShouldBeTrue();
        QueryCheck.Matches("panne -verified:true", post).ShouldBeFalse();
    }

    [Fact]
    public void Spec_TextModel_SiteGivenWinsOverTheUrlHost()
    {
        // "site (host, derived from url when absent)": when the post gives a site, the url's host is not used.
        var post = new Post { Text = "x", Site = "blog.example.com", Url = "https://www.lemonde.fr/a" };
        QueryCheck.Matches("site:example.com", post).ShouldBeTrue();
        QueryCheck.Matches("site:lemonde.fr", post).ShouldBeFalse();
    }

    [Fact]
    public void Spec_TextModel_OnlyTextIsRequired()
    {
        var bare = new Post { Text = "orange" };
        QueryCheck.Matches("orange", bare).ShouldBeTrue();
        QueryCheck.Matches("orange author:x", bare).ShouldBeFalse();
        QueryCheck.Matches("orange site:x.fr", bare).ShouldBeFalse();
        QueryCheck.Matches("orange url:x", bare).ShouldBeFalse();
        QueryCheck.Matches("orange country:fr", bare).ShouldBeFalse();
        QueryCheck.Matches("orange source:rss", bare).ShouldBeFalse();
        QueryCheck.Matches("orange kind:post", bare).ShouldBeFalse();
        QueryCheck.Matches("orange followers:<10", bare).ShouldBeFalse();
        QueryCheck.Matches("orange title:orange", bare).ShouldBeFalse();
    }

    // ---- Text model: tokens ----

    [Theory]
    [InlineData("4g", "la 4G est là", true)]
    [InlineData("4", "la 4G est là", false)]
    [InlineData("orange2024", "#Orange2024", true)]
    [InlineData("orange", "orange_mobile", true)]
    [InlineData("mobile", "orange/mobile", true)]
    [InlineData("नमस्ते", "नमस्ते दुनिया", true)]
    public void Spec_Tokens_MaximalRunsOfLettersDigitsAndJoiningMarks(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("#orange", "#orange", true)]
    [InlineData("#orange", "orange", false)]
    [InlineData("#orange", "@orange", false)]
    [InlineData("@orange", "@orange", true)]
    [InlineData("@orange", "#orange", false)]
    [InlineData("@orange", "orange", false)]
    [InlineData("$aapl", "$AAPL", true)]
    [InlineData("$aapl", "AAPL", false)]
    [InlineData("orange", "orange", true)]
    [InlineData("orange", "#orange", true)]
    [InlineData("orange", "@orange", true)]
    [InlineData("aapl", "$AAPL", true)]
    [InlineData("#Orange", "#ORANGE", true)]
    public void Spec_Tokens_SigilsKeptQueryWithSigilMatchesOnlyThatKind(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("orange_fr", "merci @Orange_FR", true)]
    [InlineData("orange_fr", "#orange_fr en panne", true)]
    [InlineData("orange_fr", "orange_fr", true)]
    [InlineData("orange_fr", "orange fr", true)]
    [InlineData("orange_f*", "@orange_france", true)]
    [InlineData("#orange_fr", "@orange_fr", false)]
    [InlineData("orange", "#orange_fr", false)]
    public void Spec_Tokens_PlainWordWithUnderscoreMatchesTheHashtagAndMention(string query, string text, bool expected)
    {
        // '_' is not a letter, so orange_fr in running text is two words; in a hashtag or handle it belongs to the
        // token. The plain query word matches both, as "orange" matches "#orange"; "orange" alone does not match
        // inside the longer hashtag #orange_fr, which is one token.
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("👍", "super👍", true)]
    [InlineData("super", "super👍", true)]
    [InlineData("\"super 👍\"", "super👍", true)]
    [InlineData("\"👍 🎉\"", "👍🎉", true)]
    [InlineData("🎉", "👍", false)]
    [InlineData("🇫🇷", "Allez les Bleus 🇫🇷", true)]
    [InlineData("👍 NEAR/0 orange", "orange 👍", true)]
    public void Spec_Tokens_EachEmojiIsAToken(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    // ---- Text model: case and accents ----

    [Theory]
    [InlineData("cafe", "café", true)]
    [InlineData("cafe", "CAFÉ", true)]
    [InlineData("cafe", "cafe", true)]
    [InlineData("café", "café", true)]
    [InlineData("café", "CAFÉ", true)]
    [InlineData("café", "cafe", false)]
    [InlineData("Café", "CAFE", false)]
    [InlineData("ORANGE", "orange", true)]
    [InlineData("reseau NEAR/1 panne", "Réseau en panne", true)]
    [InlineData("réseau NEAR/1 panne", "reseau en panne", false)]
    [InlineData("\"cafe creme\"", "café crème", true)]
    [InlineData("\"café crème\"", "cafe creme", false)]
    public void Spec_Accents_UnaccentedQueryMatchesBothAccentedOnlyAccented(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("café", "cafe\u0301", true)]
    [InlineData("cafe\u0301", "café", true)]
    [InlineData("cafe", "CAFE\u0301", true)]
    [InlineData("cafe\u0301", "cafe", false)]
    [InlineData("caf\u00e9*", "cafe\u0301ine", true)]
    public void Spec_Accents_DecomposedAccentIsTheSameAccent(string query, string text, bool expected)
    {
        // "é" may reach us as one character or as "e" and a combining acute accent (macOS, some feeds): both
        // are the accented form.
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Fact]
    public void Spec_Accents_DecomposedAccentInAFieldValue()
    {
        QueryCheck.Matches("country:re\u0301union", new Post { Text = "x", Country = "Réunion" }).ShouldBeTrue();
        QueryCheck.Matches("country:re\u0301union", new Post { Text = "x", Country = "Reunion" }).ShouldBeFalse();
    }

    // ---- Text model: apostrophes and elision ----

    [Theory]
    [InlineData("l’oréal", "L'Oréal", true)]
    [InlineData("l'oréal", "L’Oréal", true)]
    [InlineData("wendy’s", "Wendy's", true)]
    [InlineData("oreal", "L’Oréal", true)]
    [InlineData("iphone", "l'iPhone", true)]
    [InlineData("orange", "d’Orange", true)]
    [InlineData("apple", "qu'Apple", true)]
    [InlineData("l", "l'iPhone", false)]
    [InlineData("qu", "qu'Apple", false)]
    [InlineData("\"aujourd'hui\"", "aujourd’hui", true)]
    [InlineData("\"aujourd'hui\"", "aujourd hui", false)]
    [InlineData("wendy's", "wendys", false)]
    [InlineData("wendy's", "wendy s", false)]
    [InlineData("l'iphone", "l’iPhone", true)]
    [InlineData("l'iphone", "iPhone", false)]
    public void Spec_Apostrophes_BothFormsAreOneElisionsSplitApostropheWordsExact(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    // ---- Text model: hyphen and dot ----

    [Theory]
    [InlineData("e-mail", "e-mail", true)]
    [InlineData("e-mail", "e mail", true)]
    [InlineData("e-mail", "E-Mail", true)]
    [InlineData("e-mail", "e.mail", true)]
    [InlineData("e-mail", "mail e", false)]
    [InlineData("e", "e-mail", true)]
    [InlineData("lemonde.fr", "lemonde fr", true)]
    [InlineData("\"e-mail gratuit\"", "un e mail gratuit", true)]
    public void Spec_HyphenAndDot_SplitButTheQueryWordIsThePhraseOfItsParts(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    // ---- Operators: wildcards ----

    [Theory]
    [InlineData("oran*", "orange", true)]
    [InlineData("oran*", "oran", true)]
    [InlineData("o*e", "orange", true)]
    [InlineData("c?t", "cat", true)]
    [InlineData("c?t", "ct", false)]
    [InlineData("c?t", "coat", false)]
    [InlineData("c??t", "coat", true)]
    [InlineData("caf?", "café", true)]
    [InlineData("\"orange mob*\"", "Orange Mobile", true)]
    [InlineData("\"orange mob*\"", "mobile orange", false)]
    [InlineData("mob* NEAR/1 orange", "orange et mobiles", true)]
    [InlineData("@ora*", "@orange_fr", true)]
    [InlineData("@ora*", "orange", false)]
    public void Spec_Wildcards_StarIsAnyRunQuestionMarkIsExactlyOne(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("a *b", "wildcard cannot start a word at column 3")]
    [InlineData("*range", "wildcard cannot start a word at column 1")]
    [InlineData("?range", "wildcard cannot start a word at column 1")]
    [InlineData("orange *", "wildcard cannot start a word at column 8")]
    [InlineData("\"orange *obile\"", "wildcard cannot start a word at column 9")]
    [InlineData("@*", "wildcard cannot start a word at column 2")]
    [InlineData("author:*bot", "wildcard cannot start a word at column 8")]
    [InlineData("title:*bot", "wildcard cannot start a word at column 7")]
    [InlineData("e-*", "wildcard cannot start a word at column 3")]
    public void Spec_Wildcards_NeverAtTheStartOfAWord(string query, string message)
    {
        QueryCheck.Rejects(query).Message.ShouldBe(message);
    }

    // ---- Operators: phrases and slop ----

    [Theory]
    [InlineData("\"a b c\"", "a b c", true)]
    [InlineData("\"a b c\"", "a c b", false)]
    [InlineData("\"a b c\"", "a b x c", false)]
    [InlineData("\"orange mobile\"~0", "mobile orange", true)]
    [InlineData("\"orange mobile\"~0", "orange x mobile", false)]
    [InlineData("\"orange mobile\"~3", "mobile a b c orange", true)]
    [InlineData("\"orange mobile\"~3", "mobile a b c d orange", false)]
    [InlineData("\"orange mobile\"~5", "orange", false)]
    [InlineData("\"a b c\"~1", "c a x b", true)]
    [InlineData("\"a b c\"~1", "c x a x b", false)]
    public void Spec_Phrase_ConsecutiveAndSlopIsAtMostNOtherTokensEitherOrder(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    // ---- Operators: exact spelling ----

    [Theory]
    [InlineData("{BT}", "BT", true)]
    [InlineData("{BT}", "Bt", false)]
    [InlineData("{Orange Mobile}", "chez Orange Mobile", true)]
    [InlineData("{Orange Mobile}", "chez orange Mobile", false)]
    [InlineData("{café}", "café", true)]
    [InlineData("{café}", "cafe", false)]
    [InlineData("+orange", "orange", true)]
    [InlineData("+orange", "Orange", false)]
    [InlineData("+cafe", "café", false)]
    [InlineData("+\"Orange Mobile\"", "Orange Mobile", true)]
    [InlineData("+\"Orange Mobile\"", "Orange mobile", false)]
    public void Spec_Exact_BracesAndPlusKeepCaseAndAccents(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("{caf*}", "wildcard cannot be used in an exact form at column 5")]
    [InlineData("+caf?", "wildcard cannot be used in an exact form at column 5")]
    public void Spec_Exact_WildcardInsideIsAnErrorNotSilentlyDropped(string query, string message)
    {
        // An exact form matches a spelling; a '*' in it would otherwise vanish and the query match "caf".
        QueryCheck.Rejects(query).Message.ShouldBe(message);
    }

    // ---- Operators: fields (value syntax) ----

    [Fact]
    public void Spec_FieldValue_WordQuotedAndGroupForms()
    {
        var post = new Post { Text = "x", Title = "La panne géante d'Orange", Author = "alice", Country = "Côte d'Ivoire" };
        QueryCheck.Matches("author:alice", post).ShouldBeTrue();
        QueryCheck.Matches("author:\"alice\"", post).ShouldBeTrue();
        QueryCheck.Matches("author:(bob OR alice)", post).ShouldBeTrue();
        QueryCheck.Matches("author:(bob OR carol)", post).ShouldBeFalse();
        QueryCheck.Matches("title:\"panne geante\"", post).ShouldBeTrue();
        QueryCheck.Matches("title:\"geante panne\"", post).ShouldBeFalse();
        QueryCheck.Matches("title:(panne NEAR/1 orange)", post).ShouldBeTrue();
        QueryCheck.Matches("country:\"cote d'ivoire\"", post).ShouldBeTrue();
        QueryCheck.Matches("country:(france OR \"côte d’ivoire\")", post).ShouldBeTrue();
    }

    [Fact]
    public void Spec_FieldValue_WordFieldsTakeWildcardsLikeWords()
    {
        // Text-valued fields "match like words", and words take wildcards: author:orange* finds every handle
        // starting with orange, as in the listening tools.
        var post = new Post { Text = "x", Author = "@Orange_France", Country = "Réunion", Lang = "fr", Source = "bluesky", Kind = "reply" };
        QueryCheck.Matches("author:orange*", post).ShouldBeTrue();
        QueryCheck.Matches("author:@orange*", post).ShouldBeTrue();
        QueryCheck.Matches("author:orange?france", post).ShouldBeTrue();
        QueryCheck.Matches("author:free*", post).ShouldBeFalse();
        QueryCheck.Matches("country:reu*", post).ShouldBeTrue();
        QueryCheck.Matches("country:réu*", post).ShouldBeTrue();
        QueryCheck.Matches("country:réu*", new Post { Text = "x", Country = "Reunion" }).ShouldBeFalse();
        QueryCheck.Matches("source:blue*", post).ShouldBeTrue();
        QueryCheck.Matches("kind:re*", post).ShouldBeTrue();
        QueryCheck.Matches("lang:f?", post).ShouldBeTrue();
    }

    [Theory]
    [InlineData("author:ALICE", "alice", true)]
    [InlineData("author:@alice", "alice", true)]
    [InlineData("author:alice", "@Alice", true)]
    [InlineData("author:alice", "alice.bsky.social", false)]
    [InlineData("author:alice.bsky.social", "@alice.bsky.social", true)]
    [InlineData("author:héloïse", "heloise", false)]
    [InlineData("author:heloise", "Héloïse", true)]
    [InlineData("author:{Alice}", "alice", false)]
    [InlineData("author:{Alice}", "Alice", true)]
    public void Spec_Author_MatchesTheWholeHandleLikeAWord(string query, string author, bool expected)
    {
        QueryCheck.Matches(query, new Post { Text = "x", Author = author }).ShouldBe(expected);
    }

    [Theory]
    [InlineData("site:lemonde.fr", "https://www.lemonde.fr/a", true)]
    [InlineData("site:lemonde.fr", "https://lemonde.fr", true)]
    [InlineData("site:lemonde.fr", "https://www.lemonde.fr:8443/a", true)]
    [InlineData("site:lemonde.fr", "https://lemonde.fr.evil.com/a", false)]
    [InlineData("site:lemonde.fr", "https://notlemonde.fr/a", false)]
    [InlineData("site:www.lemonde.fr", "https://lemonde.fr/a", true)]
    [InlineData("site:www.lemonde.fr", "https://abonnes.lemonde.fr/a", true)]
    [InlineData("site:*.gouv.fr", "https://www.service-public.gouv.fr/a", true)]
    [InlineData("site:https://www.lemonde.fr/economie", "https://www.lemonde.fr/sport", true)]
    [InlineData("site:fr", "https://www.lemonde.fr/a", true)]
    [InlineData("site:(lefigaro.fr OR lemonde.fr)", "https://www.lemonde.fr/a", true)]
    public void Spec_Site_IsAHostSuffix(string query, string url, bool expected)
    {
        // site:www.lemonde.fr names the site lemonde.fr: a post from lemonde.fr or one of its hosts is from that site.
        QueryCheck.Matches(query, new Post { Text = "x", Url = url }).ShouldBe(expected);
    }

    [Theory]
    [InlineData("url:economie", "https://www.lemonde.fr/economie/a", true)]
    [InlineData("url:ECONOMIE", "https://www.lemonde.fr/economie/a", true)]
    [InlineData("url:\"lemonde.fr/eco\"", "https://www.lemonde.fr/economie/a", true)]
    [InlineData("url:https://www.lemonde.fr/economie", "https://www.lemonde.fr/economie/a", true)]
    [InlineData("url:sport", "https://www.lemonde.fr/economie/a", false)]
    public void Spec_Url_IsASubstring(string query, string url, bool expected)
    {
        QueryCheck.Matches(query, new Post { Text = "x", Url = url }).ShouldBe(expected);
    }

    [Theory]
    [InlineData("lang:fr", "fr", true)]
    [InlineData("lang:FR", "fr", true)]
    [InlineData("language:fr", "fr", true)]
    [InlineData("lang:fr", "fr-CA", true)]
    [InlineData("lang:fr", "fr_BE", true)]
    [InlineData("lang:fr-ca", "fr-CA", true)]
    [InlineData("lang:fr-ca", "fr", false)]
    [InlineData("lang:fr", "en", false)]
    [InlineData("lang:(fr OR en)", "en", true)]
    public void Spec_Lang_IsoCodeCaseInsensitive(string query, string lang, bool expected)
    {
        // A post may carry a regional code (fr-CA); lang:fr still means French, as a user of the tools expects.
        QueryCheck.Matches(query, new Post { Text = "x", Lang = lang }).ShouldBe(expected);
    }

    [Theory]
    [InlineData("followers:>1000", 1001, true)]
    [InlineData("followers:>1000", 1000, false)]
    [InlineData("followers:>=1000", 1000, true)]
    [InlineData("followers:<1000", 999, true)]
    [InlineData("followers:<1000", 1000, false)]
    [InlineData("followers:<=1000", 1000, true)]
    [InlineData("followers:1000", 1000, true)]
    [InlineData("followers:1000", 1001, false)]
    [InlineData("followers:[100 TO 5000]", 100, true)]
    [InlineData("followers:[100 TO 5000]", 5000, true)]
    [InlineData("followers:[100 TO 5000]", 99, false)]
    [InlineData("followers:[100 TO 5000]", 5001, false)]
    [InlineData("followers:[ 100 TO 5000 ]", 300, true)]
    [InlineData("followers:[1000 TO *]", 1000000, true)]
    [InlineData("followers:[* TO 10]", 3, true)]
    [InlineData("followers:[* TO 10]", 11, false)]
    [InlineData("followers:[100 to 5000]", 300, true)]
    [InlineData("FOLLOWERS:>10", 11, true)]
    public void Spec_Followers_ComparisonsAndInclusiveRanges(string query, long followers, bool expected)
    {
        // Ranges follow Lucene's syntax, which the listening tools share: '*' leaves an end open; TO is accepted in
        // any case since nothing else can stand between the brackets.
        QueryCheck.Matches(query, new Post { Text = "x", Followers = followers }).ShouldBe(expected);
    }

    [Theory]
    [InlineData("verified:true", true, true)]
    [InlineData("verified:true", false, false)]
    [InlineData("verified:TRUE", true, true)]
    [InlineData("verified:false", false, true)]
    [InlineData("verified:false", true, false)]
    [InlineData("verified:false", null, true)]
    [InlineData("verified:true", null, false)]
    public void Spec_Verified_TrueOrFalse(string query, bool? verified, bool expected)
    {
        QueryCheck.Matches(query, new Post { Text = "x", Verified = verified }).ShouldBe(expected);
    }

    [Fact]
    public void Spec_Has_LinksAndMedia()
    {
        QueryCheck.Matches("has:links", new Post { Text = "x", HasLinks = true }).ShouldBeTrue();
        QueryCheck.Matches("has:links", new Post { Text = "voir www.lemonde.fr" }).ShouldBeTrue();
        QueryCheck.Matches("has:links", new Post { Text = "rien" }).ShouldBeFalse();
        QueryCheck.Matches("HAS:Media", new Post { Text = "x", HasMedia = true }).ShouldBeTrue();
        QueryCheck.Matches("orange -has:media", new Post { Text = "orange", HasMedia = true }).ShouldBeFalse();
        QueryCheck.Rejects("has:video").Message.ShouldBe("'has:' expects links or media, not 'video' at column 5");
    }

    [Theory]
    [InlineData("Author:alice")]
    [InlineData("SITE:lemonde.fr")]
    [InlineData("Url:x")]
    [InlineData("TITLE:x")]
    [InlineData("Lang:fr")]
    [InlineData("LANGUAGE:fr")]
    [InlineData("Country:fr")]
    [InlineData("Source:rss")]
    [InlineData("Kind:post")]
    [InlineData("Followers:>1")]
    [InlineData("Verified:true")]
    [InlineData("Has:links")]
    public void Spec_Fields_NamesAreCaseInsensitive(string query)
    {
        Should.NotThrow(() => QueryParser.Parse(query));
    }

    [Theory]
    [InlineData("auteur:alice", "unknown field 'auteur' at column 1")]
    [InlineData("orange pays:fr", "unknown field 'pays' at column 8")]
    [InlineData("orange (free OR text:x)", "unknown field 'text' at column 17")]
    public void Spec_Fields_UnknownFieldsAreErrors(string query, string message)
    {
        QueryCheck.Rejects(query).Message.ShouldBe(message);
    }

    [Fact]
    public void Spec_Fields_APastedAddressIsWordsNotAField()
    {
        // "https://..." is not a field named https: it searches the words of the address, in order.
        QueryCheck.Matches("https://lemonde.fr/eco", "lu sur https://lemonde.fr/eco hier").ShouldBeTrue();
        QueryCheck.Matches("https://lemonde.fr/eco", "lu sur lemonde.fr").ShouldBeFalse();
    }

    // ---- Title versus text ----

    [Fact]
    public void Spec_Title_WordsSearchTextAndTitleTitleFieldOnlyTheTitle()
    {
        // A plain word searches the whole post, title included, as in Brandwatch and Talkwalker; title: narrows
        // to the title. A phrase or proximity never joins a title word to a text word.
        var post = new Post { Text = "le service client ne répond pas", Title = "Panne chez Orange" };
        QueryCheck.Matches("orange", post).ShouldBeTrue();
        QueryCheck.Matches("service", post).ShouldBeTrue();
        QueryCheck.Matches("title:orange", post).ShouldBeTrue();
        QueryCheck.Matches("title:service", post).ShouldBeFalse();
        QueryCheck.Matches("orange service", post).ShouldBeTrue();
        QueryCheck.Matches("panne -orange", post).ShouldBeFalse();
        QueryCheck.Matches("\"orange le\"", post).ShouldBeFalse();
        QueryCheck.Matches("orange NEAR/5 service", post).ShouldBeFalse();
        QueryCheck.Matches("panne NEAR/1 orange", post).ShouldBeTrue();
        QueryCheck.Matches("title:panne NEAR/1 title:orange", post).ShouldBeTrue();
        QueryCheck.Matches("title:\"chez orange\"", post).ShouldBeTrue();
        QueryCheck.Matches("title:\"client ne\"", post).ShouldBeFalse();
    }

    // ---- Operators: negation, proximity, boolean ----

    [Theory]
    [InlineData("orange NOT free", "orange", true)]
    [InlineData("orange NOT free", "orange free", false)]
    [InlineData("orange -free", "orange free", false)]
    [InlineData("orange -(free OR sfr)", "orange sfr", false)]
    [InlineData("orange -\"free mobile\"", "orange free", true)]
    [InlineData("orange -\"free mobile\"", "orange free mobile", false)]
    [InlineData("orange NOT NOT free", "orange free", true)]
    [InlineData("NOT NOT free", "free", true)]
    [InlineData("-(-free)", "free", true)]
    [InlineData("orange NEAR/1 NOT NOT free", "orange free", true)]
    [InlineData("-free orange", "orange", true)]
    public void Spec_Not_NegatesTheNextTerm(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("orange NEAR/2 panne", "orange a b panne", true)]
    [InlineData("orange NEAR/2 panne", "orange a b c panne", false)]
    [InlineData("orange NEAR/2 panne", "panne a b orange", true)]
    [InlineData("orange NEAR/0 panne", "panne orange", true)]
    [InlineData("orange NEAR/2f panne", "panne a orange", false)]
    [InlineData("orange NEAR/2f panne", "orange a panne", true)]
    [InlineData("orange ONEAR/0 panne", "orange panne", true)]
    [InlineData("orange ONEAR/0 panne", "panne orange", false)]
    [InlineData("(orange OR free) NEAR/1 (panne OR bug)", "un bug chez free", true)]
    [InlineData("\"orange mobile\" NEAR/1 panne", "orange x mobile panne", false)]
    [InlineData("orange NEAR/1000 panne", "orange panne", true)]
    [InlineData("orange NEAR/2 panne", "l'orange d'une panne", true)]
    [InlineData("orange NEAR/1F panne", "panne orange", false)]
    public void Spec_Near_AtMostNOtherTokensBetween(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Fact]
    public void Spec_Precedence_TableOrderTightestFirst()
    {
        // NOT binds tighter than AND: "a NOT b c" is a AND (NOT b) AND c.
        QueryCheck.Matches("a NOT b c", "a c").ShouldBeTrue();
        QueryCheck.Matches("a NOT b c", "a b c").ShouldBeFalse();
        // NEAR binds tighter than AND and OR.
        QueryCheck.Matches("x OR a NEAR/0 b", "b a").ShouldBeTrue();
        QueryCheck.Matches("x OR a NEAR/0 b", "a z b").ShouldBeFalse();
        // AND binds tighter than OR, with or without the word AND.
        QueryCheck.Matches("a OR b AND c", "b").ShouldBeFalse();
        QueryCheck.Matches("a OR b AND c", "a").ShouldBeTrue();
        QueryCheck.Matches("a b OR c", "c").ShouldBeTrue();
        QueryCheck.Matches("a b OR c", "a").ShouldBeFalse();
        // Fields bind tighter than NOT and AND.
        QueryCheck.Matches("orange -title:free", new Post { Text = "orange free", Title = "x" }).ShouldBeTrue();
    }

    [Fact]
    public void Spec_MixedAndOr_AllowedWithAWarningThatPointsAtTheGroup()
    {
        var warning = QueryParser.Parse("a OR b c").Warnings.ShouldHaveSingleItem();
        warning.ToString().ShouldBe("AND and OR mixed without parentheses: 'a OR b c' means 'a OR (b AND c)' at column 6");
        QueryParser.Parse("a b OR c").Warnings.ShouldHaveSingleItem();
        QueryParser.Parse("(a b) OR c").Warnings.ShouldBeEmpty();
        QueryParser.Parse("a OR b OR c").Warnings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("orange or free", "orange or free", true)]
    [InlineData("orange or free", "orange free", false)]
    [InlineData("orange or free", "free", false)]
    [InlineData("orange and free", "orange free", false)]
    [InlineData("orange not free", "orange not free", true)]
    [InlineData("orange near/2 free", "orange near 2 free", true)]
    [InlineData("orange OR free", "free", true)]
    public void Spec_Operators_AreWrittenInCapitalsLowerCaseIsAWord(string query, string text, bool expected)
    {
        // The spec writes every operator in capitals. As in Brandwatch, Talkwalker and X, a lower-case "or" is the
        // word "or" (people do search for "not" and "and"); the linter warns so the mistake is visible.
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("orange or free", "'or' is searched as a word: operators are written in capitals (OR) at column 8")]
    [InlineData("orange And free", "'And' is searched as a word: operators are written in capitals (AND) at column 8")]
    [InlineData("a not b", "'not' is searched as a word: operators are written in capitals (NOT) at column 3")]
    [InlineData("a near/3 b", "'near/3' is searched as a word: operators are written in capitals (NEAR/3) at column 3")]
    public void Spec_Operators_LowerCaseOperatorWarns(string query, string warning)
    {
        QueryParser.Parse(query).Warnings.ShouldContain(w => w.ToString() == warning);
    }

    [Theory]
    [InlineData("<<<brand>>> orange", "orange", true)]
    [InlineData("orange<<<brand>>>", "orange", true)]
    [InlineData("orange <<<NOT (x>>> free", "orange free", true)]
    [InlineData("orange <<<a>>> OR <<<b>>> free", "free", true)]
    public void Spec_Comment_IsIgnored(string query, string text, bool expected)
    {
        QueryCheck.Matches(query, text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("NOT a")]
    [InlineData("-a -b")]
    [InlineData("-a")]
    [InlineData("(NOT a)")]
    [InlineData("NOT (a OR b)")]
    [InlineData("-lang:fr")]
    [InlineData("a OR -b")]
    [InlineData("<<<x>>> -a")]
    public void Spec_AbsenceOnly_IsAnError(string query)
    {
        QueryCheck.Rejects(query).Message.ShouldBe("query matches only by absence");
    }

    // ---- Errors: the spec's examples, and columns ----

    [Theory]
    [InlineData("orange -free (sfr OR bouygues", "unbalanced parenthesis at column 14")]
    [InlineData("orange free) OR (sfr", "unbalanced parenthesis at column 12")]
    [InlineData("a *b", "wildcard cannot start a word at column 3")]
    [InlineData("auteur:x", "unknown field 'auteur' at column 1")]
    [InlineData("NOT orange", "query matches only by absence")]
    public void Spec_Errors_ExamplesOfTheSpec(string query, string message)
    {
        QueryCheck.Rejects(query).Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("orange \"mobile", "unbalanced quote at column 8")]
    [InlineData("\"a\" \"b", "unbalanced quote at column 5")]
    [InlineData("orange {BT", "unbalanced brace at column 8")]
    [InlineData("orange BT}", "unbalanced brace at column 10")]
    [InlineData("((a)", "unbalanced parenthesis at column 1")]
    [InlineData("(a))", "unbalanced parenthesis at column 4")]
    [InlineData(")", "unbalanced parenthesis at column 1")]
    public void Spec_Errors_UnbalancedQuotesBracesAndParentheses(string query, string message)
    {
        QueryCheck.Rejects(query).Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("AND orange", "missing term before 'AND' at column 1")]
    [InlineData("OR orange", "missing term before 'OR' at column 1")]
    [InlineData("NEAR/2 orange", "missing term before 'NEAR/2' at column 1")]
    [InlineData("orange OR", "missing term after 'OR' at column 8")]
    [InlineData("orange AND", "missing term after 'AND' at column 8")]
    [InlineData("orange NOT", "missing term after 'NOT' at column 8")]
    [InlineData("orange ONEAR/2", "missing term after 'ONEAR/2' at column 8")]
    [InlineData("orange -", "'-' must be followed by a term at column 8")]
    [InlineData("(orange OR)", "missing term after 'OR' at column 9")]
    [InlineData("(OR orange)", "missing term before 'OR' at column 2")]
    [InlineData("orange OR OR free", "missing term after 'OR' at column 8")]
    public void Spec_Errors_OperatorsAtTheEnds(string query, string message)
    {
        QueryCheck.Rejects(query).Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("", "empty query at column 1")]
    [InlineData("   ", "empty query at column 1")]
    [InlineData("\t\n", "empty query at column 1")]
    [InlineData("<<<nothing>>>", "empty query at column 1")]
    public void Spec_Errors_EmptyQuery(string query, string message)
    {
        QueryCheck.Rejects(query).Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("orange NEAR/1001 free", "bad NEAR distance in 'NEAR/1001': expected a number between 0 and 1000 at column 8")]
    [InlineData("orange NEAR/ free", "bad NEAR distance in 'NEAR/': expected a number between 0 and 1000 at column 8")]
    [InlineData("orange ONEAR free", "ONEAR needs a distance, e.g. ONEAR/3 at column 8")]
    [InlineData("\"a b\"~1001", "'~' after a phrase needs a distance between 0 and 1000 at column 6")]
    public void Spec_Errors_NearDistances(string query, string message)
    {
        QueryCheck.Rejects(query).Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("👍 *x", "wildcard cannot start a word at column 3")]
    [InlineData("café (orange", "unbalanced parenthesis at column 6")]
    [InlineData("🇫🇷 auteur:x", "unknown field 'auteur' at column 4")]
    public void Spec_Errors_ColumnsCountCharactersNotUtf16Units(string query, string message)
    {
        // A column is where a person sees the problem: an emoji before it counts as one character.
        QueryCheck.Rejects(query).Message.ShouldBe(message);
    }

    [Fact]
    public void Spec_Warnings_ColumnsCountCharactersToo()
    {
        QueryParser.Parse("(👍) OR b c").Warnings.ShouldHaveSingleItem().Column.ShouldBe(8);
    }

    [Fact]
    public void Spec_Errors_ColumnIsOneBasedAndReasonIsSeparate()
    {
        var error = QueryCheck.Rejects("orange AND (free");
        error.Reason.ShouldBe("unbalanced parenthesis");
        error.Column.ShouldBe(12);
        QueryCheck.Rejects("-a").Column.ShouldBe(0);
    }
}
