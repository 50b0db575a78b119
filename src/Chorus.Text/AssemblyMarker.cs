namespace Chorus.Text;

internal static class AssemblyMarker;
