// The scanners stackalloc their buffers per call and write before reading: zeroing them would cost
// more than the scan itself on short texts.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
