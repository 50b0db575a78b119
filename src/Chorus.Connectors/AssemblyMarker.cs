namespace Chorus.Connectors;
internal static class AssemblyMarker;
