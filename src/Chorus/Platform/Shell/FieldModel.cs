namespace Chorus.Platform.Shell;

/// <summary>One labelled input with its error (Pages/Shared/_Field.cshtml).</summary>
/// <param name="MaxLength">The longest value the server takes, so the browser stops there too.</param>
/// <param name="Help">A hint under the field (a translation key).</param>
public sealed record FieldModel(string Name, string Label, string? Value = null, string Type = "text", string? Autocomplete = null, bool Required = true,
    int? MaxLength = null, string? Help = null);
