using Chorus.Text.Query;
using Chorus.Text.Tokens;

namespace Chorus.Text.Matching;

/// <summary>An immutable state of the matcher; readers take one and never see it change.</summary>
internal sealed class MatcherSnapshot(TermDictionary terms, Posting[][] postings, CompiledQuery?[] queries, Posting[] alwaysVerify, WildcardIndex? wildcards)
{
    public static readonly MatcherSnapshot Empty = new(new TermDictionary(), [], [], [], null);

    public TermDictionary Terms { get; } = terms;

    /// <summary>Per term id, the queries anchored on it (copy-on-write per term).</summary>
    public Posting[][] Postings { get; } = postings;

    /// <summary>Per slot, the query (null for a free slot).</summary>
    public CompiledQuery?[] Queries { get; } = queries;

    /// <summary>The queries that require no term (e.g. <c>lang:fr</c>).</summary>
    public Posting[] AlwaysVerify { get; } = alwaysVerify;

    public WildcardIndex? Wildcards { get; } = wildcards;
}

/// <summary>
/// Matches posts against many saved queries at once. Queries are indexed by the terms they require
/// (a post is verified only against queries whose required terms it contains); updates publish a new
/// immutable snapshot, so any number of threads can match while queries are added, replaced or removed.
/// </summary>
public sealed class QueryMatcher
{
    private static readonly Posting[] NoPostings = [];
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
    private readonly List<List<Posting>> _postings = [];
    private readonly HashSet<int> _always = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly Dictionary<int, string> _wildcardTerms = [];
    private volatile MatcherSnapshot _snapshot = MatcherSnapshot.Empty;
    private long _nextOrder;
    private int _slotCount;

