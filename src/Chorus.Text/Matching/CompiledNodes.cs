using Chorus.Text.Query;

namespace Chorus.Text.Matching;

/// <summary>The terms a post must contain for a query to have a chance, and how selective they are.</summary>
internal sealed record Anchor(int[] TermIds, double Cost);

/// <summary>One node of a compiled query, evaluated against the occurrences in a <see cref="MatchScratch"/>.</summary>
internal abstract class CompiledNode
{
    public abstract bool Matches(MatchScratch scratch);

    /// <summary>Pushes the token spans (start, end positions) where this node matches; only for proximity operands.</summary>
    public virtual void CollectSpans(MatchScratch scratch)
    {
    }

    public abstract void Explain(MatchScratch scratch, List<MatchEvidence> evidence);

    private Anchor? _anchor;
    private bool _anchorKnown;

    /// <summary>Null when no term is required (field filters, negations). Computed once: nodes never change, and
    /// compiling a query asks each node for it several times (its own anchor, its parents', the requirements).</summary>
    public Anchor? Anchor()
    {
        if (!_anchorKnown)
        {
            _anchor = FindAnchor();
            _anchorKnown = true;
        }
        return _anchor;
    }

    protected abstract Anchor? FindAnchor();

    /// <summary>
    /// Adds the term sets this node cannot match without: for each, the post must contain at least one of its
    /// terms. Only necessary conditions (an empty list is always right): the matcher uses them to skip candidates
    /// cheaply before verifying them.
    /// </summary>
    public virtual void AddRequirements(List<Anchor> requirements)
    {
    }

    /// <summary>True when the presence of any one of the anchor terms alone means the node matches.</summary>
    public virtual bool IsProvenByAnyAnchor => false;

    protected static string FieldName(bool title) => title ? "title" : "text";

    protected static int PositionInField(int position) => position >= MatchScratch.TitleOffset ? position - MatchScratch.TitleOffset : position;
}

/// <summary>
/// Words, phrases, slop phrases and exact forms over the text and the title, or the title only. Title tokens are
/// recorded under the same term ids at positions from <see cref="MatchScratch.TitleOffset"/>, so a phrase or a
/// proximity never joins a title word to a text word.
/// </summary>
internal sealed class TermsLeaf(string display, int[] termIds, string?[] surfaces, int? slop, bool titleOnly, double[] costs) : CompiledNode
{
    // Copied out of the arrays: among thousands of queries this object is rarely in the CPU cache, and a single
    // plain word, the most common leaf, is then decided without reading the arrays at all.
    private readonly int _firstTerm = termIds[0];
    // One word searched in text and title with folding: present in the post means matched.
    private readonly bool _plainWord = termIds.Length == 1 && !titleOnly && surfaces[0] is null;
    private readonly bool _anySurface = surfaces.Any(s => s is not null);

    public override bool Matches(MatchScratch scratch)
    {
        if (_plainWord)
        {
            return scratch.FirstOccurrence(_firstTerm) >= 0;
        }
        if (termIds.Length == 1)
        {
            for (var e = scratch.FirstOccurrence(termIds[0]); e >= 0; e = scratch.OccurrenceNext[e])
            {
                if (Accepts(scratch, 0, e))
                {
                    return true;
                }
            }
            return false;
        }
        if (slop is null)
        {
            for (var e = scratch.FirstOccurrence(termIds[0]); e >= 0; e = scratch.OccurrenceNext[e])
            {
                if (Accepts(scratch, 0, e) && PhraseAt(scratch, scratch.OccurrencePosition[e]))
                {
                    return true;
                }
            }
            return false;
        }
        var top = scratch.SpanTop;
        var found = Windows(scratch, 0, int.MaxValue, int.MinValue, collect: false);
        scratch.SpanTop = top;
        return found;
    }

    public override void CollectSpans(MatchScratch scratch)
    {
        if (slop is not null && termIds.Length > 1)
        {
            Windows(scratch, 0, int.MaxValue, int.MinValue, collect: true);
            return;
        }
        for (var e = scratch.FirstOccurrence(termIds[0]); e >= 0; e = scratch.OccurrenceNext[e])
        {
            var position = scratch.OccurrencePosition[e];
            if (Accepts(scratch, 0, e) && (termIds.Length == 1 || PhraseAt(scratch, position)))
            {
                scratch.PushSpan(position, position + termIds.Length - 1);
            }
        }
    }

