using Chorus.Text.Query;
using Chorus.Text.Tests.Matching;

namespace Chorus.Text.Tests.Query;

public class QueryParserTests
{
    [Theory]
    [InlineData("(orange OR free", "unbalanced parenthesis at column 1")]
    [InlineData("orange OR free)", "unbalanced parenthesis at column 15")]
    [InlineData("orange AND (free", "unbalanced parenthesis at column 12")]
    [InlineData("(orange OR (free)", "unbalanced parenthesis at column 1")]
    [InlineData("ab *cd", "wildcard cannot start a word at column 4")]
    [InlineData("a?b ?b", "wildcard cannot start a word at column 5")]
    [InlineData("#*tag", "wildcard cannot start a word at column 2")]
    [InlineData("auteur:alice", "unknown field 'auteur' at column 1")]
    [InlineData("orange Foo:bar", "unknown field 'Foo' at column 8")]
    [InlineData("NOT orange", "query matches only by absence")]
    [InlineData("-a -b", "query matches only by absence")]
    [InlineData("a OR NOT b", "query matches only by absence")]
    [InlineData("", "empty query at column 1")]
    [InlineData("   <<<only a comment>>>  ", "empty query at column 1")]
    [InlineData("orange OR", "missing term after 'OR' at column 8")]
    [InlineData("OR orange", "missing term before 'OR' at column 1")]
    [InlineData("orange AND", "missing term after 'AND' at column 8")]
    [InlineData("orange AND OR free", "missing term after 'AND' at column 8")]
    [InlineData("orange NOT", "missing term after 'NOT' at column 8")]
    [InlineData("orange NEAR/3", "missing term after 'NEAR/3' at column 8")]
    [InlineData("orange NEAR free", "NEAR needs a distance, e.g. NEAR/3 at column 8")]
    [InlineData("orange NEAR/x free", "bad NEAR distance in 'NEAR/x': expected a number between 0 and 1000 at column 8")]
    [InlineData("orange NEAR/5000 free", "bad NEAR distance in 'NEAR/5000': expected a number between 0 and 1000 at column 8")]
    [InlineData("orange ONEAR/-1 free", "bad NEAR distance in 'ONEAR/-1': expected a number between 0 and 1000 at column 8")]
    [InlineData("orange NEAR/2 -free", "NEAR/2 needs a term on each side, not a negation at column 8")]
    [InlineData("\"orange mobile", "unbalanced quote at column 1")]
    [InlineData("{BT", "unbalanced brace at column 1")]
    [InlineData("a <<<comment", "unterminated comment at column 3")]
    [InlineData("\"\"", "empty phrase at column 1")]
    [InlineData("{ }", "empty braces at column 1")]
    [InlineData("\"a b\"~x", "'~' after a phrase needs a distance between 0 and 1000 at column 6")]
    [InlineData("()", "empty parentheses at column 1")]
    [InlineData("a - b", "'-' must be followed by a term at column 3")]
    [InlineData("a + b", "'+' must be followed by a word at column 3")]
    [InlineData("lang: fr", "missing value after 'lang:' at column 1")]
    [InlineData("followers:>abc", "expected a number after 'followers:' at column 12")]
    [InlineData("followers:[5000 TO 100]", "bad range: 5000 is greater than 100 at column 11")]
    [InlineData("followers:[100 5000]", "expected 'TO' in range at column 16")]
    [InlineData("followers:[100 TO 5000", "unterminated range at column 11")]
    [InlineData("followers:99999999999999999999", "number '99999999999999999999' is too large at column 11")]
    [InlineData("followers:10k", "unexpected 'k' after the value at column 13")]
    [InlineData("verified:maybe", "'verified:' expects true or false, not 'maybe' at column 10")]
    [InlineData("has:kids", "'has:' expects links or media, not 'kids' at column 5")]
    [InlineData("title:(a OR author:b)", "field 'author:' cannot be used inside another field at column 13")]
    [InlineData("a NEAR/2 lang:fr", "NEAR/2 works on words of the text or title, not on other fields at column 3")]
    [InlineData("&&", "'&&' has nothing to search for at column 1")]
    [InlineData("a }", "unbalanced brace at column 3")]
    public void Parse_InvalidQuery_ReportsReasonAndColumn(string query, string message)
    {
        QueryCheck.Rejects(query).Message.ShouldBe(message);
    }

