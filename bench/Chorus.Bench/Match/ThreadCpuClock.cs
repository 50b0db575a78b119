using System.Runtime.InteropServices;

namespace Chorus.Bench.Match;

/// <summary>
/// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID). The machine is shared, so wall-clock rates
/// depend on the neighbours; CPU-time rates measure the code.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ThreadCpuTimeClock = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static double Seconds()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ThreadCpuTimeClock, out var time) != 0)
        {
            return double.NaN;
        }
        return time.Seconds + time.Nanoseconds / 1e9;
    }
}
