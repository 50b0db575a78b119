using System.Globalization;

namespace Chorus.Text.Query;

internal enum QueryTokenKind
{
    End,
    LeftParen,
    RightParen,
    Word,
    Phrase,
    Braced,
    Exact,
    Minus,
    And,
    Or,
    Not,
    Near,
    Field,
}

/// <summary>A lexical token; <see cref="Column"/> is 1-based.</summary>
internal readonly record struct QueryToken(QueryTokenKind Kind, int Column, string Text, int Number = 0, bool Ordered = false, int? Slop = null);

/// <summary>
/// Splits a query into tokens. Field values are read on demand by the parser because their syntax
/// depends on the field (numbers, ranges, raw host names and urls).
/// </summary>
internal sealed class QueryLexer(string text)
{
    private const int MaxDistance = 1000;
    private int _position;

    /// <summary>In raw mode bare words are field values: no field detection inside them.</summary>
    public bool Raw { get; set; }

    public int Position => _position;

    public bool AtValueStart => _position < text.Length && !char.IsWhiteSpace(text[_position]) && text[_position] != ')';

    public QueryToken Next()
    {
        SkipBlanksAndComments();
        if (_position >= text.Length)
        {
            return new QueryToken(QueryTokenKind.End, text.Length + 1, "");
        }
        var start = _position;
        var column = start + 1;
        var c = text[start];
        switch (c)
        {
            case '(':
                _position++;
                return new QueryToken(QueryTokenKind.LeftParen, column, "(");
            case ')':
                _position++;
                return new QueryToken(QueryTokenKind.RightParen, column, ")");
            case '"':
                return ReadPhrase(QueryTokenKind.Phrase, column);
            case '{':
                return ReadBraced(column);
            case '+':
                return ReadExact(column);
            case '-':
                if (start + 1 >= text.Length || char.IsWhiteSpace(text[start + 1]) || text[start + 1] == ')')
                {
                    throw new QueryParseException("'-' must be followed by a term", column);
                }
                _position++;
                return new QueryToken(QueryTokenKind.Minus, column, "-");
        }
        if (!Raw)
        {
            var fieldEnd = start;
            while (fieldEnd < text.Length && char.IsAsciiLetter(text[fieldEnd]))
            {
                fieldEnd++;
            }
            // A pasted address (https://...) is words, not an unknown field named https.
            if (fieldEnd > start && fieldEnd < text.Length && text[fieldEnd] == ':'
                && string.CompareOrdinal(text, fieldEnd, "://", 0, 3) != 0)
            {
                _position = fieldEnd + 1;
                return new QueryToken(QueryTokenKind.Field, column, text[start..fieldEnd]);
            }
        }
        var word = ReadBareWord();
        switch (word)
        {
            case "AND":
                return new QueryToken(QueryTokenKind.And, column, word);
            case "OR":
                return new QueryToken(QueryTokenKind.Or, column, word);
            case "NOT":
                return new QueryToken(QueryTokenKind.Not, column, word);
            case "NEAR" or "ONEAR":
                throw new QueryParseException($"{word} needs a distance, e.g. {word}/3", column);
        }
        if (word.StartsWith("NEAR/", StringComparison.Ordinal) || word.StartsWith("ONEAR/", StringComparison.Ordinal))
        {
            return ReadNear(word, column);
        }
        return new QueryToken(QueryTokenKind.Word, column, word);
    }

    /// <summary>Reads a field value that is one raw word or a quoted string; true when it was quoted.</summary>
    public (string Value, int Column, bool Quoted, bool Exact) ReadFieldValue()
    {
        var column = _position + 1;
        if (text[_position] == '"')
        {
            var phrase = ReadPhrase(QueryTokenKind.Phrase, column);
            return (phrase.Text, column, true, false);
        }
        if (text[_position] == '{')
        {
            var braced = ReadBraced(column);
            return (braced.Text, column, true, true);
        }
        if (text[_position] == '+')
        {
            var exact = ReadExact(column);
            return (exact.Text, column, false, true);
        }
        return (ReadBareWord(), column, false, false);
    }

