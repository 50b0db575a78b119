namespace Chorus.Core;
internal static class AssemblyMarker;
