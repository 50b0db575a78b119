namespace Chorus.Platform;

/// <summary>
/// Collects the errors of every field of a form, so a person hears of all of them at once: each field is checked by
/// the same code that checks it alone (and throws <see cref="InputException"/>), and <see cref="ThrowIfAny"/> throws
/// once with them all. A field keeps its first error.
/// </summary>
public sealed class InputErrors
{
    private readonly List<FieldError> _errors = [];

    public bool Any => _errors.Count > 0;

    /// <summary>Whether this field already has an error (a later check of it would only repeat the problem).</summary>
    public bool Has(string field) => _errors.Exists(error => error.Field == field);

    /// <summary>Runs a check that returns the clean value; on bad input records its errors and returns the default.</summary>
    public T? Check<T>(Func<T> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            return check();
        }
        catch (InputException input)
        {
            Add(input);
            return default;
        }
    }

    /// <summary>Runs a check that returns nothing; on bad input records its errors.</summary>
    public void Check(Action check)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            check();
        }
        catch (InputException input)
        {
            Add(input);
        }
    }

    public void Add(string field, string reason)
    {
        if (!Has(field)) _errors.Add(new FieldError(field, reason));
    }

    public void Add(InputException input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var error in input.Errors) Add(error.Field, error.Reason);
    }

    /// <summary>Throws one <see cref="InputException"/> with every error collected, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (Any) throw new InputException(_errors.ToList());
    }
}