    public override void Explain(MatchScratch scratch, List<MatchEvidence> evidence)
    {
        var top = scratch.SpanTop;
        CollectSpans(scratch);
        var inText = new List<int>();
        var inTitle = new List<int>();
        for (var i = top; i < scratch.SpanTop; i++)
        {
            var start = (int)(scratch.Spans[i] >> 32);
            var positions = start >= MatchScratch.TitleOffset ? inTitle : inText;
            if (!positions.Contains(PositionInField(start)))
            {
                positions.Add(PositionInField(start));
            }
        }
        scratch.SpanTop = top;
        if (inText.Count > 0)
        {
            evidence.Add(new MatchEvidence(display, FieldName(title: false), inText));
        }
        if (inTitle.Count > 0)
        {
            evidence.Add(new MatchEvidence(display, FieldName(title: true), inTitle));
        }
    }

    protected override Anchor? FindAnchor()
    {
        var best = 0;
        for (var i = 1; i < termIds.Length; i++)
        {
            if (costs[i] < costs[best])
            {
                best = i;
            }
        }
        return new Anchor([termIds[best]], costs[best]);
    }

    public override bool IsProvenByAnyAnchor => _plainWord;

    /// <summary>The term of a single word searched in text and title with folding: it matches when the post has it.</summary>
    public int? PlainWord => _plainWord ? _firstTerm : null;

    public override void AddRequirements(List<Anchor> requirements)
    {
        for (var i = 0; i < termIds.Length; i++)
        {
            requirements.Add(new Anchor([termIds[i]], costs[i]));
        }
    }

    private bool Accepts(MatchScratch scratch, int index, int occurrence) =>
        (!titleOnly || scratch.OccurrencePosition[occurrence] >= MatchScratch.TitleOffset)
        && (!_anySurface || surfaces[index] is not { } surface || scratch.SurfaceEquals(occurrence, surface));

