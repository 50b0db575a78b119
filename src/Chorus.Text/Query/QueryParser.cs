using Chorus.Text.Tokens;

namespace Chorus.Text.Query;

/// <summary>
/// Parses the listening query language (QUERY_LANGUAGE.md). Precedence, loosest first:
/// OR, AND (or juxtaposition), NEAR, NOT / '-', then terms, fields and groups.
/// Throws only <see cref="QueryParseException"/>.
/// </summary>
public static class QueryParser
{
    private const int MaxDepth = 64;

    /// <summary>Parses <paramref name="query"/> or throws <see cref="QueryParseException"/>.</summary>
    public static ParsedQuery Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parser = new Parser(query);
        try
        {
            return parser.ParseQuery();
        }
        catch (QueryParseException e) when (e.Column > 0)
        {
            throw new QueryParseException(e.Reason, CharacterColumn(query, e.Column));
        }
    }

    /// <summary>
    /// Turns a 1-based column counted in UTF-16 units into one counted in characters as a person sees them
    /// (an emoji before the problem counts once, not twice).
    /// </summary>
    internal static int CharacterColumn(string text, int column)
    {
        var end = Math.Min(column - 1, text.Length);
        var characters = 0;
        for (var i = 0; i < end; i++)
        {
            if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1])))
            {
                characters++;
            }
        }
        return characters + 1 + (column - 1 - end);
    }

    /// <summary>
    /// <see cref="CharacterColumn"/> for every warning in one pass over the text: a query of many wildcards has as many
    /// warnings, and counting from the start for each of them made parsing quadratic.
    /// </summary>
    private static List<QueryWarning> CharacterColumns(string text, List<QueryWarning> warnings)
    {
        if (warnings.Count == 0 || text.AsSpan().IndexOfAnyInRange('\uDC00', '\uDFFF') < 0)
        {
            return warnings;
        }
        // pairedBefore[i]: low surrogates completing a pair among the first i units, each one a unit but no character.
        var pairedBefore = new int[text.Length + 1];
        for (var i = 0; i < text.Length; i++)
        {
            var paired = char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]);
            pairedBefore[i + 1] = pairedBefore[i] + (paired ? 1 : 0);
        }
        return [.. warnings.Select(w => w with { Column = w.Column - pairedBefore[Math.Clamp(w.Column - 1, 0, text.Length)] })];
    }

    /// <summary>Parses without throwing; <paramref name="error"/> is set when the query is rejected.</summary>
    public static bool TryParse(string query, out ParsedQuery? parsed, out QueryParseException? error)
    {
        try
        {
            parsed = Parse(query);
            error = null;
            return true;
        }
        catch (QueryParseException e)
        {
            parsed = null;
            error = e;
            return false;
        }
    }

    /// <summary>True when the node can match only by something being absent.</summary>
    public static bool IsPositive(QueryNode node) => node switch
    {
        NotNode => false,
        AndNode and => and.Children.Any(IsPositive),
        OrNode or => or.Children.All(IsPositive),
        FieldNode field => IsPositive(field.Child),
        _ => true,
    };

    private enum Context
    {
        Text,
        Title,
        Value,
    }

    private sealed class Parser(string text)
    {
        private readonly QueryLexer _lexer = new(text);
        private readonly HashSet<QueryNode> _grouped = new(ReferenceEqualityComparer.Instance);
        private readonly List<QueryWarning> _warnings = [];
        private QueryToken _current;
        private int _depth;
        private QueryField _valueField;

        public ParsedQuery ParseQuery()
        {
            Advance();
            if (_current.Kind == QueryTokenKind.End)
            {
                throw new QueryParseException("empty query", 1);
            }
            var root = ParseOr(Context.Text);
            if (_current.Kind == QueryTokenKind.RightParen)
            {
                throw new QueryParseException("unbalanced parenthesis", _current.Column);
            }
            if (_current.Kind != QueryTokenKind.End)
            {
                throw new QueryParseException($"unexpected '{_current.Text}'", _current.Column);
            }
            if (!IsPositive(root))
            {
                throw new QueryParseException("query matches only by absence", 0);
            }
            return new ParsedQuery(text, root, CharacterColumns(text, _warnings));
        }

        private void Advance() => _current = _lexer.Next();

        private static bool StartsOperand(QueryTokenKind kind) => kind is QueryTokenKind.Word or QueryTokenKind.Phrase
            or QueryTokenKind.Braced or QueryTokenKind.Exact or QueryTokenKind.Minus or QueryTokenKind.Not
            or QueryTokenKind.LeftParen or QueryTokenKind.Field;

        private void ExpectOperandAfter(QueryToken op)
        {
            if (!StartsOperand(_current.Kind))
            {
                throw new QueryParseException($"missing term after '{op.Text}'", op.Column);
            }
        }

        private void Enter(int column)
        {
            if (++_depth > MaxDepth)
            {
                throw new QueryParseException("query is nested too deeply", column);
            }
        }

        private QueryNode ParseOr(Context context)
        {
            Enter(_current.Column);
            var column = _current.Column;
            var children = new List<QueryNode> { ParseAnd(context) };
            while (_current.Kind == QueryTokenKind.Or)
            {
                var op = _current;
                Advance();
                ExpectOperandAfter(op);
                children.Add(ParseAnd(context));
            }
            _depth--;
            if (children.Count == 1)
            {
                return children[0];
            }
            foreach (var child in children)
            {
                if (child is AndNode && !_grouped.Contains(child))
                {
                    _warnings.Add(new QueryWarning("AND and OR mixed without parentheses: 'a OR b c' means 'a OR (b AND c)'", child.Column));
                }
            }
            return new OrNode(column, children);
        }

        private QueryNode ParseAnd(Context context)
        {
            var column = _current.Column;
            var children = new List<QueryNode> { ParseNear(context) };
            while (true)
            {
                if (_current.Kind == QueryTokenKind.And)
                {
                    var op = _current;
                    Advance();
                    ExpectOperandAfter(op);
                }
                else if (!StartsOperand(_current.Kind))
                {
                    break;
                }
                children.Add(ParseNear(context));
            }
            return children.Count == 1 ? children[0] : new AndNode(column, children);
        }

        private QueryNode ParseNear(Context context)
        {
            var left = ParseUnary(context);
            var chained = 0;
            while (_current.Kind == QueryTokenKind.Near)
            {
                var op = _current;
                if (context == Context.Value)
                {
                    throw new QueryParseException($"{op.Text} cannot be used inside a field value", op.Column);
                }
                // Each NEAR of a chain nests the chain so far one level deeper (a NEAR b NEAR c is (a NEAR b) NEAR c),
                // so it counts against the depth limit like a parenthesis: the checks below and the compiler walk it.
                Enter(op.Column);
                chained++;
                Advance();
                ExpectOperandAfter(op);
                var right = ParseUnary(context);
                if (!IsPositive(left) || !IsPositive(right))
                {
                    throw new QueryParseException($"{op.Text} needs a term on each side, not a negation", op.Column);
                }
                if (ContainsNonTextCondition(left) || ContainsNonTextCondition(right))
                {
                    throw new QueryParseException($"{op.Text} works on words of the text or title, not on other fields", op.Column);
                }
                left = new NearNode(op.Column, left, right, op.Number, op.Ordered);
            }
            _depth -= chained;
            return left;
        }

        private static bool ContainsNonTextCondition(QueryNode node) => node switch
        {
            FieldNode field => field.Field != QueryField.Title,
            NumberNode or FlagNode or FieldValueNode => true,
            NotNode not => ContainsNonTextCondition(not.Child),
            AndNode and => and.Children.Any(ContainsNonTextCondition),
            OrNode or => or.Children.Any(ContainsNonTextCondition),
            NearNode near => ContainsNonTextCondition(near.Left) || ContainsNonTextCondition(near.Right),
            _ => false,
        };

        private QueryNode ParseUnary(Context context)
        {
            if (_current.Kind is QueryTokenKind.Not or QueryTokenKind.Minus)
            {
                var op = _current;
                Enter(op.Column);
                Advance();
                ExpectOperandAfter(op);
                var child = ParseUnary(context);
                _depth--;
                // NOT NOT x is x: it must stay a positive term (for NEAR and the absence rule).
                return child is NotNode twice ? twice.Child : new NotNode(op.Column, child);
            }
            return ParsePrimary(context);
        }

        private QueryNode ParsePrimary(Context context)
        {
            var token = _current;
            switch (token.Kind)
            {
                case QueryTokenKind.LeftParen:
                    return ParseGroup(token, context, endsRawMode: false);
                case QueryTokenKind.Word:
                    Advance();
                    WarnIfOperatorInLowerCase(token);
                    if (context == Context.Value)
                    {
                        return Value(token);
                    }
                    var terms = Terms(token.Text, token.Column, token.Text, exact: false, slop: null);
                    return IsUnderscoreWord(token.Text) ? new OrNode(token.Column, [terms, HashtagBody(token)]) : terms;
                case QueryTokenKind.Phrase:
                    Advance();
                    if (context == Context.Value)
                    {
                        return Value(token);
                    }
                    var display = token.Slop is { } slop ? $"\"{token.Text}\"~{slop}" : $"\"{token.Text}\"";
                    return Terms(token.Text, token.Column + 1, display, exact: false, token.Slop);
                case QueryTokenKind.Braced:
                    Advance();
                    return context == Context.Value
                        ? Value(token)
                        : Terms(token.Text, token.Column + 1, "{" + token.Text + "}", exact: true, slop: null);
                case QueryTokenKind.Exact:
                    Advance();
                    return context == Context.Value
                        ? Value(token)
                        : Terms(token.Text, token.Column + 1, "+" + token.Text, exact: true, slop: null);
                case QueryTokenKind.Field:
                    if (context != Context.Text)
                    {
                        throw new QueryParseException($"field '{token.Text}:' cannot be used inside another field", token.Column);
                    }
                    return ParseField(token);
                case QueryTokenKind.RightParen:
                    throw new QueryParseException("unbalanced parenthesis", token.Column);
                case QueryTokenKind.End:
                    throw new QueryParseException("missing term at the end of the query", token.Column);
                default:
                    throw new QueryParseException($"missing term before '{token.Text}'", token.Column);
            }
        }

        // Outside hashtags and mentions '_' splits words, but #orange_fr and @orange_fr keep it: the plain word
        // orange_fr must match them as the plain word orange matches #orange.
        private static bool IsUnderscoreWord(string word)
        {
            var underscore = false;
            for (var i = 0; i < word.Length; i++)
            {
                var c = word[i];
                if (c == '_')
                {
                    if (i == 0 || i == word.Length - 1 || word[i - 1] == '_')
                    {
                        return false;
                    }
                    underscore = true;
                }
                else if (!(char.IsLetterOrDigit(c) || c is '*' or '?' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark))
                {
                    return false;
                }
            }
            return underscore;
        }

        private static TermsNode HashtagBody(QueryToken token)
        {
            var word = token.Text;
            var key = TextFolding.HasAccents(word) ? TextFolding.LowerKeepAccents(Composed(word)) : TextFolding.Fold(word);
            var kind = word.IndexOfAny(['*', '?']) >= 0 ? TokenPatternKind.Wildcard : TokenPatternKind.Key;
            return new TermsNode(token.Column, word, [new TokenPattern(kind, key, word)], null);
        }

        private TermsNode Terms(string literal, int column, string display, bool exact, int? slop)
        {
            var tokens = QueryWordAnalyzer.Analyze(literal, column, exact);
            foreach (var pattern in tokens)
            {
                if (pattern.Kind == TokenPatternKind.Wildcard)
                {
                    var prefix = pattern.Key.IndexOfAny(['*', '?']) - (pattern.Key[0] is '#' or '@' or '$' ? 1 : 0);
                    if (prefix == 1)
                    {
                        _warnings.Add(new QueryWarning($"wildcard '{pattern.Surface}' has a one-letter prefix and matches very many words", column));
                    }
                }
            }
            return new TermsNode(column, display, tokens, tokens.Count > 1 ? slop : null);
        }

        private QueryNode ParseField(QueryToken token)
        {
            var name = token.Text.ToLowerInvariant();
            QueryField? field = name switch
            {
                "author" => QueryField.Author,
                "site" => QueryField.Site,
                "url" => QueryField.Url,
                "title" => QueryField.Title,
                "lang" or "language" => QueryField.Lang,
                "country" => QueryField.Country,
                "source" => QueryField.Source,
                "kind" => QueryField.Kind,
                "followers" => QueryField.Followers,
                "verified" => QueryField.Verified,
                "has" => QueryField.HasLinks,
                _ => null,
            };
            if (field is null)
            {
                throw new QueryParseException($"unknown field '{token.Text}'", token.Column);
            }
            if (!_lexer.AtValueStart)
            {
                throw new QueryParseException($"missing value after '{token.Text}:'", token.Column);
            }
            switch (field.Value)
            {
                case QueryField.Followers:
                {
                    var (min, max) = _lexer.ReadNumberSpec(token.Text);
                    Advance();
                    return new NumberNode(token.Column, QueryField.Followers, min, max);
                }
                case QueryField.Verified:
                    return ParseFlag(token, "true or false", ("true", QueryField.Verified, true), ("false", QueryField.Verified, false));
                case QueryField.HasLinks:
                    return ParseFlag(token, "links or media", ("links", QueryField.HasLinks, true), ("media", QueryField.HasMedia, true));
                case QueryField.Title:
                    Advance();
                    return new FieldNode(token.Column, QueryField.Title, ParsePrimary(Context.Title));
                default:
                    return new FieldNode(token.Column, field.Value, ParseValue(field.Value));
            }
        }

        private FlagNode ParseFlag(QueryToken token, string expected, params (string Word, QueryField Field, bool Value)[] choices)
        {
            var (value, column, _, _) = _lexer.ReadFieldValue();
            Advance();
            foreach (var choice in choices)
            {
                if (string.Equals(value, choice.Word, StringComparison.OrdinalIgnoreCase))
                {
                    return new FlagNode(token.Column, choice.Field, choice.Value);
                }
            }
            throw new QueryParseException($"'{token.Text}:' expects {expected}, not '{value}'", column);
        }

        // After '(' (the current token): the inner expression up to its ')'. Raw field values end their raw mode
        // before the token after ')' is read.
        private QueryNode ParseGroup(QueryToken open, Context context, bool endsRawMode)
        {
            Advance();
            if (_current.Kind == QueryTokenKind.RightParen)
            {
                throw new QueryParseException("empty parentheses", open.Column);
            }
            if (_current.Kind == QueryTokenKind.End)
            {
                throw new QueryParseException("unbalanced parenthesis", open.Column);
            }
            var inner = ParseOr(context);
            if (_current.Kind != QueryTokenKind.RightParen)
            {
                if (_current.Kind == QueryTokenKind.End)
                {
                    throw new QueryParseException("unbalanced parenthesis", open.Column);
                }
                throw new QueryParseException($"unexpected '{_current.Text}'", _current.Column);
            }
            if (endsRawMode)
            {
                _lexer.Raw = false;
            }
            Advance();
            _grouped.Add(inner);
            return inner;
        }

        private QueryNode ParseValue(QueryField field)
        {
            _valueField = field;
            _lexer.Raw = true;
            Advance();
            if (_current.Kind != QueryTokenKind.LeftParen)
            {
                _lexer.Raw = false;
                var token = _current;
                // The token was read in raw mode; re-read nothing: just step past it in normal mode.
                Advance();
                return token.Kind switch
                {
                    QueryTokenKind.Word or QueryTokenKind.Phrase or QueryTokenKind.Braced or QueryTokenKind.Exact => Value(token),
                    _ => throw new QueryParseException($"missing value after '{FieldName(_valueField)}:'", token.Column),
                };
            }
            return ParseGroup(_current, Context.Value, endsRawMode: true);
        }

        private static string FieldName(QueryField field) => field.ToString().ToLowerInvariant();

        // One value of author, site, url, lang, country, source or kind. The word-like fields take wildcards as
        // words do (author:orange*), with the same rule that a wildcard cannot start the value.
        private FieldValueNode Value(QueryToken token)
        {
            var exact = token.Kind is QueryTokenKind.Braced or QueryTokenKind.Exact;
            var value = token.Text;
            var valueColumn = token.Kind is QueryTokenKind.Word ? token.Column : token.Column + 1;
            if (_valueField == QueryField.Site)
            {
                // site:*.gouv.fr says what site:gouv.fr already means (a host suffix).
                if (value.StartsWith("*.", StringComparison.Ordinal))
                {
                    value = value[2..];
                }
                if (value.Contains('*', StringComparison.Ordinal) || value.Contains('?', StringComparison.Ordinal))
                {
                    throw new QueryParseException("site: takes a host name, without wildcards", valueColumn + value.IndexOfAny(['*', '?']) + (token.Text.Length - value.Length));
                }
                return new FieldValueNode(token.Column, value, exact);
            }
            if (_valueField == QueryField.Url)
            {
                return new FieldValueNode(token.Column, value, exact);
            }
            // Field values are compared whole; a decomposed accent (e + U+0301) must compare as the accent it is.
            value = Composed(value);
            if (exact)
            {
                return new FieldValueNode(token.Column, value, exact);
            }
            var wildcardAt = value.IndexOfAny(['*', '?']);
            if (wildcardAt < 0)
            {
                return new FieldValueNode(token.Column, value, Exact: false);
            }
            var start = _valueField == QueryField.Author && value.StartsWith('@') ? 1 : 0;
            if (wildcardAt == start)
            {
                throw new QueryParseException("wildcard cannot start a word", valueColumn + wildcardAt);
            }
            return new FieldValueNode(token.Column, value, Exact: false, Wildcard: true);
        }

        private static string Composed(string value)
        {
            try
            {
                return value.Normalize(System.Text.NormalizationForm.FormC);
            }
            catch (ArgumentException)
            {
                // Broken UTF-16 (a lone surrogate) has no normal form; it is compared as written.
                return value;
            }
        }

        private void WarnIfOperatorInLowerCase(QueryToken token)
        {
            var word = token.Text;
            var slash = word.IndexOf('/', StringComparison.Ordinal);
            var name = slash > 0 ? word[..slash] : word;
            var isOperator = slash > 0
                ? name.Equals("NEAR", StringComparison.OrdinalIgnoreCase) || name.Equals("ONEAR", StringComparison.OrdinalIgnoreCase)
                : name.Equals("AND", StringComparison.OrdinalIgnoreCase) || name.Equals("OR", StringComparison.OrdinalIgnoreCase) || name.Equals("NOT", StringComparison.OrdinalIgnoreCase);
            if (isOperator)
            {
                _warnings.Add(new QueryWarning($"'{word}' is searched as a word: operators are written in capitals ({word.ToUpperInvariant()})", token.Column));
            }
        }
    }
}
