using System.Diagnostics;
using System.Globalization;

namespace Chorus.Testing;

/// <summary>
/// CPU time of the calling thread, for time bounds in tests: on a machine other builds share, the wall clock of a
/// 10-ms parse can read a second while the thread waits for a core; its CPU time does not. Read from Linux's
/// /proc/thread-self/stat (10-ms ticks); elsewhere the wall clock stands in.
/// </summary>
public static class ThreadCpuTime
{
    private const string Stat = "/proc/thread-self/stat";
    private static readonly bool Available = File.Exists(Stat);

    /// <summary>The CPU time <paramref name="action"/> took on this thread.</summary>
    public static TimeSpan Of(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var start = Now();
        action();
        return Now() - start;
    }

    private static TimeSpan Now()
    {
        if (!Available)
        {
            return Stopwatch.GetElapsedTime(0);
        }

        // "pid (name) state ..." : the name may hold spaces, so count fields after its closing parenthesis;
        // utime and stime are fields 14 and 15, in ticks of 1/100 s.
        var line = File.ReadAllText(Stat);
        var fields = line[(line.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