    /// <summary>Reads <c>&gt;N</c>, <c>&gt;=N</c>, <c>&lt;N</c>, <c>&lt;=N</c>, <c>N</c> or <c>[A TO B]</c> as an inclusive range.</summary>
    public (long Min, long Max) ReadNumberSpec(string field)
    {
        var column = _position + 1;
        if (text[_position] == '[')
        {
            _position++;
            SkipSpaces();
            var low = ReadBound(field, long.MinValue);
            SkipSpaces();
            if (_position >= text.Length)
            {
                throw new QueryParseException("unterminated range", column);
            }
            // TO is written in capitals like the other operators, but inside brackets nothing else can be meant.
            if (!(_position + 1 < text.Length && (text[_position] | 0x20) == 't' && (text[_position + 1] | 0x20) == 'o'))
            {
                throw new QueryParseException("expected 'TO' in range", _position + 1);
            }
            _position += 2;
            SkipSpaces();
            var high = ReadBound(field, long.MaxValue);
            SkipSpaces();
            if (_position >= text.Length || text[_position] != ']')
            {
                throw new QueryParseException(_position >= text.Length ? "unterminated range" : "expected ']' to close the range", _position >= text.Length ? column : _position + 1);
            }
            _position++;
            if (low > high)
            {
                throw new QueryParseException($"bad range: {low} is greater than {high}", column);
            }
            EnsureValueEnd();
            return (low, high);
        }
        (long Min, long Max) result;
        if (text[_position] == '>')
        {
            _position++;
            var inclusive = Consume('=');
            var n = ReadNumber(field);
            result = inclusive ? (n, long.MaxValue) : (n == long.MaxValue ? (long.MaxValue, long.MinValue) : (n + 1, long.MaxValue));
        }
        else if (text[_position] == '<')
        {
            _position++;
            var inclusive = Consume('=');
            var n = ReadNumber(field);
            result = inclusive ? (long.MinValue, n) : (n == long.MinValue ? (long.MaxValue, long.MinValue) : (long.MinValue, n - 1));
        }
        else
        {
            Consume('=');
            var n = ReadNumber(field);
            result = (n, n);
        }
        EnsureValueEnd();
        return result;
    }

    private void EnsureValueEnd()
    {
        if (_position < text.Length && !char.IsWhiteSpace(text[_position]) && text[_position] != ')')
        {
            throw new QueryParseException($"unexpected '{text[_position]}' after the value", _position + 1);
        }
    }

    private bool Consume(char c)
    {
        if (_position < text.Length && text[_position] == c)
        {
            _position++;
            return true;
        }
        return false;
    }

    // '*' leaves that end of a range open, as in [1000 TO *].
    private long ReadBound(string field, long open)
    {
        if (_position < text.Length && text[_position] == '*')
        {
            _position++;
            return open;
        }
        return ReadNumber(field);
    }

    private long ReadNumber(string field)
    {
        var start = _position;
        if (_position < text.Length && text[_position] == '-')
        {
            _position++;
        }
        while (_position < text.Length && char.IsAsciiDigit(text[_position]))
        {
            _position++;
        }
        var literal = text.AsSpan(start, _position - start);
        if (literal.Length == 0 || literal is "-")
        {
            throw new QueryParseException($"expected a number after '{field}:'", start + 1);
        }
        if (!long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new QueryParseException($"number '{literal}' is too large", start + 1);
        }
        return value;
    }

    private void SkipSpaces()
    {
        while (_position < text.Length && char.IsWhiteSpace(text[_position]))
        {
            _position++;
        }
    }

