namespace Chorus.Text.Matching;

/// <summary>
/// The boolean skeleton of a compiled query in one flat array: AND, OR and NOT over words and follower counts,
/// with the rest (phrases, proximity, exact spellings, field values) handed to the node objects. Among thousands
/// of queries the one being verified is rarely in the CPU cache: its program is one or two cache lines, where
/// walking its node objects reads several.
/// </summary>
/// <remarks>Each instruction is <c>[operation, size, operands...]</c>; size counts the instruction's ints, children included.</remarks>
internal static class QueryProgram
{
    private const int And = 0;
    private const int Or = 1;
    private const int Not = 2;
    private const int Word = 3;
    private const int Followers = 4;
    private const int Node = 5;

    /// <summary>The program of <paramref name="root"/> and the nodes its <c>Node</c> instructions hand work to.</summary>
    public static (int[] Code, CompiledNode[] Nodes) Compile(CompiledNode root)
    {
        var code = new List<int>();
        var nodes = new List<CompiledNode>();
        Emit(root, code, nodes);
        return ([.. code], [.. nodes]);
    }

    /// <summary>Runs the program of <paramref name="query"/>, whose object is read only when an instruction hands work to a node.</summary>
    public static bool Matches(int[] code, CompiledQuery query, MatchScratch scratch) => Run(code, 0, query, scratch);

    private static bool Run(int[] code, int at, CompiledQuery query, MatchScratch scratch)
    {
        switch (code[at])
        {
            case Word:
                return scratch.FirstOccurrence(code[at + 2]) >= 0;
            case And:
                for (int child = at + 2, end = at + code[at + 1]; child < end; child += code[child + 1])
                {
                    if (!Run(code, child, query, scratch))
                    {
                        return false;
                    }
                }
                return true;
            case Or:
                for (int child = at + 2, end = at + code[at + 1]; child < end; child += code[child + 1])
                {
                    if (Run(code, child, query, scratch))
                    {
                        return true;
                    }
                }
                return false;
            case Not:
                return !Run(code, at + 2, query, scratch);
            case Followers:
                var min = ((long)code[at + 2] << 32) | (uint)code[at + 3];
                var max = ((long)code[at + 4] << 32) | (uint)code[at + 5];
                return scratch.Post.Followers is { } followers && followers >= min && followers <= max;
            default:
                return query.ProgramNodes[code[at + 2]].Matches(scratch);
        }
    }

    private static void Emit(CompiledNode node, List<int> code, List<CompiledNode> nodes)
    {
        var at = code.Count;
        switch (node)
        {
            case TermsLeaf { PlainWord: { } term }:
                code.AddRange([Word, 3, term]);
                return;
            case NumberLeaf number:
                code.AddRange([Followers, 6, (int)(number.Min >> 32), (int)number.Min, (int)(number.Max >> 32), (int)number.Max]);
                return;
            case AndMatcher and:
                code.AddRange([And, 0]);
                foreach (var child in and.Children)
                {
                    Emit(child, code, nodes);
                }
                break;
            case OrMatcher or:
                code.AddRange([Or, 0]);
                foreach (var child in or.Children)
                {
                    Emit(child, code, nodes);
                }
                break;
            case NotMatcher not:
                code.AddRange([Not, 0]);
                Emit(not.Child, code, nodes);
                break;
            default:
                code.AddRange([Node, 3, nodes.Count]);
                nodes.Add(node);
                return;
        }
        code[at + 1] = code.Count - at;
    }
}
