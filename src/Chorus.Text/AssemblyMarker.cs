// The hot paths of the text engine (tokenizer, matcher, language and sentiment scanners) stack-allocate
// small buffers they always write before reading: skip zeroing them.
[module: System.Runtime.CompilerServices.SkipLocalsInit]

namespace Chorus.Text;

internal static class AssemblyMarker;