    private void SkipBlanksAndComments()
    {
        while (_position < text.Length)
        {
            if (char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
            else if (string.CompareOrdinal(text, _position, "<<<", 0, 3) == 0)
            {
                var end = text.IndexOf(">>>", _position + 3, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new QueryParseException("unterminated comment", _position + 1);
                }
                _position = end + 3;
            }
            else
            {
                return;
            }
        }
    }

    private string ReadBareWord()
    {
        var start = _position;
        while (_position < text.Length)
        {
            var c = text[_position];
            if (char.IsWhiteSpace(c) || c is '(' or ')' or '"' or '{' or '}')
            {
                break;
            }
            if (c == '<' && string.CompareOrdinal(text, _position, "<<<", 0, 3) == 0)
            {
                break;
            }
            _position++;
        }
        if (_position == start)
        {
            // A lone closing brace or similar: report it rather than loop.
            throw new QueryParseException(text[_position] == '}' ? "unbalanced brace" : $"unexpected '{text[_position]}'", _position + 1);
        }
        return text[start.._position];
    }

    private QueryToken ReadPhrase(QueryTokenKind kind, int column)
    {
        var end = text.IndexOf('"', _position + 1);
        if (end < 0)
        {
            throw new QueryParseException("unbalanced quote", column);
        }
        var content = text[(_position + 1)..end];
        _position = end + 1;
        int? slop = null;
        if (_position < text.Length && text[_position] == '~')
        {
            var slopStart = _position;
            _position++;
            var digits = _position;
            while (_position < text.Length && char.IsAsciiDigit(text[_position]))
            {
                _position++;
            }
            if (digits == _position || _position - digits > 4)
            {
                throw new QueryParseException("'~' after a phrase needs a distance between 0 and 1000", slopStart + 1);
            }
            var n = int.Parse(text.AsSpan(digits, _position - digits), CultureInfo.InvariantCulture);
            if (n > MaxDistance)
            {
                throw new QueryParseException("'~' after a phrase needs a distance between 0 and 1000", slopStart + 1);
            }
            slop = n;
        }
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new QueryParseException("empty phrase", column);
        }
        return new QueryToken(kind, column, content, Slop: slop);
    }

    private QueryToken ReadBraced(int column)
    {
        var end = text.IndexOf('}', _position + 1);
        if (end < 0)
        {
            throw new QueryParseException("unbalanced brace", column);
        }
        var content = text[(_position + 1)..end];
        _position = end + 1;
        if (string.IsNullOrWhiteSpace(content))
        {
            throw new QueryParseException("empty braces", column);
        }
        return new QueryToken(QueryTokenKind.Braced, column, content);
    }

    private QueryToken ReadExact(int column)
    {
        _position++;
        if (_position >= text.Length || char.IsWhiteSpace(text[_position]) || text[_position] is '(' or ')' or '{' or '}')
        {
            throw new QueryParseException("'+' must be followed by a word", column);
        }
        if (text[_position] == '"')
        {
            var phrase = ReadPhrase(QueryTokenKind.Phrase, column + 1);
            return new QueryToken(QueryTokenKind.Exact, column, phrase.Text);
        }
        return new QueryToken(QueryTokenKind.Exact, column, ReadBareWord());
    }

    private static QueryToken ReadNear(string word, int column)
    {
        var ordered = word[0] == 'O';
        var spec = word.AsSpan(word.IndexOf('/', StringComparison.Ordinal) + 1);
        if (!ordered && spec.Length > 1 && spec[^1] is 'f' or 'F')
        {
            ordered = true;
            spec = spec[..^1];
        }
        if (spec.Length is 0 or > 4 || !int.TryParse(spec, NumberStyles.None, CultureInfo.InvariantCulture, out var distance) || distance > MaxDistance)
        {
            throw new QueryParseException($"bad NEAR distance in '{word}': expected a number between 0 and 1000", column);
        }
        return new QueryToken(QueryTokenKind.Near, column, word, distance, ordered);
    }
}
