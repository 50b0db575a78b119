namespace Chorus.Platform;

/// <summary>
/// Bad input from a person or a client: names the field and says why. Pages show it beside the field; the API
/// answers 400 with a validation problem whose errors are keyed by the field.
/// </summary>
public sealed class InputException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>A state conflict (e.g. removing the last owner, a duplicate name): 409 in the API.</summary>
public sealed class ConflictException(string message) : Exception(message);
