using System.Buffers;
using System.Text;

namespace Chorus.TextCommands;

/// <summary>
/// Whole lines of UTF-8 input, cut from the stream in batches: the bytes live in a pooled buffer the batch owns
/// until it is returned, and the number of the first line is kept so errors can name any line.
/// </summary>
internal sealed class LineBatch(byte[] buffer, int length, int firstLineNumber)
{
    public byte[] Buffer { get; } = buffer;

    public int Length { get; } = length;

    public int FirstLineNumber { get; } = firstLineNumber;

    public LineEnumerator GetEnumerator() => new(Buffer.AsSpan(0, Length), FirstLineNumber);

    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);

    /// <summary>
    /// The lines of a batch. Line breaks are those of <see cref="TextReader.ReadLine"/>: "\n", "\r\n" and a lone "\r",
    /// so line numbers are those a text editor shows.
    /// </summary>
    public ref struct LineEnumerator(ReadOnlySpan<byte> rest, int firstLineNumber)
    {
        private ReadOnlySpan<byte> _rest = rest;
        private bool _done = rest.IsEmpty;

        public ReadOnlySpan<byte> Current { get; private set; }

        public int LineNumber { get; private set; } = firstLineNumber - 1;

        public bool MoveNext()
        {
            if (_done)
            {
                return false;
            }
            LineNumber++;
            var end = _rest.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0)
            {
                Current = _rest;
                _done = true;
                return true;
            }
            Current = _rest[..end];
            var next = end + (_rest[end] == '\r' && end + 1 < _rest.Length && _rest[end + 1] == '\n' ? 2 : 1);
            _rest = _rest[next..];
            _done = _rest.IsEmpty;
            return true;
        }
    }
}

/// <summary>
/// Reads a stream of UTF-8 lines in batches of whole lines, without decoding them. A byte order mark at the start
/// is skipped; UTF-16 and UTF-32 input with a byte order mark is transcoded to UTF-8 first.
/// </summary>
internal sealed class LineBatchReader(Stream input)
{
    // Large enough that a batch carries hundreds of posts (one task and one output write per batch), small enough
    // that a slow producer's lines are answered without waiting for more.
    private const int BatchBytes = 1 << 17;

    private Stream _input = input;
    private bool _started;
    private bool _ended;
    private byte[] _pending = [];
    private int _pendingLength;
    private int _nextLineNumber = 1;

    /// <summary>The next batch, or null at the end of input.</summary>
    public LineBatch? Read()
    {
        if (_ended)
        {
            return null;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(BatchBytes, _pendingLength * 2));
        _pending.AsSpan(0, _pendingLength).CopyTo(buffer);
        var length = _pendingLength;
        if (_pending.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_pending);
        }
        _pending = [];
        _pendingLength = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                // One line longer than the buffer: keep reading it in a larger one.
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
            var read = ReadSome(buffer.AsSpan(length));
            if (read == 0)
            {
                _ended = true;
                if (length == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
                return Emit(buffer, length, length);
            }
            length += read;
            var cut = LastLineEnd(buffer.AsSpan(0, length));
            if (cut > 0)
            {
                return Emit(buffer, length, cut);
            }
        }
    }

    private LineBatch Emit(byte[] buffer, int length, int cut)
    {
        if (cut < length)
        {
            _pendingLength = length - cut;
            _pending = ArrayPool<byte>.Shared.Rent(Math.Max(_pendingLength, 4096));
            buffer.AsSpan(cut, _pendingLength).CopyTo(_pending);
        }
        var firstLine = _nextLineNumber;
        _nextLineNumber += CountLineBreaks(buffer.AsSpan(0, cut));
        return new LineBatch(buffer, cut, firstLine);
    }

    // The end of the last complete line: after its '\n', or after a '\r' that is not the last byte read (it may be
    // the first half of "\r\n"). Zero when no line is complete yet.
    private static int LastLineEnd(ReadOnlySpan<byte> data)
    {
        var newline = data.LastIndexOf((byte)'\n');
        return newline >= 0 ? newline + 1 : data[..^1].LastIndexOf((byte)'\r') + 1;
    }

    private static int CountLineBreaks(ReadOnlySpan<byte> lines)
    {
        var count = lines.Count((byte)'\n');
        if (lines.Contains((byte)'\r'))
        {
            // Only a "\r" not followed by "\n" is a line break of its own.
            count += lines.Count((byte)'\r') - lines.Count("\r\n"u8);
        }
        return count;
    }

    private int ReadSome(Span<byte> destination)
    {
        if (!_started)
        {
            _started = true;
            return ReadStart(destination);
        }
        return _input.Read(destination);
    }

    // The byte order mark, when there is one, comes first: look at the first bytes before handing any on.
    private int ReadStart(Span<byte> destination)
    {
        Span<byte> head = stackalloc byte[4];
        var count = 0;
        while (count < 4)
        {
            var read = _input.Read(head[count..]);
            if (read == 0)
            {
                break;
            }
            count += read;
            if (!CouldStartByteOrderMark(head[..count]))
            {
                break;
            }
        }
        var encoding = ByteOrderMarkEncoding(head[..count], out var markLength);
        if (encoding is not null)
        {
            _input = Encoding.CreateTranscodingStream(new PrefixedStream(head[markLength..count].ToArray(), _input), encoding, Encoding.UTF8);
            return _input.Read(destination);
        }
        head[markLength..count].CopyTo(destination);
        return count - markLength;
    }

    private static bool CouldStartByteOrderMark(ReadOnlySpan<byte> head) =>
        "\xEF\xBB\xBF"u8.StartsWith(head) || head.Length <= 4 && (IsPrefixOf(head, [0xFF, 0xFE, 0, 0]) || IsPrefixOf(head, [0xFE, 0xFF]) || IsPrefixOf(head, [0, 0, 0xFE, 0xFF]));

    private static bool IsPrefixOf(ReadOnlySpan<byte> head, ReadOnlySpan<byte> mark) =>
        head.Length <= mark.Length ? mark.StartsWith(head) : head.StartsWith(mark);

    // What StreamReader's detection accepts: UTF-8 (skipped), UTF-32 and UTF-16 in either byte order (decoded).
    private static Encoding? ByteOrderMarkEncoding(ReadOnlySpan<byte> head, out int markLength)
    {
        (markLength, var encoding) = head switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (3, null),
            [0xFF, 0xFE, 0, 0, ..] => (4, new UTF32Encoding(bigEndian: false, byteOrderMark: false)),
            [0, 0, 0xFE, 0xFF, ..] => (4, new UTF32Encoding(bigEndian: true, byteOrderMark: false)),
            [0xFF, 0xFE, ..] => (2, new UnicodeEncoding(bigEndian: false, byteOrderMark: false)),
            [0xFE, 0xFF, ..] => (2, new UnicodeEncoding(bigEndian: true, byteOrderMark: false)),
            _ => (0, (Encoding?)null),
        };
        return encoding;
    }

    /// <summary>The bytes read ahead to look for a byte order mark, then the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int _prefixRead;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefixRead < prefix.Length)
            {
                var count = Math.Min(buffer.Length, prefix.Length - _prefixRead);
                prefix.AsSpan(_prefixRead, count).CopyTo(buffer);
                _prefixRead += count;
                return count;
            }
            return rest.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
