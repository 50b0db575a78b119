using System.Runtime.CompilerServices;
using Chorus.Text.Language;
using Chorus.Text.Tokens;

namespace Chorus.Text.Matching;

/// <summary>
/// Per-thread working memory of <see cref="QueryMatcher"/>: token occurrences of the current post,
/// candidate queries and results. Reused post after post so the steady state allocates nothing.
/// Not thread-safe: create one per thread with <see cref="QueryMatcher.CreateScratch"/>.
/// </summary>
public sealed class MatchScratch
{
    /// <summary>Title positions start here so proximity never spans the title and the text.</summary>
    internal const int TitleOffset = 1 << 24;


    internal readonly TokenizerScratch Tokenizer = new();
    internal MatcherSnapshot? Snapshot;
    internal Post Post = null!;
    internal int Epoch;

    // Per term id, the epoch that last saw it and its occurrence list: one cache line per term touched.
    internal TermOccurrences[] Terms = [];
    internal int[] Touched = new int[64];
    internal int TouchedCount;

    /// <summary>The post's terms as a 64-bit Bloom filter (see <see cref="Posting"/>).</summary>
    internal ulong Signature;

    internal int[] OccurrencePosition = new int[256];
    internal int[] OccurrenceStart = new int[256];
    internal int[] OccurrenceLength = new int[256];
    internal int[] OccurrenceNext = new int[256];
    internal int OccurrenceCount;

    internal int[] QueryStamp = [];
    internal Posting[] Candidates = new Posting[64];
    internal int CandidateCount;
    internal CompiledQuery[] Matched = new CompiledQuery[16];
    internal long[] MatchedOrders = new long[16];
    internal int MatchedCount;

    internal long[] Spans = new long[64];
    internal int SpanTop;
    internal int[] WindowPositions = new int[16];

    internal char[] FoldBuffer = new char[128];
    private bool _hostComputed;
    private bool _languageComputed;
    private string? _language;
    private int _hostStart;
    private int _hostLength;
    private string? _hostSource;

    internal void Begin(MatcherSnapshot snapshot, Post post)
    {
        Snapshot = snapshot;
        Post = post;
        if (Terms.Length < snapshot.Terms.Count)
        {
            Terms = new TermOccurrences[Math.Max(snapshot.Terms.Count, Terms.Length * 2)];
        }
        if (QueryStamp.Length < snapshot.Queries.Length)
        {
            QueryStamp = new int[Math.Max(snapshot.Queries.Length, QueryStamp.Length * 2)];
        }
        if (++Epoch == int.MaxValue)
        {
            Array.Clear(Terms);
            Array.Clear(QueryStamp);
            Epoch = 1;
        }
        TouchedCount = 0;
        Signature = 0;
        OccurrenceCount = 0;
        CandidateCount = 0;
        MatchedCount = 0;
        SpanTop = 0;
        _hostComputed = false;
        _languageComputed = false;
    }

    /// <summary>The post's language, detected from the text (once per post) when the post does not give it.</summary>
    internal string? Language()
    {
        if (Post.Lang is { } given)
        {
            return given;
        }
        if (!_languageComputed)
        {
            _languageComputed = true;
            var guess = LanguageIdentifier.Identify(Post.Text);
            _language = guess.IsDetermined ? guess.Language : null;
        }
        return _language;
    }

