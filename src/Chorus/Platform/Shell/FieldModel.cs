namespace Chorus.Platform.Shell;

/// <summary>One labelled input with its error (Pages/Shared/_Field.cshtml).</summary>
public sealed record FieldModel(string Name, string Label, string? Value = null, string Type = "text", string? Autocomplete = null, bool Required = true);
