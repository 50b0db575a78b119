using System.Text;
using System.Text.Json;
using Chorus.TextCommands;

namespace Chorus.Tests.TextCommands;

public sealed class MatchCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chorus-match-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string QueriesFile(string json)
    {
        var path = Path.Combine(_directory, "queries.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static (int Code, string Output, string Error) Run(string queriesPath, string input, bool explain = false)
    {
        using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(input));
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var code = MatchCommand.Run(queriesPath, explain, stdin, stdout, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    private const string Queries = """
        [
          {"id": "q1", "query": "orange NEAR/3 (réseau OR panne)"},
          {"id": "q2", "query": "free OR sfr"},
          {"id": "q3", "query": "lang:fr followers:>100"}
        ]
        """;

    [Fact]
    public void Run_Posts_WritesOneLinePerPostInInputOrderWithMatchesInQueryOrder()
    {
        var input = """
            {"id": "p1", "text": "Grosse panne chez Orange", "lang": "fr", "followers": 120}
            {"id": "p2", "text": "rien à voir"}
            {"id": "p3", "text": "Free et Orange : panne", "lang": "en"}
            """;
        var (code, output, error) = Run(QueriesFile(Queries), input);
        code.ShouldBe(0, error);
        output.ShouldBe("""
            {"id":"p1","matches":["q1","q3"]}
            {"id":"p2","matches":[]}
            {"id":"p3","matches":["q1","q2"]}

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Run_Explain_AddsTermsFieldsAndPositionsPerMatch()
    {
        var (code, output, error) = Run(QueriesFile(Queries), """{"id": "p1", "text": "Grosse panne chez Orange", "lang": "fr", "followers": 120}""", explain: true);
        code.ShouldBe(0, error);
        using var document = JsonDocument.Parse(output);
        var explain = document.RootElement.GetProperty("explain");
        var q1 = explain.GetProperty("q1").EnumerateArray().Select(e => (e.GetProperty("term").GetString(), e.GetProperty("field").GetString(), string.Join(",", e.GetProperty("positions").EnumerateArray().Select(p => p.GetInt32())))).ToList();
        q1.ShouldBe([("orange", "text", "3"), ("panne", "text", "1")]);
        explain.GetProperty("q3").EnumerateArray().Select(e => e.GetProperty("term").GetString()).ShouldBe(["lang:fr", "followers:>=101"]);
    }

    [Fact]
    public void Run_InvalidQueries_ReportsEachWithItsIdAndReadsNothing()
    {
        var path = QueriesFile("""[{"id": "q1", "query": "orange"}, {"id": "q7", "query": "orange AND (free OR"}, {"id": "q8", "query": "auteur:x"}]""");
        using var stdin = new ThrowingStream();
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        MatchCommand.Run(path, false, stdin, stdout, stderr).ShouldBe(2);
        stderr.ToString().ShouldBe("q7: missing term after 'OR' at column 18\nq8: unknown field 'auteur' at column 1\n".ReplaceLineEndings());
        stdout.Length.ShouldBe(0);
    }

    [Fact]
    public void Run_UnbalancedParenthesis_ReportsTheColumn()
    {
        var (code, _, error) = Run(QueriesFile("""[{"id": "q7", "query": "orange AND (free OR sfr"}]"""), "");
        code.ShouldBe(2);
        error.ShouldContain("q7: unbalanced parenthesis at column 12");
    }

    [Fact]
    public void Run_MissingQueriesFile_ExitsTwoWithClearMessage()
    {
        var (code, _, error) = Run(Path.Combine(_directory, "absent.json"), "");
        code.ShouldBe(2);
        error.ShouldStartWith("cannot read queries file '");
    }

    [Theory]
    [InlineData("[{\"id\": 1, \"query\": \"x\"}]", "entry 1: 'id' is missing or not a string")]
    [InlineData("[\"orange\"]", "entry 1: must be an object with 'id' and 'query'")]
    [InlineData("[{\"query\": \"x\"}]", "entry 1: 'id' is missing or not a string")]
    [InlineData("[{\"id\": \"a\", \"query\": \"x\"}, {\"id\": \"a\", \"query\": \"y\"}]", "entry 2: duplicate id 'a'")]
    [InlineData("[{\"id\": \"a\", \"query\": ", "is not valid JSON")]
    [InlineData("{}", "must hold a JSON array")]
    public void Run_MalformedQueriesFile_ExitsTwo(string json, string expected)
    {
        var (code, _, error) = Run(QueriesFile(json), "");
        code.ShouldBe(2);
        error.ShouldContain(expected);
    }

    [Theory]
    [InlineData("not json", "line 2: not valid JSON")]
    [InlineData("{\"text\": \"x\"}", "line 2: missing 'id'")]
    [InlineData("{\"id\": \"p2\"}", "line 2: missing 'text'")]
    [InlineData("{\"id\": true, \"text\": \"x\"}", "line 2: 'id' must be a string or a number")]
    [InlineData("{\"id\": \"p2\", \"text\": \"x\", \"followers\": 1.5}", "line 2: 'followers' must be an integer")]
    [InlineData("{\"id\": \"p2\", \"text\": 5}", "line 2: 'text' must be a string")]
    [InlineData("{\"id\": \"p2\", \"text\": \"x\", \"followers\": \"many\"}", "line 2: 'followers' must be an integer")]
    [InlineData("{\"id\": \"p2\", \"text\": \"x\", \"verified\": 1}", "line 2: 'verified' must be true or false")]
    [InlineData("[1]", "line 2: expected a JSON object")]
    public void Run_BadInputLine_ExitsTwoNamingLineAndField(string line, string expected)
    {
        var (code, output, error) = Run(QueriesFile(Queries), "{\"id\": \"p1\", \"text\": \"free\"}\n" + line + "\n{\"id\": \"p3\", \"text\": \"free\"}\n");
        code.ShouldBe(2);
        error.ShouldStartWith(expected);
        output.ShouldBe("{\"id\":\"p1\",\"matches\":[\"q2\"]}\n");
    }

    [Fact]
    public void Run_NullsUnknownFieldsAndBlankLines_AreTolerated()
    {
        var (code, output, error) = Run(QueriesFile(Queries), "\n{\"id\": \"p1\", \"text\": \"sfr\", \"title\": null, \"extra\": {\"a\": [1]}}\n\n");
        code.ShouldBe(0, error);
        output.ShouldBe("{\"id\":\"p1\",\"matches\":[\"q2\"]}\n");
    }

    [Fact]
    public void Run_MixedAndOrQuery_WarnsOnStandardErrorAndStillRuns()
    {
        var (code, output, error) = Run(QueriesFile("""[{"id": "q1", "query": "a OR b c"}]"""), """{"id": "p", "text": "a"}""");
        code.ShouldBe(0);
        error.ShouldContain("q1: warning: AND and OR mixed without parentheses");
        output.ShouldContain("\"matches\":[\"q1\"]");
    }

    [Fact]
    public void Create_DeclaresQueriesAndExplainOptions()
    {
        var command = MatchCommand.Create();
        command.Name.ShouldBe("match");
        command.Options.Select(o => o.Name).ShouldBe(["--queries", "--explain"]);
    }

    [Fact]
    public void Spec_Cli_ExampleOfTheSpec()
    {
        var queries = QueriesFile("""[{"id": "q1", "query": "orange NEAR/3 (réseau OR panne)"}]""");
        var (code, output, error) = Run(queries, """{"id": "p1", "text": "Le réseau d'Orange est en panne", "author": "alice", "url": "https://x.fr/a", "lang": "fr", "followers": 120}""" + "\n");
        code.ShouldBe(0, error);
        output.ShouldBe("{\"id\":\"p1\",\"matches\":[\"q1\"]}\n");
    }

    [Fact]
    public void Spec_Cli_MatchesFollowTheQueriesFileOrderAndLinesTheInputOrder()
    {
        var queries = QueriesFile("""[{"id": "z", "query": "panne"}, {"id": "a", "query": "orange"}, {"id": "m", "query": "orange panne"}]""");
        var posts = string.Concat(Enumerable.Range(0, 500).Select(i => $$"""{"id": "p{{i}}", "text": "{{(i % 2 == 0 ? "Orange en panne" : "rien")}}"}""" + "\n"));
        var (code, output, error) = Run(queries, posts);
        code.ShouldBe(0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(500);
        for (var i = 0; i < 500; i++)
        {
            lines[i].ShouldBe(i % 2 == 0 ? $$"""{"id":"p{{i}}","matches":["z","a","m"]}""" : $$"""{"id":"p{{i}}","matches":[]}""");
        }
    }

    [Fact]
    public void Spec_Cli_OnlyIdAndTextAreRequiredAndIdsComeBackAsGiven()
    {
        // The spec shows string ids; a number id is echoed as the number it was, never re-typed.
        var (code, output, error) = Run(QueriesFile(Queries), "{\"id\": 17, \"text\": \"free\"}\n{\"text\": \"sfr\", \"id\": \"é-1\"}\n");
        code.ShouldBe(0, error);
        output.ShouldBe("{\"id\":17,\"matches\":[\"q2\"]}\n{\"id\":\"é-1\",\"matches\":[\"q2\"]}\n");
    }

    [Fact]
    public void Spec_Cli_FollowersWrittenAsAWholeDecimalIsAnInteger()
    {
        var (code, output, error) = Run(QueriesFile(Queries), """{"id": "p1", "text": "x", "lang": "fr", "followers": 120.0}""" + "\n");
        code.ShouldBe(0, error);
        output.ShouldBe("{\"id\":\"p1\",\"matches\":[\"q3\"]}\n");
    }

    [Fact]
    public void Spec_Cli_QueriesFileWithByteOrderMarkIsRead()
    {
        var path = Path.Combine(_directory, "bom.json");
        File.WriteAllText(path, """[{"id": "q1", "query": "orange"}]""", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var (code, output, error) = Run(path, """{"id": "p1", "text": "orange"}""" + "\n");
        code.ShouldBe(0, error);
        output.ShouldBe("{\"id\":\"p1\",\"matches\":[\"q1\"]}\n");
    }

    [Fact]
    public void Spec_Cli_ExplainListsEveryMatchedQueryWithTermFieldAndPositions()
    {
        var queries = QueriesFile("""[{"id": "q1", "query": "orange OR free"}, {"id": "q2", "query": "title:panne lang:fr"}, {"id": "q3", "query": "sfr"}]""");
        var (code, output, error) = Run(queries, """{"id": "p1", "text": "Free et Orange, puis orange", "title": "Grosse panne", "lang": "fr"}""", explain: true);
        code.ShouldBe(0, error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        root.GetProperty("matches").EnumerateArray().Select(m => m.GetString()).ShouldBe(["q1", "q2"]);
        var explain = root.GetProperty("explain");
        explain.EnumerateObject().Select(p => p.Name).ShouldBe(["q1", "q2"]);
        static string Describe(JsonElement e) =>
            $"{e.GetProperty("term").GetString()}|{e.GetProperty("field").GetString()}|{string.Join(",", e.GetProperty("positions").EnumerateArray().Select(p => p.GetInt32()))}";
        explain.GetProperty("q1").EnumerateArray().Select(Describe).ShouldBe(["orange|text|2,4", "free|text|0"]);
        explain.GetProperty("q2").EnumerateArray().Select(Describe).ShouldBe(["title:panne|title|1", "lang:fr|lang|"]);
    }

    [Fact]
    public void Spec_Cli_ExplainOfAPostMatchingNothingIsEmpty()
    {
        var (code, output, error) = Run(QueriesFile(Queries), """{"id": "p1", "text": "rien"}""", explain: true);
        code.ShouldBe(0, error);
        output.ShouldBe("{\"id\":\"p1\",\"matches\":[],\"explain\":{}}\n");
    }

    private sealed class ThrowingStream : MemoryStream
    {
        public override int Read(Span<byte> buffer) => throw new InvalidOperationException("input must not be read when queries are invalid");

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("input must not be read when queries are invalid");
    }
}
