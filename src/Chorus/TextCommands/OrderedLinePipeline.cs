using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Unicode;
using System.Threading.Channels;

namespace Chorus.TextCommands;

/// <summary>Answers one input line of a text command: writes its output line, or names what is wrong with it.</summary>
internal interface ILineProcessor
{
    /// <summary>Writes the answer to <paramref name="line"/> (valid UTF-8, not blank) followed by '\n'; returns the
    /// problem when the line is unusable (without the line number), null otherwise.</summary>
    string? Process(ReadOnlySpan<byte> line, ArrayBufferWriter<byte> output);

    /// <summary>
    /// The part of the batch just answered that must see every line before it (a comment compared with the comments
    /// already read), to run in input order when the batch is written; null when there is none.
    /// </summary>
    IInOrderWork? TakeInOrderWork() => null;
}

/// <summary>Work of one batch that runs in input order, on the writing thread, after the batches before it.</summary>
internal interface IInOrderWork
{
    /// <summary>Writes the batch's <paramref name="answers"/> to <paramref name="output"/>, amended where the work says.</summary>
    void Write(ReadOnlySpan<byte> answers, Stream output);
}

/// <summary>
/// Runs a text command over JSON lines: batches of whole lines are answered on worker threads (one processor, with
/// its own scratch, per running batch) and written in input order, one write per batch. At the first bad line the
/// lines before it are written, then its number and problem, and the exit code is 2. Blank lines are skipped.
/// </summary>
internal static class OrderedLinePipeline
{
    public const int Ok = 0;
    public const int BadInput = 2;

    private sealed record BatchResult(ArrayBufferWriter<byte> Output, string? Problem, IInOrderWork? InOrder);

    public static int Run<TProcessor>(Stream input, Stream output, TextWriter error, Func<TProcessor> createProcessor, CancellationToken cancellationToken = default)
        where TProcessor : ILineProcessor
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var processors = new ConcurrentBag<TProcessor>();
        var outputs = new ConcurrentBag<ArrayBufferWriter<byte>>();
        // Enough batches in flight to keep every core busy while the oldest is written.
        var batches = Channel.CreateBounded<Task<BatchResult>>(new BoundedChannelOptions(2 * Environment.ProcessorCount) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        BatchResult Answer(LineBatch batch)
        {
            if (!processors.TryTake(out var processor))
            {
                processor = createProcessor();
            }
            if (!outputs.TryTake(out var written))
            {
                written = new ArrayBufferWriter<byte>(batch.Length);
            }
            try
            {
                var problem = AnswerLines(batch, processor, written);
                return new BatchResult(written, problem, processor.TakeInOrderWork());
            }
            finally
            {
                processors.Add(processor);
                batch.Return();
            }
        }

        // The reader runs on its own thread: it blocks on the input while the caller's thread writes what is done.
        var stopped = stop.Token;
        Exception? failure = null;
        var reading = Task.Factory.StartNew(() =>
        {
            try
            {
                var reader = new LineBatchReader(input);
                while (!stopped.IsCancellationRequested && reader.Read() is { } batch)
                {
                    var answer = Task.Run(() => Answer(batch), CancellationToken.None);
                    while (!batches.Writer.TryWrite(answer))
                    {
                        batches.Writer.WaitToWriteAsync(stopped).AsTask().GetAwaiter().GetResult();
                    }
                }
                stopped.ThrowIfCancellationRequested();
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                batches.Writer.TryComplete();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            while (batches.Reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
            {
                while (batches.Reader.TryRead(out var answer))
                {
                    var result = answer.GetAwaiter().GetResult();
                    if (result.InOrder is { } inOrder)
                    {
                        inOrder.Write(result.Output.WrittenSpan, output);
                    }
                    else
                    {
                        output.Write(result.Output.WrittenSpan);
                    }
                    result.Output.ResetWrittenCount();
                    outputs.Add(result.Output);
                    if (result.Problem is not null)
                    {
                        output.Flush();
                        error.WriteLine(result.Problem);
                        return BadInput;
                    }
                }
                // Nothing more is ready: a reader of a slow stream sees every answer so far.
                output.Flush();
            }
            reading.GetAwaiter().GetResult();
            if (failure is not null)
            {
                // An input error (or cancellation) is the caller's to report, as if it had read the lines itself.
                ExceptionDispatchInfo.Capture(failure).Throw();
            }
            output.Flush();
            return Ok;
        }
        finally
        {
            stop.Cancel();
        }
    }

    private static string? AnswerLines<TProcessor>(LineBatch batch, TProcessor processor, ArrayBufferWriter<byte> output)
        where TProcessor : ILineProcessor
    {
        var lines = batch.GetEnumerator();
        while (lines.MoveNext())
        {
            var line = lines.Current;
            if (IsBlank(line))
            {
                continue;
            }
            if (!Utf8.IsValid(line))
            {
                // What a UTF-8 text reader does with bytes that are not UTF-8: each bad sequence becomes U+FFFD.
                line = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(line));
            }
            if (processor.Process(line, output) is { } problem)
            {
                return $"line {lines.LineNumber}: {problem}";
            }
        }
        return null;
    }

    private static readonly SearchValues<byte> AsciiWhiteSpace = SearchValues.Create("\t\n\v\f\r\x1C\x1D\x1E\x1F "u8);

    // Blank as string.IsNullOrWhiteSpace sees it, Unicode spaces included.
    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        var first = line.IndexOfAnyExcept(AsciiWhiteSpace);
        if (first < 0)
        {
            return true;
        }
        return line[first] >= 0x80 && string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(line));
    }
}
