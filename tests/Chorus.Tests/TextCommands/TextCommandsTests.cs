using System.Text;
using System.Text.Json;
using Chorus.TextCommands;

namespace Chorus.Tests.TextCommands;

public class TextCommandsTests
{
    private static (int Exit, string[] Lines, string Error) Run(Func<Stream, Stream, TextWriter, CancellationToken, int> command, string input)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var exit = command(new MemoryStream(Encoding.UTF8.GetBytes(input)), output, error, CancellationToken.None);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (exit, lines, error.ToString());
    }

    [Fact]
    public void Sentiment_JsonLines_OneOutputPerLineInOrder()
    {
        var (exit, lines, error) = Run(SentimentCommand.Run,
            "{\"id\":\"a\",\"text\":\"J'adore ce produit, génial !\"}\n" +
            "\n" +
            "{\"id\":2,\"text\":\"Worst purchase ever, total waste of money\",\"lang\":\"en\"}\n" +
            "{\"id\":\"c\",\"text\":\"Le colis est arrivé mardi\",\"lang\":\"fr\"}\n");

        exit.ShouldBe(0, error);
        lines.Length.ShouldBe(3);
        using var first = JsonDocument.Parse(lines[0]);
        first.RootElement.GetProperty("id").GetString().ShouldBe("a");
        first.RootElement.GetProperty("lang").GetString().ShouldBe("fr");
        first.RootElement.GetProperty("label").GetString().ShouldBe("positive");
        first.RootElement.GetProperty("score").GetDouble().ShouldBeGreaterThan(0);
        using var second = JsonDocument.Parse(lines[1]);
        second.RootElement.GetProperty("id").GetInt32().ShouldBe(2);
        second.RootElement.GetProperty("lang").GetString().ShouldBe("en");
        second.RootElement.GetProperty("label").GetString().ShouldBe("negative");
        using var third = JsonDocument.Parse(lines[2]);
        third.RootElement.GetProperty("label").GetString().ShouldBe("neutral");
        third.RootElement.GetProperty("score").GetDouble().ShouldBe(0);
    }

    [Fact]
    public void Language_JsonLines_GivesCodeAndConfidence()
    {
        var (exit, lines, _) = Run(LanguageCommand.Run,
            "{\"id\":\"1\",\"text\":\"Bonjour à tous, merci pour votre message\"}\n{\"id\":\"2\",\"text\":\"🎉🎉\"}\n");

        exit.ShouldBe(0);
        using var first = JsonDocument.Parse(lines[0]);
        first.RootElement.GetProperty("lang").GetString().ShouldBe("fr");
        first.RootElement.GetProperty("confidence").GetDouble().ShouldBeInRange(0.5, 1.0);
        using var second = JsonDocument.Parse(lines[1]);
        second.RootElement.GetProperty("lang").GetString().ShouldBe("und");
        second.RootElement.GetProperty("confidence").GetDouble().ShouldBe(0);
    }

    [Fact]
    public void Moderate_JsonLines_GivesScoresAndReasonStrings()
    {
        var (exit, lines, _) = Run(ModerateCommand.Run,
            "{\"id\":\"x\",\"text\":\"t'es qu'un encul3, je vais te tuer\",\"lang\":\"fr\"}\n" +
            "{\"id\":\"y\",\"text\":\"Gagnez 1000€ : cliquez ici https://bit.ly/xyz\"}\n");

        exit.ShouldBe(0);
        using var first = JsonDocument.Parse(lines[0]);
        first.RootElement.GetProperty("toxicity").GetDouble().ShouldBeGreaterThan(0.9);
        var reasons = first.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToArray();
        reasons.ShouldContain("insult: enculé");
        reasons.ShouldContain(r => r!.StartsWith("threat: ", StringComparison.Ordinal));
        first.RootElement.GetProperty("insult").GetDouble().ShouldBeGreaterThan(0.5);
        first.RootElement.GetProperty("threat").GetDouble().ShouldBeGreaterThan(0.5);
        first.RootElement.GetProperty("identity_attack").GetDouble().ShouldBe(0);
        lines[0].ShouldContain("enculé");
        using var second = JsonDocument.Parse(lines[1]);
        second.RootElement.GetProperty("spam").GetDouble().ShouldBeGreaterThan(0.6);
        second.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldContain("shortener: bit.ly");
    }

    private static string[] Reasons(string line)
    {
        using var document = JsonDocument.Parse(line);
        return [.. document.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)];
    }

    private static double Spam(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty("spam").GetDouble();
    }

    [Fact]
    public void Moderate_ReadsTheAuthorsNameAndWebsite()
    {
        var (exit, lines, error) = Run(ModerateCommand.Run,
            "{\"id\":1,\"text\":\"merci pour l'article\",\"lang\":\"fr\",\"author\":\"Rachat de credit pas cher\",\"url\":\"http://rachat-credit-pas-cher.fr\"}\n" +
            "{\"id\":2,\"text\":\"merci pour l'article\",\"lang\":\"fr\",\"author\":\"Yann B.\",\"url\":\"https://yann.example.org\"}\n" +
            "{\"id\":3,\"text\":\"merci pour l'article\",\"lang\":\"fr\"}\n");

        exit.ShouldBe(0, error);
        Spam(lines[0]).ShouldBeGreaterThanOrEqualTo(0.5);
        Reasons(lines[0]).ShouldContain("author: \"Rachat de credit pas cher\" (pas cher)");
        Reasons(lines[0]).ShouldContain("author: website rachat-credit-pas-cher.fr");
        Reasons(lines[1]).ShouldNotContain(r => r.StartsWith("author:", StringComparison.Ordinal));
        Spam(lines[1]).ShouldBe(Spam(lines[2]));
    }

    [Fact]
    public void Moderate_TheSameCommentFromManyAuthors_IsSpamFromTheThirdOn_AcrossBatches()
    {
        const string comment = "Nice reading, I learned something today about this subject";
        var input = new StringBuilder();
        input.Append($"{{\"id\":\"a\",\"text\":\"{comment}\",\"lang\":\"en\",\"author\":\"anna\"}}\n");
        // Enough other comments between them that the three land in different batches, answered on different threads.
        for (var i = 0; i < 4_000; i++)
        {
            input.Append($"{{\"id\":{i},\"text\":\"comment number {i} on the pasta sauce recipe\",\"author\":\"reader{i}\"}}\n");
        }
        input.Append($"{{\"id\":\"b\",\"text\":\"{comment}\",\"lang\":\"en\",\"author\":\"bob\"}}\n");
        input.Append($"{{\"id\":\"c\",\"text\":\"{comment.ToUpperInvariant()}!\",\"lang\":\"en\",\"author\":\"carl\"}}\n");
        input.Append($"{{\"id\":\"d\",\"text\":\"{comment}\",\"lang\":\"en\"}}\n");

        var (exit, lines, error) = Run(ModerateCommand.Run, input.ToString());

        exit.ShouldBe(0, error);
        lines.Length.ShouldBe(4_004);
        Reasons(lines[0]).ShouldNotContain(r => r.StartsWith("duplicate", StringComparison.Ordinal));
        Reasons(lines[^3]).ShouldNotContain(r => r.StartsWith("duplicate", StringComparison.Ordinal));
        lines[^2].ShouldStartWith("{\"id\":\"c\"");
        Reasons(lines[^2]).ShouldContain("duplicate: from 2 other authors");
        Spam(lines[^2]).ShouldBeGreaterThanOrEqualTo(0.5);
        // A line with neither author nor item is scored alone.
        Reasons(lines[^1]).ShouldNotContain(r => r.StartsWith("duplicate", StringComparison.Ordinal));
    }

    [Fact]
    public void Moderate_TheSameCommentOnManyItems_IsSpam()
    {
        var (exit, lines, error) = Run(ModerateCommand.Run,
            "{\"id\":1,\"text\":\"super article, toutes mes felicitations a l'auteur\",\"item\":\"post-1\"}\n" +
            "{\"id\":2,\"text\":\"super article, toutes mes felicitations a l'auteur\",\"item\":\"post-2\"}\n" +
            "{\"id\":3,\"text\":\"super article, toutes mes felicitations a l'auteur\",\"item\":\"post-3\"}\n");

        exit.ShouldBe(0, error);
        Reasons(lines[1]).ShouldNotContain(r => r.StartsWith("duplicate", StringComparison.Ordinal));
        Reasons(lines[2]).ShouldContain("duplicate: on 2 other posts");
    }

    [Fact]
    public void Moderate_AnAuthorThatIsNotAString_IsRefusedWithItsLine()
    {
        var (exit, lines, error) = Run(ModerateCommand.Run,
            "{\"id\":1,\"text\":\"hello\",\"author\":null,\"url\":null}\n{\"id\":2,\"text\":\"hello\",\"author\":{\"name\":\"x\"}}\n");

        exit.ShouldBe(2);
        lines.Length.ShouldBe(1);
        error.ShouldContain("line 2");
        error.ShouldContain("field \"author\" must be a string or null");
    }

    [Theory]
    [InlineData("{\"id\":\"1\",\"text\":\"ok\"}\nnot json\n", "line 2: invalid JSON")]
    [InlineData("{\"text\":\"no id\"}\n", "line 1: field \"id\"")]
    [InlineData("{\"id\":\"1\"}\n", "line 1: field \"text\"")]
    [InlineData("{\"id\":\"1\",\"text\":42}\n", "line 1: field \"text\"")]
    [InlineData("{\"id\":\"1\",\"text\":\"ok\",\"lang\":5}\n", "line 1: field \"lang\"")]
    [InlineData("[1,2]\n", "line 1: expected a JSON object")]
    public void Sentiment_BadInput_ExitsTwoNamingLineAndField(string input, string message)
    {
        var (exit, _, error) = Run(SentimentCommand.Run, input);

        exit.ShouldBe(2);
        error.ShouldContain(message);
    }

    [Fact]
    public void Moderate_BadInput_ExitsTwoAfterWritingEarlierLines()
    {
        var (exit, lines, error) = Run(ModerateCommand.Run, "{\"id\":1,\"text\":\"bonjour\"}\n{\"id\":2}\n");

        exit.ShouldBe(2);
        lines.Length.ShouldBe(1);
        error.ShouldContain("line 2: field \"text\"");
    }

    [Fact]
    public void Create_CommandsHaveTheirNames()
    {
        SentimentCommand.Create().Name.ShouldBe("sentiment");
        LanguageCommand.Create().Name.ShouldBe("lang");
        ModerateCommand.Create().Name.ShouldBe("moderate");
    }
}
