using System.Text.RegularExpressions;
using Chorus.Text.Matching;
using Chorus.Text.Query;
using Chorus.Text.Tokens;

namespace Chorus.Text.Tests.Matching;

/// <summary>
/// A deliberately naive evaluator: plain recursion over the AST and lists of token forms, no index,
/// no presearch, no scratch reuse. The compiled matcher must agree with it on every query and post.
/// </summary>
internal static class ReferenceEvaluator
{
    public sealed record Form(string Key, int Position, string Surface);

    public static List<Form> Tokenize(string? text)
    {
        var sink = new ListSink(text ?? "");
        Tokenizer.Tokenize((text ?? "").AsSpan(), ref sink, new TokenizerScratch());
        return sink.Forms;
    }

    public static bool Matches(ParsedQuery query, Post post)
    {
        var context = new Context(post, Tokenize(post.Text), Tokenize(post.Title));
        return Eval(query.Root, context, QueryField.Text);
    }

    private sealed record Context(Post Post, List<Form> Text, List<Form> Title);

    private static bool Eval(QueryNode node, Context context, QueryField field) => node switch
    {
        TermsNode terms => Spans(terms, context, field).Count > 0,
        FieldNode f when f.Field == QueryField.Title => Eval(f.Child, context, QueryField.Title),
        FieldNode f => Eval(f.Child, context, f.Field),
        FieldValueNode value => ValueMatches(value, context.Post, field),
        NumberNode number => context.Post.Followers is { } n && n >= number.Min && n <= number.Max,
        FlagNode flag => flag.Field switch
        {
            QueryField.Verified => (context.Post.Verified ?? false) == flag.Value,
            QueryField.HasLinks => (context.Post.HasLinks ?? LooksLinked(context.Post.Text)) == flag.Value,
            _ => (context.Post.HasMedia ?? false) == flag.Value,
        },
        NotNode not => !Eval(not.Child, context, field),
        AndNode and => and.Children.All(c => Eval(c, context, field)),
        OrNode or => or.Children.Any(c => Eval(c, context, field)),
        NearNode near => Spans(near, context, field).Count > 0,
        _ => throw new InvalidOperationException(node.GetType().Name),
    };

    private static bool LooksLinked(string text)
    {
        var lower = text.ToLowerInvariant();
        return lower.Contains("http://") || lower.Contains("https://") || lower.Contains("www.");
    }

    // Spans carry the field in their sign-free high part so proximity never mixes title and text.
    private static List<(int Start, int End, bool Title)> Spans(QueryNode node, Context context, QueryField field)
    {
        switch (node)
        {
            case TermsNode terms when field == QueryField.Title:
                return TermSpans(terms, context.Title, title: true);
            case TermsNode terms:
                // A plain word searches the text and the title, each on its own.
                return [.. TermSpans(terms, context.Text, title: false), .. TermSpans(terms, context.Title, title: true)];
            case FieldNode f when f.Field == QueryField.Title:
                return Spans(f.Child, context, QueryField.Title);
            case AndNode and:
                return Eval(and, context, field) ? [.. and.Children.SelectMany(c => Spans(c, context, field))] : [];
            case OrNode or:
                return [.. or.Children.SelectMany(c => Spans(c, context, field))];
            case NearNode near:
            {
                var result = new List<(int, int, bool)>();
                foreach (var a in Spans(near.Left, context, field))
                {
                    foreach (var b in Spans(near.Right, context, field))
                    {
                        if (a.Title != b.Title)
                        {
                            continue;
                        }
                        if (a.End < b.Start && b.Start - a.End - 1 <= near.Distance)
                        {
                            result.Add((a.Start, b.End, a.Title));
                        }
                        else if (!near.Ordered && b.End < a.Start && a.Start - b.End - 1 <= near.Distance)
                        {
                            result.Add((b.Start, a.End, a.Title));
                        }
                    }
                }
                return result;
            }
            default:
                return [];
        }
    }

    private static List<(int, int, bool)> TermSpans(TermsNode terms, List<Form> forms, bool title)
    {
        var positions = terms.Tokens.Select(p => forms.Where(f => FormMatches(p, f)).Select(f => f.Position).Distinct().ToList()).ToList();
        var k = positions.Count;
        var result = new List<(int, int, bool)>();
        if (terms.Slop is null)
        {
            foreach (var start in positions[0])
            {
                if (Enumerable.Range(1, k - 1).All(i => positions[i].Contains(start + i)))
                {
                    result.Add((start, start + k - 1, title));
                }
            }
            return result;
        }
        foreach (var combination in Cartesian(positions))
        {
            if (combination.Distinct().Count() != k)
            {
                continue;
            }
            var min = combination.Min();
            var max = combination.Max();
            if (max - min + 1 - k <= terms.Slop.Value)
            {
                result.Add((min, max, title));
            }
        }
        return result;
    }