    /// <summary>A buffer able to hold the folded form of a field value of that length (grows, never shrinks).</summary>
    internal char[] FoldBufferFor(int valueLength)
    {
        var needed = TextFolding.MaxFoldedLength(valueLength);
        if (FoldBuffer.Length < needed)
        {
            FoldBuffer = new char[Math.Max(needed, FoldBuffer.Length * 2)];
        }
        return FoldBuffer;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Record(int termId, int position, int start, int length)
    {
        var index = OccurrenceCount;
        if (index == OccurrencePosition.Length)
        {
            GrowOccurrences();
        }
        OccurrencePosition[index] = position;
        OccurrenceStart[index] = start;
        OccurrenceLength[index] = length;
        OccurrenceNext[index] = -1;
        OccurrenceCount = index + 1;
        ref var term = ref Terms[termId];
        if (term.Epoch != Epoch)
        {
            term.Epoch = Epoch;
            term.Head = index;
            if (TouchedCount == Touched.Length)
            {
                Array.Resize(ref Touched, Touched.Length * 2);
            }
            Touched[TouchedCount++] = termId;
            Signature |= Posting.Signature(termId);
        }
        else
        {
            OccurrenceNext[term.Tail] = index;
        }
        term.Tail = index;
    }

    private void GrowOccurrences()
    {
        var size = OccurrencePosition.Length * 2;
        Array.Resize(ref OccurrencePosition, size);
        Array.Resize(ref OccurrenceStart, size);
        Array.Resize(ref OccurrenceLength, size);
        Array.Resize(ref OccurrenceNext, size);
    }

    /// <summary>First occurrence of the term in this post, or -1; follow with <see cref="OccurrenceNext"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int FirstOccurrence(int termId)
    {
        ref readonly var term = ref Terms[termId];
        return term.Epoch == Epoch ? term.Head : -1;
    }

    /// <summary>True when the occurrence's original spelling is <paramref name="surface"/> (apostrophes unified).</summary>
    internal bool SurfaceEquals(int occurrence, string surface)
    {
        var length = OccurrenceLength[occurrence];
        if (length != surface.Length)
        {
            return false;
        }
        var source = OccurrencePosition[occurrence] >= TitleOffset ? Post.Title.AsSpan() : Post.Text.AsSpan();
        var slice = source.Slice(OccurrenceStart[occurrence], length);
        for (var i = 0; i < slice.Length; i++)
        {
            var c = slice[i];
            if (c != surface[i] && !(TextFolding.IsApostrophe(c) && surface[i] == TextFolding.Apostrophe))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True the first time a query slot is reached for this post (a post may touch several of its anchors).</summary>
    internal bool FirstVisit(int slot)
    {
        if (QueryStamp[slot] == Epoch)
        {
            return false;
        }
        QueryStamp[slot] = Epoch;
        return true;
    }

    internal void AddCandidate(in Posting posting)
    {
        if (CandidateCount == Candidates.Length)
        {
            Array.Resize(ref Candidates, Candidates.Length * 2);
        }
        Candidates[CandidateCount++] = posting;
    }

    internal void AddMatch(CompiledQuery query, long order)
    {
        if (MatchedCount == Matched.Length)
        {
            Array.Resize(ref Matched, Matched.Length * 2);
            Array.Resize(ref MatchedOrders, Matched.Length);
        }
        // Insertion keeps the results in registration order; a post matches few queries. The orders are compared
        // from this array, not read from the query objects, which are rarely in the CPU cache.
        var i = MatchedCount++;
        while (i > 0 && MatchedOrders[i - 1] > order)
        {
            Matched[i] = Matched[i - 1];
            MatchedOrders[i] = MatchedOrders[i - 1];
            i--;
        }
        Matched[i] = query;
        MatchedOrders[i] = order;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void PushSpan(int start, int end)
    {
        if (SpanTop == Spans.Length)
        {
            Array.Resize(ref Spans, Spans.Length * 2);
        }
        Spans[SpanTop++] = ((long)start << 32) | (uint)end;
    }

    internal ReadOnlySpan<char> Host()
    {
        if (!_hostComputed)
        {
            _hostComputed = true;
            _hostSource = string.IsNullOrEmpty(Post.Site) ? Post.Url : Post.Site;
            var host = PostFieldRules.HostOf(Post.Site, Post.Url);
            if (host.IsEmpty || _hostSource is null)
            {
                _hostLength = 0;
                _hostStart = 0;
            }
            else
            {
                _hostSource.AsSpan().Overlaps(host, out _hostStart);
                _hostLength = host.Length;
            }
        }
        return _hostLength == 0 ? [] : _hostSource.AsSpan(_hostStart, _hostLength);
    }
}

/// <summary>Where a term occurs in the current post (valid when <see cref="Epoch"/> is the scratch's).</summary>
internal struct TermOccurrences
{
    public int Epoch;
    public int Head;
    public int Tail;
}

/// <summary>Feeds the tokens of one field of the post into the scratch occurrence lists.</summary>
internal readonly struct FieldIndexingSink(MatchScratch scratch, MatcherSnapshot snapshot, bool title) : ITermSink
{
    // Read once per field rather than once per form: most forms end at the first filter probe.
    private readonly TermDictionary _terms = snapshot.Terms;
    private readonly ulong[] _prefixFilter = snapshot.Terms.PrefixFilter;
    private readonly ulong[] _termFilter = snapshot.Terms.Filter;
    private readonly WildcardIndex? _wildcards = snapshot.Wildcards;
    private readonly bool _shortWildcardPrefixes = snapshot.Wildcards?.HasShortPrefixes ?? false;

    public void OnTerm(ReadOnlySpan<char> key, int position, int sourceStart, int sourceLength)
    {
        if (title)
        {
            position += MatchScratch.TitleOffset;
        }
        var prefix = TermPrefix.Of(key);
        var mayBeTerm = TermPrefix.MayContain(_prefixFilter, prefix);
        if (mayBeTerm)
        {
            var hash = TermHash.Of(key);
            if (TermDictionary.MayContain(_termFilter, hash) && _terms.FindInTable(key, hash) is var id and >= 0)
            {
                scratch.Record(id, position, sourceStart, sourceLength);
            }
        }
        if ((mayBeTerm || _shortWildcardPrefixes) && _wildcards is { } wildcards)
        {
            wildcards.Match(key, prefix, mayBeTerm, scratch, position, sourceStart, sourceLength);
        }
    }
}