    /// <summary>Number of queries.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _slotById.Count;
            }
        }
    }

    /// <summary>Number of distinct terms interned (grows only).</summary>
    public int TermCount => _snapshot.Terms.Count;

    /// <summary>A query change: add or replace when <see cref="Query"/> is set, remove when null.</summary>
    public readonly record struct Change(string Id, string? Query);

    /// <summary>Adds a query, or replaces the query with the same id (keeping its place in the result order).</summary>
    /// <exception cref="QueryParseException">The query does not parse; nothing changes.</exception>
    public CompiledQuery AddOrReplace(string id, string query)
    {
        Apply([new Change(id, query)]);
        return Get(id)!;
    }

    /// <summary>Removes a query; false when the id is unknown.</summary>
    public bool Remove(string id)
    {
        lock (_gate)
        {
            if (!_slotById.ContainsKey(id))
            {
                return false;
            }
        }
        Apply([new Change(id, null)]);
        return true;
    }

    /// <summary>The compiled query of that id, or null.</summary>
    public CompiledQuery? Get(string id)
    {
        lock (_gate)
        {
            // Slots and snapshot change together under the gate.
            return _slotById.TryGetValue(id, out var slot) ? _snapshot.Queries[slot] : null;
        }
    }

    /// <summary>
    /// Applies many changes and publishes them at once (far cheaper than one by one). All queries are parsed
    /// first: when one fails, nothing changes and the error names its id.
    /// </summary>
    /// <exception cref="QueryBatchException">Some queries do not parse.</exception>
    public void Apply(IEnumerable<Change> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var parsed = new List<(string Id, ParsedQuery? Query)>();
        var errors = new List<(string Id, QueryParseException Error)>();
        foreach (var change in changes)
        {
            if (change.Query is null)
            {
                parsed.Add((change.Id, null));
            }
            else if (QueryParser.TryParse(change.Query, out var query, out var error))
            {
                parsed.Add((change.Id, query));
            }
            else
            {
                errors.Add((change.Id, error!));
            }
        }
        if (errors.Count > 0)
        {
            throw new QueryBatchException(errors);
        }
        lock (_gate)
        {
            var old = _snapshot;
            var terms = old.Terms.Clone();
            var queries = old.Queries;
            var changedTerms = new HashSet<int>();
            var alwaysChanged = false;
            var wildcardsChanged = false;
            var queriesCopied = false;
            foreach (var (id, query) in parsed)
            {
                long? order = null;
                if (_slotById.TryGetValue(id, out var oldSlot))
                {
                    var previous = queries[oldSlot]!;
                    order = previous.Order;
                    alwaysChanged |= Unindex(previous, oldSlot, changedTerms);
                    EnsureCopied(ref queries, ref queriesCopied, queries.Length);
                    queries[oldSlot] = null;
                    _slotById.Remove(id);
                    _freeSlots.Push(oldSlot);
                }
                if (query is null)
                {
                    continue;
                }
                var compiled = QueryCompiler.Compile(id, query, order ?? _nextOrder++, terms);
                var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _slotCount++;
                EnsureCopied(ref queries, ref queriesCopied, Math.Max(queries.Length, slot + 1));
                queries[slot] = compiled;
                _slotById[id] = slot;
                while (_postings.Count < terms.Count)
                {
                    _postings.Add([]);
                }
                if (compiled.Anchor is { } anchor)
                {
                    foreach (var term in anchor.TermIds)
                    {
                        _postings[term].Add(Posting.For(slot, term, compiled));
                        changedTerms.Add(term);
                    }
                }
                else
                {
                    _always.Add(slot);
                    alwaysChanged = true;
                }
                foreach (var wildcard in compiled.Wildcards)
                {
                    var termId = terms.Find(wildcard);
                    wildcardsChanged |= _wildcardTerms.TryAdd(termId, wildcard);
                }
            }
            var postings = new Posting[terms.Count][];
            Array.Copy(old.Postings, postings, old.Postings.Length);
            for (var i = old.Postings.Length; i < postings.Length; i++)
            {
                postings[i] = NoPostings;
            }
            foreach (var term in changedTerms)
            {
                postings[term] = _postings[term].Count == 0 ? NoPostings : Posting.Pack(_postings[term]);
            }
            var always = alwaysChanged ? [.. _always.Order().Select(slot => Posting.Unanchored(slot, queries[slot]!))] : old.AlwaysVerify;
            var wildcards = wildcardsChanged
                ? new WildcardIndex(_wildcardTerms.Select(w => (w.Value, w.Key)))
                : old.Wildcards;
            _snapshot = new MatcherSnapshot(terms, postings, queries, always, wildcards);
        }
    }

    private static void EnsureCopied(ref CompiledQuery?[] queries, ref bool copied, int size)
    {
        if (!copied || queries.Length < size)
        {
            var copy = new CompiledQuery?[copied ? Math.Max(size, queries.Length * 2) : Math.Max(size, queries.Length)];
            Array.Copy(queries, copy, queries.Length);
            queries = copy;
            copied = true;
        }
    }

    private bool Unindex(CompiledQuery query, int slot, HashSet<int> changedTerms)
    {
        if (query.Anchor is { } anchor)
        {
            foreach (var term in anchor.TermIds)
            {
                _postings[term].RemoveAll(posting => posting.Slot == slot);
                changedTerms.Add(term);
            }
            return false;
        }
        _always.Remove(slot);
        return true;
    }

    /// <summary>Working memory for one thread's calls to <see cref="Match"/>.</summary>
    public MatchScratch CreateScratch() => new();

    /// <summary>
    /// The queries <paramref name="post"/> matches, in registration order. The span lives in
    /// <paramref name="scratch"/> until its next use. Allocation-free in the steady state.
    /// </summary>
    public ReadOnlySpan<CompiledQuery> Match(Post post, MatchScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(scratch);
        var snapshot = _snapshot;
        scratch.Begin(snapshot, post);
        var sink = new FieldIndexingSink(scratch, snapshot, title: false);
        Tokenizer.Tokenize(post.Text.AsSpan(), ref sink, scratch.Tokenizer);
        if (!string.IsNullOrEmpty(post.Title))
        {
            var titleSink = new FieldIndexingSink(scratch, snapshot, title: true);
            Tokenizer.Tokenize(post.Title.AsSpan(), ref titleSink, scratch.Tokenizer);
        }
        var postings = snapshot.Postings;
        var signature = scratch.Signature;
        for (var i = 0; i < scratch.TouchedCount; i++)
        {
            foreach (var posting in postings[scratch.Touched[i]])
            {
                if (!posting.MayMatch(signature) || !scratch.FirstVisit(posting.Slot))
                {
                    continue;
                }
                if (posting.Proven)
                {
                    scratch.AddMatch(posting.Query, posting.Order);
                }
                else
                {
                    scratch.AddCandidate(posting);
                }
            }
        }
        foreach (var posting in snapshot.AlwaysVerify)
        {
            if (scratch.FirstVisit(posting.Slot))
            {
                scratch.AddCandidate(posting);
            }
        }
        for (var i = 0; i < scratch.CandidateCount; i++)
        {
            ref readonly var candidate = ref scratch.Candidates[i];
            if (QueryProgram.Matches(candidate.Program, candidate.Query, scratch))
            {
                scratch.AddMatch(candidate.Query, candidate.Order);
            }
        }
        return scratch.Matched.AsSpan(0, scratch.MatchedCount);
    }

    /// <summary>
    /// The evidence of a query that matched the post last passed to <see cref="Match"/> with this scratch
    /// (allocates; meant for --explain, not the hot path).
    /// </summary>
    public static IReadOnlyList<MatchEvidence> Explain(CompiledQuery query, MatchScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scratch);
        var evidence = new List<MatchEvidence>();
        query.Root.Explain(scratch, evidence);
        return evidence;
    }
}

/// <summary>Queries of a batch that do not parse, with their ids.</summary>
public sealed class QueryBatchException : Exception
{
    /// <summary>Creates the error from each failing query id and its parse error.</summary>
    public QueryBatchException(IReadOnlyList<(string Id, QueryParseException Error)> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => $"{e.Id}: {e.Error.Message}")))
    {
        Errors = errors;
    }

    /// <summary>Use the errors constructor.</summary>
    public QueryBatchException()
        : this([])
    {
    }

    /// <summary>Use the errors constructor.</summary>
    public QueryBatchException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Use the errors constructor.</summary>
    public QueryBatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Each failing query id with its error.</summary>
    public IReadOnlyList<(string Id, QueryParseException Error)> Errors { get; }
}