    private static IEnumerable<int[]> Cartesian(List<List<int>> lists)
    {
        IEnumerable<int[]> result = [[]];
        foreach (var list in lists)
        {
            var current = list;
            result = result.SelectMany(prefix => current.Select(x => (int[])[.. prefix, x]));
        }
        return result;
    }

    private static bool FormMatches(TokenPattern pattern, Form form) => pattern.Kind switch
    {
        TokenPatternKind.Key => form.Key == pattern.Key,
        TokenPatternKind.Wildcard => Regex.IsMatch(form.Key, "^" + Regex.Escape(pattern.Key).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.Singleline),
        _ => form.Key == pattern.Key && form.Surface.Replace('’', '\'').Replace('\u02BC', '\'') == pattern.Surface,
    };

    private static bool ValueMatches(FieldValueNode value, Post post, QueryField field)
    {
        switch (field)
        {
            case QueryField.Site:
            {
                var host = NaiveHost(string.IsNullOrEmpty(post.Site) ? post.Url : post.Site);
                var wanted = NaiveHost(value.Value);
                if (wanted is not null && wanted.StartsWith("www.", StringComparison.OrdinalIgnoreCase) && wanted[4..].Contains('.'))
                {
                    wanted = wanted[4..];
                }
                return host is not null && wanted is not null && wanted.Length > 0
                    && (host.Equals(wanted, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + wanted, StringComparison.OrdinalIgnoreCase));
            }
            case QueryField.Url:
                return post.Url is not null && post.Url.ToLowerInvariant().Contains(value.Value.ToLowerInvariant());
        }
        var actual = field switch
        {
            QueryField.Author => post.Author is { } a ? (a.StartsWith('@') ? a[1..] : a) : null,
            QueryField.Lang => post.Lang ?? DetectedLanguage(post.Text),
            QueryField.Country => post.Country,
            QueryField.Source => post.Source,
            _ => post.Kind,
        };
        var query = field == QueryField.Author && value.Value.StartsWith('@') ? value.Value[1..] : value.Value;
        if (actual is null)
        {
            return false;
        }
        if (WordValueMatches(value, query, actual))
        {
            return true;
        }
        // lang:fr also matches a regional code such as fr-CA.
        var separator = actual.IndexOfAny(['-', '_']);
        return field == QueryField.Lang && separator > 0 && query.IndexOfAny(['-', '_']) < 0 && WordValueMatches(value, query, actual[..separator]);
    }

    private static bool WordValueMatches(FieldValueNode value, string query, string actual)
    {
        if (value.Exact)
        {
            return actual == query.Replace('’', '\'');
        }
        var accented = TextFolding.Fold(query) != query.ToLowerInvariant().Replace('’', '\'');
        var (actualForm, queryForm) = accented
            ? (actual.ToLowerInvariant().Replace('’', '\''), query.ToLowerInvariant().Replace('’', '\''))
            : (TextFolding.Fold(actual), TextFolding.Fold(query));
        return value.Wildcard
            ? Regex.IsMatch(actualForm, "^" + Regex.Escape(queryForm).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.Singleline)
            : actualForm == queryForm;
    }

    // The spec: lang is detected when the post does not give it.
    private static string? DetectedLanguage(string text)
    {
        var guess = Chorus.Text.Language.LanguageIdentifier.Identify(text);
        return guess.IsDetermined ? guess.Language : null;
    }

    private static string? NaiveHost(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var rest = value.Contains("://") ? value[(value.IndexOf("://", StringComparison.Ordinal) + 3)..] : value;
        rest = rest.Split('/', '?', '#')[0];
        rest = rest.Contains('@') ? rest[(rest.LastIndexOf('@') + 1)..] : rest;
        rest = rest.Split(':')[0];
        return rest.TrimEnd('.');
    }

    private struct ListSink(string text) : ITermSink
    {
        public List<Form> Forms { get; } = [];

        public readonly void OnTerm(ReadOnlySpan<char> key, int position, int sourceStart, int sourceLength) =>
            Forms.Add(new Form(key.ToString(), position, text.Substring(sourceStart, sourceLength)));
    }
}
