using System.Buffers;
using System.CommandLine;
using System.Text.Json;
using Chorus.Text.Moderation;

namespace Chorus.TextCommands;

/// <summary>
/// <c>chorus moderate</c>: JSON lines <c>{"id","text","lang"?,"author"?,"url"?,"item"?}</c> on stdin →
/// <c>{"id","toxicity","spam","insult","threat","identity_attack","obscenity","reasons":[...]}</c>; scores in
/// [0, 1] (flag at 0.5), reasons as strings "category: term", e.g. "insult: connard", "threat: vais te tuer",
/// "identity-attack: musulmans + plaie", "obscenity: putain (friendly)", "generic-comment: praise only", "links: 2".
/// A comment's <c>author</c> (name) and <c>url</c> (the author's website) add the author signals (keyword-stuffed
/// names, keyword websites); a line with an author or an <c>item</c> (the post it answers) is also compared with the
/// lines before it that have one: the same words from <see cref="ModerationScorer.DuplicateAuthors"/> other authors or
/// on <see cref="ModerationScorer.DuplicateItems"/> other items is spam ("duplicate: …").
/// </summary>
public static class ModerateCommand
{
    public static Command Create()
    {
        var command = new Command("moderate", "Abuse and spam scores of JSON lines {\"id\",\"text\",\"lang\"?,\"author\"?,\"url\"?,\"item\"?} read on stdin (author: the commenter's name, url: their website, item: the post commented on; the same comment from several authors or on several items is spam); writes {\"id\",\"toxicity\",\"spam\",\"insult\",\"threat\",\"identity_attack\",\"obscenity\",\"reasons\"} per line.");
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
            Task.FromResult(Run(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error, cancellationToken)));
        return command;
    }

    public static int Run(Stream input, Stream output, TextWriter error, CancellationToken cancellationToken = default)
    {
        // The comments read so far, shared by the batches' in-order work (which runs on one thread, in input order).
        var recent = new RecentComments();
        return OrderedLinePipeline.Run(input, output, error, () => new CommentModerator(recent), cancellationToken);
    }

    private static void WriteScores(ModerationScore score, Utf8JsonWriter writer)
    {
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

    /// <summary>
    /// A line with an author or an item, answered alone by a worker; its answer is rewritten in order when the
    /// comments before it make it a duplicate.
    /// </summary>
    private sealed record PendingComment(int Start, int Length, byte[] Id, bool IdIsNumber, string Text, string? Author, string Item, ModerationScore Score);

    /// <summary>One worker: scores each line alone (in parallel with the other workers), and keeps for the batch's
    /// in-order work the lines that carry an author or an item.</summary>
    private sealed class CommentModerator(RecentComments recent) : ILineProcessor
    {
        private readonly TextLineReader _reader = new(readsCommentFields: true);
        private readonly Utf8JsonWriter _writer = new(new ArrayBufferWriter<byte>(1), JsonLinesProcessor.WriterOptions);
        private List<PendingComment>? _pending;

        public string? Process(ReadOnlySpan<byte> line, ArrayBufferWriter<byte> output)
        {
            if (_reader.Read(line) is { } problem)
            {
                return problem;
            }
            var text = _reader.Text.ToString();
            var author = _reader.Author is null && _reader.Url is null ? null : new CommentAuthor(_reader.Author, _reader.Url);
            var score = ModerationScorer.Score(text, _reader.Language, author);
            var start = output.WrittenCount;
            WriteLine(_reader.Id, _reader.IdIsNumber, score, output, _writer);
            if (_reader.Author is not null || _reader.Item is not null)
            {
                // A line without an item is taken to be on the same unnamed item as the other lines without one.
                (_pending ??= []).Add(new PendingComment(
                    start, output.WrittenCount - start, _reader.Id.ToArray(), _reader.IdIsNumber, text, _reader.Author, _reader.Item ?? "", score));
            }
            return null;
        }

        public IInOrderWork? TakeInOrderWork()
        {
            if (_pending is null)
            {
                return null;
            }
            var work = new DuplicateCheck(recent, _pending);
            _pending = null;
            return work;
        }
    }

    private static void WriteLine(ReadOnlySpan<byte> id, bool idIsNumber, ModerationScore score, IBufferWriter<byte> output, Utf8JsonWriter writer)
    {
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WritePropertyName("id"u8);
        if (idIsNumber)
        {
            writer.WriteRawValue(id, skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(id);
        }
        WriteScores(score, writer);
        writer.WriteEndObject();
        writer.Flush();
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }

    /// <summary>Compares a batch's comments, in order, with those read before them; rewrites the duplicates.</summary>
    private sealed class DuplicateCheck(RecentComments recent, List<PendingComment> pending) : IInOrderWork
    {
        public void Write(ReadOnlySpan<byte> answers, Stream output)
        {
            var written = 0;
            ArrayBufferWriter<byte>? rewritten = null;
            Utf8JsonWriter? writer = null;
            foreach (var comment in pending)
            {
                if (comment.Start + comment.Length > answers.Length)
                {
                    // After a bad line: the lines from it on are not written.
                    break;
                }
                var similar = recent.FindSimilar(comment.Text, comment.Author, comment.Item);
                recent.Add(comment.Text, comment.Author, comment.Item);
                var score = ModerationScorer.WithDuplicates(comment.Score, similar);
                if (ReferenceEquals(score, comment.Score))
                {
                    continue;
                }
                output.Write(answers[written..comment.Start]);
                rewritten ??= new ArrayBufferWriter<byte>(comment.Length * 2);
                writer ??= new Utf8JsonWriter(rewritten, JsonLinesProcessor.WriterOptions);
                rewritten.ResetWrittenCount();
                WriteLine(comment.Id, comment.IdIsNumber, score, rewritten, writer);
                output.Write(rewritten.WrittenSpan);
                written = comment.Start + comment.Length;
            }
            output.Write(answers[written..]);
            writer?.Dispose();
        }
    }
}
