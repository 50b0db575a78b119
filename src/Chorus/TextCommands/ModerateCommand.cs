using System.CommandLine;
using System.Text.Json;
using Chorus.Text.Moderation;

namespace Chorus.TextCommands;

/// <summary>
/// <c>chorus moderate</c>: JSON lines <c>{"id","text","lang"?}</c> on stdin →
/// <c>{"id","toxicity","spam","insult","threat","identity_attack","obscenity","reasons":[...]}</c>; scores in
/// [0, 1] (flag at 0.5), reasons as strings "category: term", e.g. "insult: connard", "threat: vais te tuer",
/// "identity-attack: musulmans + plaie", "obscenity: putain (friendly)", "generic-comment: praise only", "links: 2".
/// </summary>
public static class ModerateCommand
{
    public static Command Create()
    {
        var command = new Command("moderate", "Abuse and spam scores of JSON lines {\"id\",\"text\",\"lang\"?} read on stdin; writes {\"id\",\"toxicity\",\"spam\",\"insult\",\"threat\",\"identity_attack\",\"obscenity\",\"reasons\"} per line.");
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
            Task.FromResult(Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error, cancellationToken)));
        return command;
    }

    public static int Run(Stream input, Stream output, TextWriter error, CancellationToken cancellationToken = default) =>
        JsonLinesProcessor.Run(input, output, error, Write, cancellationToken);

    private static void Write(TextLine line, Utf8JsonWriter writer)
    {
        // The scorer takes a string: moderation is the slowest of the four, one string per line does not show.
        var score = ModerationScorer.Score(line.Text.ToString(), line.Language);
        writer.WriteNumber("toxicity", Math.Round(score.Toxicity, 4));
        writer.WriteNumber("spam", Math.Round(score.Spam, 4));
        writer.WriteNumber("insult", Math.Round(score.Insult, 4));
        writer.WriteNumber("threat", Math.Round(score.Threat, 4));
        writer.WriteNumber("identity_attack", Math.Round(score.IdentityAttack, 4));
        writer.WriteNumber("obscenity", Math.Round(score.Obscenity, 4));
        writer.WriteStartArray("reasons");
        foreach (var reason in score.Reasons)
        {
            writer.WriteStringValue(reason.ToString());
        }
        writer.WriteEndArray();
    }
}