    private bool PhraseAt(MatchScratch scratch, int start)
    {
        for (var i = 1; i < termIds.Length; i++)
        {
            var found = false;
            for (var e = scratch.FirstOccurrence(termIds[i]); e >= 0; e = scratch.OccurrenceNext[e])
            {
                if (scratch.OccurrencePosition[e] == start + i && Accepts(scratch, i, e))
                {
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    // Depth-first search for distinct positions, one per token, whose window holds at most `slop` other tokens.
    private bool Windows(MatchScratch scratch, int index, int min, int max, bool collect)
    {
        if (index == termIds.Length)
        {
            if (collect)
            {
                scratch.PushSpan(min, max);
            }
            return true;
        }
        if (scratch.WindowPositions.Length < termIds.Length)
        {
            scratch.WindowPositions = new int[termIds.Length * 2];
        }
        var any = false;
        for (var e = scratch.FirstOccurrence(termIds[index]); e >= 0; e = scratch.OccurrenceNext[e])
        {
            var position = scratch.OccurrencePosition[e];
            var newMin = Math.Min(min, position);
            var newMax = Math.Max(max, position);
            if ((long)newMax - newMin + 1 - termIds.Length > slop!.Value || !Accepts(scratch, index, e))
            {
                continue;
            }
            var taken = false;
            for (var j = 0; j < index; j++)
            {
                if (scratch.WindowPositions[j] == position)
                {
                    taken = true;
                    break;
                }
            }
            if (taken)
            {
                continue;
            }
            scratch.WindowPositions[index] = position;
            if (Windows(scratch, index + 1, newMin, newMax, collect))
            {
                any = true;
                if (!collect)
                {
                    return true;
                }
            }
        }
        return any;
    }
}

/// <summary>All children.</summary>
internal sealed class AndMatcher(CompiledNode[] children) : CompiledNode
{
    public IReadOnlyList<CompiledNode> Children => children;

    public override bool Matches(MatchScratch scratch)
    {
        foreach (var child in children)
        {
            if (!child.Matches(scratch))
            {
                return false;
            }
        }
        return true;
    }

    public override void CollectSpans(MatchScratch scratch)
    {
        if (!Matches(scratch))
        {
            return;
        }
        foreach (var child in children)
        {
            child.CollectSpans(scratch);
        }
    }

    public override void Explain(MatchScratch scratch, List<MatchEvidence> evidence)
    {
        foreach (var child in children)
        {
            child.Explain(scratch, evidence);
        }
    }

    protected override Anchor? FindAnchor()
    {
        Anchor? best = null;
        foreach (var child in children)
        {
            var anchor = child.Anchor();
            if (anchor is not null && (best is null || anchor.Cost < best.Cost))
            {
                best = anchor;
            }
        }
        return best;
    }

    public override void AddRequirements(List<Anchor> requirements)
    {
        foreach (var child in children)
        {
            child.AddRequirements(requirements);
        }
    }
}

/// <summary>Any child.</summary>
internal sealed class OrMatcher(CompiledNode[] children) : CompiledNode
{
    public IReadOnlyList<CompiledNode> Children => children;

    public override bool Matches(MatchScratch scratch)
    {
        foreach (var child in children)
        {
            if (child.Matches(scratch))
            {
                return true;
            }
        }
        return false;
    }

    public override void CollectSpans(MatchScratch scratch)
    {
        foreach (var child in children)
        {
            child.CollectSpans(scratch);
        }
    }

    public override void Explain(MatchScratch scratch, List<MatchEvidence> evidence)
    {
        foreach (var child in children)
        {
            if (child.Matches(scratch))
            {
                child.Explain(scratch, evidence);
            }
        }
    }

    protected override Anchor? FindAnchor()
    {
        var ids = new List<int>();
        var cost = 0.0;
        foreach (var child in children)
        {
            if (child.Anchor() is not { } anchor)
            {
                return null;
            }
            ids.AddRange(anchor.TermIds);
            cost += anchor.Cost;
        }
        return new Anchor(DistinctInOrder(ids), cost);
    }

    public override bool IsProvenByAnyAnchor => children.All(child => child.IsProvenByAnyAnchor);

    // The first occurrence of each term, in order (an OR list repeats a term when two of its words fold alike).
    private static int[] DistinctInOrder(List<int> ids)
    {
        var distinct = new List<int>(ids.Count);
        HashSet<int>? seen = ids.Count > 16 ? new HashSet<int>(ids.Count) : null;
        foreach (var id in ids)
        {
            if (seen is not null ? seen.Add(id) : !distinct.Contains(id))
            {
                distinct.Add(id);
            }
        }
        return [.. distinct];
    }

    public override void AddRequirements(List<Anchor> requirements)
    {
        if (Anchor() is { } anyOf)
        {
            requirements.Add(anyOf);
        }
    }
}

/// <summary>Negation: contributes no evidence and no anchor.</summary>
internal sealed class NotMatcher(CompiledNode child) : CompiledNode
{
    public CompiledNode Child => child;

    public override bool Matches(MatchScratch scratch) => !child.Matches(scratch);

    public override void Explain(MatchScratch scratch, List<MatchEvidence> evidence)
    {
    }

    protected override Anchor? FindAnchor() => null;
}

/// <summary>Proximity between the spans of two operands.</summary>
internal sealed class NearMatcher(CompiledNode left, CompiledNode right, int distance, bool ordered) : CompiledNode
{
    public override bool Matches(MatchScratch scratch)
    {
        var top = scratch.SpanTop;
        var found = Pairs(scratch, collect: false);
        scratch.SpanTop = top;
        return found;
    }

    public override void CollectSpans(MatchScratch scratch)
    {
        var top = scratch.SpanTop;
        var added = Pairs(scratch, collect: true);
        if (!added)
        {
            scratch.SpanTop = top;
        }
    }

    public override void Explain(MatchScratch scratch, List<MatchEvidence> evidence)
    {
        var leftEvidence = new List<MatchEvidence>();
        var rightEvidence = new List<MatchEvidence>();
        left.Explain(scratch, leftEvidence);
        right.Explain(scratch, rightEvidence);
        var top = scratch.SpanTop;
        Pairs(scratch, collect: true);
        var starts = new HashSet<int>();
        for (var i = top; i < scratch.SpanTop; i++)
        {
            var start = (int)(scratch.Spans[i] >> 32);
            var end = (int)scratch.Spans[i];
            for (var p = start; p <= end; p++)
            {
                starts.Add(p);
            }
        }
        scratch.SpanTop = top;
        foreach (var item in leftEvidence.Concat(rightEvidence))
        {
            // Positions restart at 0 in the title: compare them in the matcher's numbering, where fields differ.
            var offset = item.Field == FieldName(title: true) ? MatchScratch.TitleOffset : 0;
            var kept = item.Positions.Where(p => starts.Contains(p + offset)).ToList();
            if (kept.Count > 0)
            {
                evidence.Add(item with { Positions = kept });
            }
        }
    }

    protected override Anchor? FindAnchor()
    {
        var a = left.Anchor();
        var b = right.Anchor();
        if (a is null)
        {
            return b;
        }
        return b is null || a.Cost <= b.Cost ? a : b;
    }

    public override void AddRequirements(List<Anchor> requirements)
    {
        left.AddRequirements(requirements);
        right.AddRequirements(requirements);
    }

    // Collects the operand spans on the span stack, then looks for a pair within the distance. When collecting,
    // the operand spans are replaced by the merged spans of the pairs found.
    private bool Pairs(MatchScratch scratch, bool collect)
    {
        var leftStart = scratch.SpanTop;
        left.CollectSpans(scratch);
        var rightStart = scratch.SpanTop;
        if (rightStart == leftStart)
        {
            return false;
        }
        right.CollectSpans(scratch);
        var end = scratch.SpanTop;
        var found = false;
        for (var i = leftStart; i < rightStart; i++)
        {
            var a = scratch.Spans[i];
            var aStart = (int)(a >> 32);
            var aEnd = (int)a;
            for (var j = rightStart; j < end; j++)
            {
                var b = scratch.Spans[j];
                var bStart = (int)(b >> 32);
                var bEnd = (int)b;
                int mergedStart, mergedEnd;
                if (aEnd < bStart && bStart - aEnd - 1 <= distance)
                {
                    (mergedStart, mergedEnd) = (aStart, bEnd);
                }
                else if (!ordered && bEnd < aStart && aStart - bEnd - 1 <= distance)
                {
                    (mergedStart, mergedEnd) = (bStart, aEnd);
                }
                else
                {
                    continue;
                }
                if (!collect)
                {
                    return true;
                }
                found = true;
                scratch.PushSpan(mergedStart, mergedEnd);
            }
        }
        if (collect)
        {
            // Move the merged spans down over the operand spans.
            var count = scratch.SpanTop - end;
            Array.Copy(scratch.Spans, end, scratch.Spans, leftStart, count);
            scratch.SpanTop = leftStart + count;
        }
        return found;
    }
}

/// <summary>A whole-value comparison on author, site, url, lang, country, source or kind.</summary>
internal sealed class FieldValueLeaf(QueryField field, string display, string key, bool accented, bool exact, bool wildcard) : CompiledNode
{
    public override bool Matches(MatchScratch scratch)
    {
        var post = scratch.Post;
        switch (field)
        {
            case QueryField.Site:
                return PostFieldRules.HostMatches(scratch.Host(), key);
            case QueryField.Url:
                return post.Url is { } url && url.Contains(key, StringComparison.OrdinalIgnoreCase);
            case QueryField.Author:
                return post.Author is { } author && PostFieldRules.ValueMatches(PostFieldRules.Handle(author), key, accented, exact, wildcard, scratch.FoldBufferFor(author.Length));
            case QueryField.Lang:
                return scratch.Language() is { } language && PostFieldRules.LanguageMatches(language, key, accented, exact, wildcard, scratch.FoldBufferFor(language.Length));
            default:
                var value = field switch
                {
                    QueryField.Country => post.Country,
                    QueryField.Source => post.Source,
                    _ => post.Kind,
                };
                return value is not null && PostFieldRules.ValueMatches(value, key, accented, exact, wildcard, scratch.FoldBufferFor(value.Length));
        }
    }

    public override void Explain(MatchScratch scratch, List<MatchEvidence> evidence)
    {
        if (Matches(scratch))
        {
            evidence.Add(new MatchEvidence(display, field.ToString().ToLowerInvariant(), []));
        }
    }

    protected override Anchor? FindAnchor() => null;
}

/// <summary>followers in an inclusive range.</summary>
internal sealed class NumberLeaf(string display, long min, long max) : CompiledNode
{
    public long Min => min;

    public long Max => max;

    public override bool Matches(MatchScratch scratch) => scratch.Post.Followers is { } n && n >= min && n <= max;

    public override void Explain(MatchScratch scratch, List<MatchEvidence> evidence)
    {
        if (Matches(scratch))
        {
            evidence.Add(new MatchEvidence(display, "followers", []));
        }
    }

    protected override Anchor? FindAnchor() => null;
}

/// <summary>verified, has:links, has:media.</summary>
internal sealed class FlagLeaf(QueryField field, string display, bool value) : CompiledNode
{
    public override bool Matches(MatchScratch scratch)
    {
        var post = scratch.Post;
        var actual = field switch
        {
            QueryField.Verified => post.Verified ?? false,
            QueryField.HasLinks => PostFieldRules.HasLinks(post.HasLinks, post.Text),
            _ => post.HasMedia ?? false,
        };
        return actual == value;
    }

    public override void Explain(MatchScratch scratch, List<MatchEvidence> evidence)
    {
        if (Matches(scratch))
        {
            evidence.Add(new MatchEvidence(display, field == QueryField.Verified ? "verified" : "has", []));
        }
    }

    protected override Anchor? FindAnchor() => null;
}
