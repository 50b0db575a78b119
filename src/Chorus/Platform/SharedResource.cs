// Resource names are the root namespace plus the folder (Chorus.Platform.Resources...), not the assembly name `chorus`.
[assembly: Microsoft.Extensions.Localization.RootNamespace("Chorus")]

namespace Chorus;

/// <summary>The key of the UI's one resource file: Platform/Resources/SharedResource.fr.resx (English is the key itself).</summary>
public sealed class SharedResource;
