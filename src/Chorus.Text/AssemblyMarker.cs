// The hot path stack-allocates small buffers it always writes before reading: skip zeroing them.
[module: System.Runtime.CompilerServices.SkipLocalsInit]

namespace Chorus.Text;

internal static class AssemblyMarker;
