namespace Chorus.Platform;

/// <summary>What is wrong with one field, and why.</summary>
public sealed record FieldError(string Field, string Reason);

/// <summary>
/// Bad input from a person or a client: names each wrong field and says why. Pages show every error beside its
/// field; the API answers 400 with a validation problem whose errors are keyed by the field.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string field, string message) : this([new FieldError(field, message)])
    {
    }

    /// <param name="errors">At least one; the first is the exception's <see cref="Field"/> and message.</param>
    public InputException(IReadOnlyList<FieldError> errors) : base(errors is [var first, ..] ? first.Reason : throw new ArgumentException("No error given.", nameof(errors))) =>
        Errors = errors;

    /// <summary>Every wrong field of the input, in the form's order.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>The first wrong field.</summary>
    public string Field => Errors[0].Field;
}

/// <summary>A state conflict (e.g. removing the last owner, a duplicate name): 409 in the API.</summary>
public sealed class ConflictException(string message) : Exception(message);
