namespace Chorus.Text.Query;

/// <summary>The post fields a query can restrict to.</summary>
public enum QueryField
{
    Text,
    Title,
    Author,
    Site,
    Url,
    Lang,
    Country,
    Source,
    Kind,
    Followers,
    Verified,
    HasLinks,
    HasMedia,
}

/// <summary>How one query token matches a text position.</summary>
public enum TokenPatternKind
{
    /// <summary>The position has a form equal to <see cref="TokenPattern.Key"/>.</summary>
    Key,

    /// <summary>The position has a form matching the wildcard <see cref="TokenPattern.Key"/> (<c>*</c>, <c>?</c>).</summary>
    Wildcard,

    /// <summary>The position has the folded form <see cref="TokenPattern.Key"/> spelled exactly <see cref="TokenPattern.Surface"/>.</summary>
    Exact,
}

/// <summary>One token of a query word, phrase or exact form, already normalised like the text.</summary>
public sealed record TokenPattern(TokenPatternKind Kind, string Key, string Surface);

/// <summary>A node of a parsed query. <see cref="Column"/> is 1-based.</summary>
public abstract record QueryNode(int Column);

/// <summary>
/// A word, phrase or exact form: tokens at consecutive positions, or when <see cref="Slop"/> is set,
/// all present with at most that many other tokens inside the window, in any order.
/// </summary>
public sealed record TermsNode(int Column, string Display, IReadOnlyList<TokenPattern> Tokens, int? Slop) : QueryNode(Column);

/// <summary>A restriction of <see cref="Child"/> to a field (title and the text-valued fields).</summary>
public sealed record FieldNode(int Column, QueryField Field, QueryNode Child) : QueryNode(Column);

/// <summary>
/// A value of a text-valued field other than title (author, site, url, lang, country, source, kind),
/// compared with the whole field value. <see cref="Exact"/>: case- and accent-sensitive.
/// <see cref="Wildcard"/>: <see cref="Value"/> holds <c>*</c> or <c>?</c> (author, lang, country, source, kind only).
/// </summary>
public sealed record FieldValueNode(int Column, string Value, bool Exact, bool Wildcard = false) : QueryNode(Column);

/// <summary>A numeric comparison, as the inclusive range [<see cref="Min"/>, <see cref="Max"/>].</summary>
public sealed record NumberNode(int Column, QueryField Field, long Min, long Max) : QueryNode(Column);

/// <summary>A boolean field test (verified, has:links, has:media).</summary>
public sealed record FlagNode(int Column, QueryField Field, bool Value) : QueryNode(Column);

/// <summary>Negation.</summary>
public sealed record NotNode(int Column, QueryNode Child) : QueryNode(Column);

/// <summary>All children.</summary>
public sealed record AndNode(int Column, IReadOnlyList<QueryNode> Children) : QueryNode(Column);

/// <summary>Any child.</summary>
public sealed record OrNode(int Column, IReadOnlyList<QueryNode> Children) : QueryNode(Column);

/// <summary>
/// Proximity: a token matching <see cref="Left"/> and one matching <see cref="Right"/> with at most
/// <see cref="Distance"/> other tokens between them; <see cref="Ordered"/>: left before right.
/// </summary>
public sealed record NearNode(int Column, QueryNode Left, QueryNode Right, int Distance, bool Ordered) : QueryNode(Column);

/// <summary>A parsed query with the linter's warnings.</summary>
public sealed record ParsedQuery(string Text, QueryNode Root, IReadOnlyList<QueryWarning> Warnings);

/// <summary>A linter remark: the query is valid but may not mean what its author thinks.</summary>
public sealed record QueryWarning(string Message, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{Message} at column {Column}";
}

/// <summary>A query that does not parse: the reason and the 1-based column where it was found.</summary>
public sealed class QueryParseException : Exception
{
    /// <summary>Creates the error; the message reads "reason at column N" (or the reason alone when the column is 0).</summary>
    public QueryParseException(string reason, int column)
        : base(column > 0 ? $"{reason} at column {column}" : reason)
    {
        Reason = reason;
        Column = column;
    }

    /// <summary>The problem, without the column.</summary>
    public string Reason { get; }

    /// <summary>1-based column of the problem, in characters (an emoji counts once); 0 when it concerns the whole query.</summary>
    public int Column { get; }

    /// <summary>Use the reason-and-column constructor.</summary>
    public QueryParseException()
        : this("invalid query", 0)
    {
    }

    /// <summary>Use the reason-and-column constructor.</summary>
    public QueryParseException(string message)
        : this(message, 0)
    {
    }

    /// <summary>Use the reason-and-column constructor.</summary>
    public QueryParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }
}
