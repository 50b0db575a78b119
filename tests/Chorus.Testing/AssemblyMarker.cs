namespace Chorus.Testing;
internal static class AssemblyMarker;
