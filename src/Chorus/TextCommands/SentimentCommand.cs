using System.CommandLine;
using System.Text.Json;
using Chorus.Text.Sentiment;

namespace Chorus.TextCommands;

/// <summary>
/// <c>chorus sentiment</c>: JSON lines <c>{"id","text","lang"?}</c> on stdin →
/// <c>{"id","lang","label","score"}</c> on stdout (label positive/negative/neutral, score in [-1, 1];
/// lang detected when absent).
/// </summary>
public static class SentimentCommand
{
    public static Command Create()
    {
        var command = new Command("sentiment", "Sentiment (French, English) of JSON lines {\"id\",\"text\",\"lang\"?} read on stdin; writes {\"id\",\"lang\",\"label\",\"score\"} per line.");
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
            Task.FromResult(Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error, cancellationToken)));
        return command;
    }

    public static int Run(Stream input, Stream output, TextWriter error, CancellationToken cancellationToken = default) =>
        JsonLinesProcessor.Run(input, output, error, Write, cancellationToken);

    private static void Write(TextLine line, Utf8JsonWriter writer)
    {
        var result = SentimentAnalyzer.Analyze(line.Text, line.Language);
        writer.WriteString("lang"u8, result.Language);
        writer.WriteString("label"u8, result.LabelName);
        writer.WriteNumber("score"u8, Math.Round(result.Score, 4));
    }
}
