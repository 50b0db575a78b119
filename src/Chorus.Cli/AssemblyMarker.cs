namespace Chorus.Cli;
internal static class AssemblyMarker;
