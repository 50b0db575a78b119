namespace Chorus.Web;

/// <summary>The key of the UI's one resource file: Resources/SharedResource.fr.resx (English is the key itself).</summary>
public sealed class SharedResource;
