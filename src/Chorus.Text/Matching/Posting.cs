namespace Chorus.Text.Matching;

/// <summary>
/// A query in the posting list of one of its anchor terms. Besides the anchor, the post must contain a term of
/// each of (up to) two more required sets, kept here as 64-bit term signatures: most candidates that cannot
/// match are dropped without reading the query itself, which among thousands is rarely in the CPU cache.
/// </summary>
/// <param name="Slot">The query's slot in the snapshot.</param>
/// <param name="Required1">Signature of a term set the post must touch.</param>
/// <param name="Required2">Signature of another term set the post must touch.</param>
/// <param name="Proven">The anchor term alone proves the match (a word, or words joined by OR): no verification.</param>
/// <param name="Program">The query's program (see <see cref="QueryProgram"/>), a copy allocated next to the term's posting list.</param>
/// <param name="Query">The query, so a match needs no other look-up.</param>
/// <param name="Order">The query's registration order, so results are sorted without reading the query object.</param>
internal readonly record struct Posting(int Slot, ulong Required1, ulong Required2, bool Proven, int[] Program, CompiledQuery Query, long Order)
{
    /// <summary>The signature of "no further requirement": any post passes.</summary>
    private const ulong Anything = ulong.MaxValue;

    /// <summary>The bit of a term in a post's signature (a 64-bit Bloom filter of the terms found in it).</summary>
    public static ulong Signature(int termId) => 1UL << (termId & 63);

    /// <summary>False when the post certainly lacks a required term; true means "verify".</summary>
    public bool MayMatch(ulong postSignature) => (postSignature & Required1) != 0 && (postSignature & Required2) != 0;

    /// <summary>
    /// The term's posting list as the snapshot keeps it: the array, then a copy of each program right after it, so
    /// verifying a candidate reads memory next to the list just scanned rather than wherever its query lives.
    /// </summary>
    public static Posting[] Pack(List<Posting> postings)
    {
        var packed = postings.ToArray();
        for (var i = 0; i < packed.Length; i++)
        {
            packed[i] = packed[i] with { Program = (int[])packed[i].Program.Clone() };
        }
        return packed;
    }

    /// <summary>The posting of a query under <paramref name="anchorTerm"/>, keeping its two most selective other requirements.</summary>
    public static Posting For(int slot, int anchorTerm, CompiledQuery query)
    {
        // The two cheapest requirements without the anchor, first found first on equal cost (as a stable sort would).
        Anchor? first = null, second = null;
        foreach (var requirement in query.Requirements)
        {
            if (Array.IndexOf(requirement.TermIds, anchorTerm) >= 0)
            {
                continue;
            }
            if (first is null || requirement.Cost < first.Cost)
            {
                second = first;
                first = requirement;
            }
            else if (second is null || requirement.Cost < second.Cost)
            {
                second = requirement;
            }
        }
        return new Posting(slot, SignatureOf(first), SignatureOf(second), query.Root.IsProvenByAnyAnchor, query.Program, query, query.Order);
    }

    private static ulong SignatureOf(Anchor? requirement)
    {
        if (requirement is null)
        {
            return Anything;
        }
        var signature = 0UL;
        foreach (var term in requirement.TermIds)
        {
            signature |= Signature(term);
        }
        return signature;
    }

    /// <summary>The entry of a query that requires no term (e.g. <c>lang:fr</c>): verified for every post.</summary>
    public static Posting Unanchored(int slot, CompiledQuery query) =>
        new(slot, Anything, Anything, Proven: false, query.Program, query, query.Order);
}
