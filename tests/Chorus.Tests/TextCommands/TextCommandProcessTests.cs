using System.Text.Json;
using Chorus.Tests.Support;

namespace Chorus.Tests.TextCommands;

/// <summary>The four text commands through the real executable: JSON lines in, one JSON line out per input line, in order.</summary>
public sealed class TextCommandProcessTests
{
    [Fact]
    public async Task Match_QueriesFileAndPosts_OneLinePerPostInOrder()
    {
        var queries = Path.Combine(Path.GetTempPath(), $"queries-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(queries, """[{"id":"q1","query":"orange NEAR/3 (réseau OR panne)"},{"id":"q2","query":"café -décaféiné"}]""");

        var result = await ChorusProcess.RunAsync(null,
            """
            {"id":"p1","text":"Grosse panne du réseau d'Orange ce matin"}
            {"id":"p2","text":"Un cafe le matin"}
            {"id":"p3","text":"Rien à voir"}

            """, "match", "--queries", queries);

        result.ExitCode.ShouldBe(0, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines.Select(l => l.GetProperty("id").GetString()).ShouldBe(["p1", "p2", "p3"]);
        lines[0].GetProperty("matches").EnumerateArray().Select(m => m.GetString()).ShouldBe(["q1"]);
        lines[2].GetProperty("matches").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Match_QueryThatDoesNotParse_Exit2NamingQueryAndColumnAndReadsNothing()
    {
        var queries = Path.Combine(Path.GetTempPath(), $"queries-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(queries, """[{"id":"bad","query":"(orange OR sfr"}]""");

        var result = await ChorusProcess.RunAsync(null, """{"id":"p1","text":"orange"}""" + "\n", "match", "--queries", queries);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("bad:");
        result.Error.ShouldContain("column");
        result.Output.ShouldBeEmpty();
    }

    [Fact]
    public async Task Match_InputStartingWithByteOrderMark_FirstPostIsRead()
    {
        var queries = Path.Combine(Path.GetTempPath(), $"queries-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(queries, """[{"id":"q1","query":"orange"}]""");

        var result = await ChorusProcess.RunAsync(null, "\uFEFF" + """{"id":"p1","text":"orange"}""" + "\n", "match", "--queries", queries);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.ShouldBe("{\"id\":\"p1\",\"matches\":[\"q1\"]}\n");
    }

    [Fact]
    public async Task SentimentLangModerate_FrenchAndEnglish_AnswerEachLine()
    {
        const string input = """
            {"id":"1","text":"J'adore ce café, vraiment excellent !"}
            {"id":"2","text":"This is not good at all, terrible service."}

            """;

        var sentiment = await ChorusProcess.RunAsync(null, input, "sentiment");
        var language = await ChorusProcess.RunAsync(null, input, "lang");
        var moderation = await ChorusProcess.RunAsync(null, input, "moderate");

        sentiment.ExitCode.ShouldBe(0, sentiment.Error);
        var labels = sentiment.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetString()).ToList();
        labels.ShouldBe(["positive", "negative"]);
        language.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("lang").GetString()).ShouldBe(["fr", "en"]);
        moderation.ExitCode.ShouldBe(0, moderation.Error);
        moderation.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(2);
    }

    [Fact]
    public async Task Sentiment_LineThatIsNotJson_Exit2NamingTheLine()
    {
        var result = await ChorusProcess.RunAsync(null, "{\"id\":\"1\",\"text\":\"ok\"}\nnot json\n", "sentiment");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("line 2");
    }
}
