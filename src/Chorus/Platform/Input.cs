namespace Chorus.Platform;

/// <summary>The checks every form and API field shares; each failure names the field.</summary>
public static class Input
{
    public static string Required(string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0) throw new InputException(field, "This field is required.");
        if (trimmed.Length > maxLength) throw new InputException(field, $"At most {maxLength} characters.");
        return trimmed;
    }
}
