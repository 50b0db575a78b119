namespace Chorus.Data;
internal static class AssemblyMarker;
