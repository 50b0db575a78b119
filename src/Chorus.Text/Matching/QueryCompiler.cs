using Chorus.Text.Query;
using Chorus.Text.Tokens;

namespace Chorus.Text.Matching;

/// <summary>Why a query matched: a term (as written in the query), the field and the 0-based token positions.</summary>
public sealed record MatchEvidence(string Term, string Field, IReadOnlyList<int> Positions);

/// <summary>A saved query, compiled. Immutable and shared between matcher snapshots.</summary>
public sealed class CompiledQuery
{
    internal CompiledQuery(string id, ParsedQuery parsed, long order, CompiledNode root, Anchor? anchor, IReadOnlyList<string> wildcards)
    {
        Id = id;
        Parsed = parsed;
        Order = order;
        Root = root;
        Anchor = anchor;
        Wildcards = wildcards;
        var requirements = new List<Anchor>();
        root.AddRequirements(requirements);
        Requirements = requirements;
        (Program, ProgramNodes) = QueryProgram.Compile(root);
    }

    /// <summary>The caller's id.</summary>
    public string Id { get; }

    /// <summary>The parsed query, with its warnings.</summary>
    public ParsedQuery Parsed { get; }

    /// <summary>Registration order: results come back sorted by it.</summary>
    public long Order { get; }

    internal CompiledNode Root { get; }

    internal Anchor? Anchor { get; }

    internal IReadOnlyList<string> Wildcards { get; }

    /// <summary>The term sets the query cannot match without (see <see cref="CompiledNode.AddRequirements"/>).</summary>
    internal IReadOnlyList<Anchor> Requirements { get; }

    /// <summary>The query's boolean skeleton as one array (see <see cref="QueryProgram"/>).</summary>
    internal int[] Program { get; }

    /// <summary>The nodes the program hands work to.</summary>
    internal CompiledNode[] ProgramNodes { get; }
}

/// <summary>Turns a parsed query into matcher nodes, interning every term key in the dictionary.</summary>
internal sealed class QueryCompiler(TermDictionary terms)
{
    private readonly List<string> _wildcards = [];

    public static CompiledQuery Compile(string id, ParsedQuery parsed, long order, TermDictionary terms)
    {
        var compiler = new QueryCompiler(terms);
        var root = compiler.Compile(parsed.Root, QueryField.Text);
        return new CompiledQuery(id, parsed, order, root, root.Anchor(), compiler._wildcards);
    }

    private CompiledNode Compile(QueryNode node, QueryField field) => node switch
    {
        // A word searches the text and the title, as in the listening tools people know; title: keeps to the title.
        TermsNode terms => CompileTerms(terms, titleOnly: field == QueryField.Title),
        FieldNode f => Compile(f.Child, f.Field),
        FieldValueNode value => CompileValue(value, field),
        NumberNode number => new NumberLeaf(Describe(number), number.Min, number.Max),
        FlagNode flag => new FlagLeaf(flag.Field, Describe(flag), flag.Value),
        NotNode not => new NotMatcher(Compile(not.Child, field)),
        AndNode and => new AndMatcher([.. and.Children.Select(c => Compile(c, field))]),
        OrNode or => new OrMatcher([.. or.Children.Select(c => Compile(c, field))]),
        NearNode near => new NearMatcher(Compile(near.Left, field), Compile(near.Right, field), near.Distance, near.Ordered),
        _ => throw new InvalidOperationException($"unknown query node {node.GetType().Name}"),
    };

    private TermsLeaf CompileTerms(TermsNode node, bool titleOnly)
    {
        var ids = new int[node.Tokens.Count];
        var surfaces = new string?[node.Tokens.Count];
        var costs = new double[node.Tokens.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            var pattern = node.Tokens[i];
            var key = pattern.Key;
            ids[i] = terms.GetOrAdd(key);
            surfaces[i] = pattern.Kind == TokenPatternKind.Exact ? pattern.Surface : null;
            if (pattern.Kind == TokenPatternKind.Wildcard)
            {
                _wildcards.Add(key);
            }
            costs[i] = Cost(pattern);
        }
        return new TermsLeaf(titleOnly ? "title:" + node.Display : node.Display, ids, surfaces, node.Slop, titleOnly, costs);
    }

    // Lower is more selective. Long words are rare; wildcards with short prefixes expand to many words.
    private static double Cost(TokenPattern pattern)
    {
        var length = pattern.Kind == TokenPatternKind.Wildcard ? WildcardPattern.LiteralPrefixLength(pattern.Key) : pattern.Key.Length;
        var cost = length switch
        {
            >= 6 => 1.0,
            >= 4 => 2.0,
            3 => 4.0,
            2 => 8.0,
            _ => 16.0,
        };
        return pattern.Kind == TokenPatternKind.Wildcard ? cost * 2 : cost;
    }

    private static FieldValueLeaf CompileValue(FieldValueNode value, QueryField field)
    {
        var raw = value.Value;
        var display = $"{field.ToString().ToLowerInvariant()}:{raw}";
        switch (field)
        {
            case QueryField.Site:
                return new FieldValueLeaf(field, display, PostFieldRules.SiteKey(raw), accented: false, exact: false, wildcard: false);
            case QueryField.Url:
                return new FieldValueLeaf(field, display, raw, accented: false, exact: false, wildcard: false);
            default:
                var text = field == QueryField.Author ? PostFieldRules.Handle(raw).ToString() : raw;
                if (value.Exact)
                {
                    return new FieldValueLeaf(field, display, QueryWordAnalyzer.NormaliseApostrophes(text), accented: false, exact: true, wildcard: false);
                }
                var accented = TextFolding.HasAccents(text);
                var key = accented ? TextFolding.LowerKeepAccents(text) : TextFolding.Fold(text);
                return new FieldValueLeaf(field, display, key, accented, exact: false, value.Wildcard);
        }
    }

    private static string Describe(NumberNode number) =>
        number.Min == long.MinValue ? $"followers:<={number.Max}"
        : number.Max == long.MaxValue ? $"followers:>={number.Min}"
        : number.Min == number.Max ? $"followers:{number.Min}"
        : $"followers:[{number.Min} TO {number.Max}]";

    private static string Describe(FlagNode flag) => flag.Field switch
    {
        QueryField.Verified => flag.Value ? "verified:true" : "verified:false",
        QueryField.HasLinks => "has:links",
        _ => "has:media",
    };
}
