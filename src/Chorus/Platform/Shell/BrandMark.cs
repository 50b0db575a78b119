namespace Chorus.Platform.Shell;

/// <summary>A workspace's mark in the switcher: its initials on one of eight colours chosen by its id, so a brand
/// keeps its colour from page to page without storing one.</summary>
public static class BrandMark
{
    public const int Hues = 8;

    public static int Hue(Guid workspaceId) => (int)((uint)workspaceId.GetHashCode() % Hues);

    public static string Initials(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var letters = words.Take(2).Select(word => System.Text.Rune.ToUpperInvariant(word.EnumerateRunes().First()).ToString());
        var initials = string.Concat(letters);
        return initials.Length == 0 ? "?" : initials;
    }
}
