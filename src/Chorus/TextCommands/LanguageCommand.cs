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
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
            Task.FromResult(Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error, cancellationToken)));
        return command;
    }

    public static int Run(Stream input, Stream output, TextWriter error, CancellationToken cancellationToken = default) =>
        JsonLinesProcessor.Run(input, output, error, Write, cancellationToken);

    private static void Write(TextLine line, Utf8JsonWriter writer)
    {
        var guess = LanguageIdentifier.Identify(line.Text);
        writer.WriteString("lang"u8, guess.Language);
        writer.WriteNumber("confidence"u8, Math.Round(guess.Confidence, 4));
    }
}