    [Fact]
    public void Parse_OrThenJuxtaposition_AndBindsTighter()
    {
        var root = QueryParser.Parse("a OR b c").Root.ShouldBeOfType<OrNode>();
        root.Children[0].ShouldBeOfType<TermsNode>().Display.ShouldBe("a");
        root.Children[1].ShouldBeOfType<AndNode>().Children.Count.ShouldBe(2);
    }

    [Fact]
    public void Parse_MixedAndOrWithoutParentheses_Warns()
    {
        var parsed = QueryParser.Parse("a OR b c");
        parsed.Warnings.Single().Message.ShouldContain("AND and OR mixed without parentheses");
        QueryParser.Parse("a OR (b c)").Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_NotAfterWord_IsAndNot()
    {
        var root = QueryParser.Parse("a NOT b").Root.ShouldBeOfType<AndNode>();
        root.Children[1].ShouldBeOfType<NotNode>();
    }

    [Fact]
    public void Parse_NearBindsTighterThanAndLooserThanNot()
    {
        var root = QueryParser.Parse("x a NEAR/2 b").Root.ShouldBeOfType<AndNode>();
        root.Children[1].ShouldBeOfType<NearNode>().Distance.ShouldBe(2);
    }

    [Fact]
    public void Parse_NearVariants_SetOrderAndDistance()
    {
        QueryParser.Parse("a NEAR/0 b").Root.ShouldBeOfType<NearNode>().Ordered.ShouldBeFalse();
        QueryParser.Parse("a NEAR/4f b").Root.ShouldBeOfType<NearNode>().ShouldSatisfyAllConditions(n => n.Ordered.ShouldBeTrue(), n => n.Distance.ShouldBe(4));
        QueryParser.Parse("(a OR b) ONEAR/1 (c d)").Root.ShouldBeOfType<NearNode>().Ordered.ShouldBeTrue();
    }

    [Fact]
    public void Parse_Comment_IsIgnored()
    {
        QueryParser.Parse("orange <<<the brand>>> mobile").Root.ShouldBeOfType<AndNode>().Children.Count.ShouldBe(2);
    }

    [Fact]
    public void Parse_FieldNames_AreCaseInsensitive()
    {
        QueryParser.Parse("LANG:fr").Root.ShouldBeOfType<FieldNode>().Field.ShouldBe(QueryField.Lang);
        QueryParser.Parse("Language:fr").Root.ShouldBeOfType<FieldNode>().Field.ShouldBe(QueryField.Lang);
    }

    [Fact]
    public void Parse_NumericForms_BecomeInclusiveRanges()
    {
        QueryParser.Parse("followers:>1000").Root.ShouldBe(new NumberNode(1, QueryField.Followers, 1001, long.MaxValue));
        QueryParser.Parse("followers:>=1000").Root.ShouldBe(new NumberNode(1, QueryField.Followers, 1000, long.MaxValue));
        QueryParser.Parse("followers:<10").Root.ShouldBe(new NumberNode(1, QueryField.Followers, long.MinValue, 9));
        QueryParser.Parse("followers:<=10").Root.ShouldBe(new NumberNode(1, QueryField.Followers, long.MinValue, 10));
        QueryParser.Parse("followers:[100 TO 5000]").Root.ShouldBe(new NumberNode(1, QueryField.Followers, 100, 5000));
        QueryParser.Parse("followers:42").Root.ShouldBe(new NumberNode(1, QueryField.Followers, 42, 42));
    }

    [Fact]
    public void Parse_FilterWithNegation_IsNotAbsenceOnly()
    {
        Should.NotThrow(() => QueryParser.Parse("followers:>1000 NOT x"));
        Should.NotThrow(() => QueryParser.Parse("lang:fr"));
    }

    [Fact]
    public void Parse_ShortWildcardPrefix_Warns()
    {
        QueryParser.Parse("a*").Warnings.Single().Message.ShouldContain("one-letter prefix");
    }

    [Fact]
    public void Parse_DeepNesting_IsAParseErrorNotAStackOverflow()
    {
        QueryCheck.Rejects(new string('(', 5000) + "a" + new string(')', 5000)).Reason.ShouldBe("query is nested too deeply");
        QueryCheck.Rejects(string.Concat(Enumerable.Repeat("NOT ", 5000)) + "a").Reason.ShouldBe("query is nested too deeply");
    }

    [Fact]
    public void Parse_ManyWarnings_ColumnsInOnePass()
    {
        // Found by QueryParserPropertyTests: each warning's column was counted from the start of the query, so 8,000
        // one-letter wildcards took most of a second to parse.
        var query = "👍 " + string.Join(' ', Enumerable.Repeat("a*", 8000));
        ParsedQuery parsed = null!;
        Chorus.Testing.ThreadCpuTime.Of(() => parsed = QueryParser.Parse(query)).ShouldBeLessThan(TimeSpan.FromMilliseconds(300));
        parsed.Warnings.Count.ShouldBe(8000);
        parsed.Warnings[0].Column.ShouldBe(3); // the emoji counts once
        parsed.Warnings[^1].Column.ShouldBe(3 + (7999 * 3));
    }

    [Fact]
    public void Parse_LongNearChain_IsNestingNotQuadraticWork()
    {
        // Found by QueryParserPropertyTests: each NEAR of a chain re-walked the whole chain before it, so 8,000 of
        // them took seconds to parse and as long to compile, and the compiler recursed once per NEAR.
        var chain = "a" + string.Concat(Enumerable.Repeat(" NEAR/1 a", 8000));
        QueryParseException error = null!;
        Chorus.Testing.ThreadCpuTime.Of(() => error = QueryCheck.Rejects(chain)).ShouldBeLessThan(TimeSpan.FromMilliseconds(200));
        error.Reason.ShouldBe("query is nested too deeply");
        error.Column.ShouldBe(1 + (63 * 9) + 2); // the 64th NEAR: the query itself is the first level
        QueryCheck.Matches("a" + string.Concat(Enumerable.Repeat(" NEAR/1 a", 10)), "a a a a a a a a a a a").ShouldBeTrue();
    }

    [Fact]
    public void Parse_RandomStrings_OnlyEverThrowParseErrors()
    {
        var random = new Random(20261121);
        var matcher = new Chorus.Text.Matching.QueryMatcher();
        var scratch = matcher.CreateScratch();
        var post = new Chorus.Text.Matching.Post { Text = "a b cé l'a #ab @a $AB 👍 e-mail", Title = "ab", Lang = "fr", Followers = 3 };
        var compiled = 0;
        const string alphabet = "ab cé'’*?\"(){}[]<>:+-~/#@$.NEAROTfTO0123456789 \t👍";
        string[] fragments = ["AND", "OR", "NOT", "NEAR/2", "ONEAR/1", "NEAR/3f", "lang:", "title:", "followers:", "followers:[", " TO ", "<<<", ">>>", "site:", "has:", "verified:", "\"", "(", ")", "{", "}", "~2", "-", "+"];
        for (var i = 0; i < 20000; i++)
        {
            var builder = new System.Text.StringBuilder();
            var length = random.Next(0, 30);
            for (var j = 0; j < length; j++)
            {
                if (random.Next(4) == 0)
                {
                    builder.Append(fragments[random.Next(fragments.Length)]);
                }
                else
                {
                    builder.Append(alphabet[random.Next(alphabet.Length)]);
                }
            }
            var query = builder.ToString();
            try
            {
                var parsed = QueryParser.Parse(query);
                // Whatever parses must also compile and run.
                matcher.AddOrReplace("fuzz", parsed.Text);
                matcher.Match(post, scratch);
                compiled++;
            }
            catch (QueryParseException e)
            {
                e.Column.ShouldBeInRange(0, query.Length + 1, query);
            }
        }
        compiled.ShouldBeGreaterThan(100);
    }
}
