using System.CommandLine;
using System.Text.Json;
using Chorus.Text.Language;

namespace Chorus.TextCommands;

/// <summary>
/// <c>chorus lang</c>: JSON lines <c>{"id","text"}</c> on stdin → <c>{"id","lang","confidence"}</c>
/// (ISO 639-1 code among en, fr, es, de, it, pt, nl, or "und"; confidence in [0, 1]).
/// </summary>
public static class LanguageCommand
{
    public static Command Create()
    {
        var command = new Command("lang", "Language of JSON lines {\"id\",\"text\"} read on stdin; writes {\"id\",\"lang\",\"confidence\"} per line (lang \"und\" when undetermined).");
        command.SetAction((ParseResult result, CancellationToken cancellationToken) => Task.FromResult(Run(Console.In, Console.Out, Console.Error)));
        return command;
    }

    public static int Run(TextReader input, TextWriter output, TextWriter error) =>
        JsonLinesProcessor.Run(input, output, error, Write);

    private static void Write(TextLine line, Utf8JsonWriter writer)
    {
        var guess = LanguageIdentifier.Identify(line.Text);
        writer.WriteString("lang", guess.Language);
        writer.WriteNumber("confidence", Math.Round(guess.Confidence, 4));
    }
}
