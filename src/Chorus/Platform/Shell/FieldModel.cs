using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Chorus.Platform.Shell;

/// <summary>One labelled input with its error (Platform/Shell/_Field.cshtml).</summary>
/// <param name="MaxLength">The longest value the server takes, so the browser stops there too.</param>
/// <param name="Help">A hint under the field (a translation key).</param>
/// <param name="MinLength">The shortest value the server takes (a new password).</param>
/// <param name="Min">The smallest number the server takes (a number field).</param>
/// <param name="Max">The largest number the server takes (a number field).</param>
public sealed record FieldModel(string Name, string Label, string? Value = null, string Type = "text", string? Autocomplete = null, bool Required = true,
    int? MaxLength = null, string? Help = null, int? MinLength = null, int? Min = null, int? Max = null)
{
    /// <summary>The error shown beside a field (the first the server gave for it), or null.</summary>
    public static string? ErrorOf(ModelStateDictionary state, string field) =>
        state is not null && state.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}

/// <summary>One labelled choice with its error (Platform/Shell/_Select.cshtml).</summary>
/// <param name="Label">A translation key.</param>
/// <param name="Options">The values and their texts, already in the person's language.</param>
public sealed record SelectModel(string Name, string Label, IReadOnlyList<SelectOption> Options, string? Selected);

public sealed record SelectOption(string Value, string Text);
