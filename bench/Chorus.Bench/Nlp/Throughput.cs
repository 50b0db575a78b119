using System.Diagnostics;
using Chorus.Bench.Match;

namespace Chorus.Bench.Nlp;

/// <summary>Single-thread throughput and allocations of a per-text operation.</summary>
internal static class Throughput
{
    public static void Measure(string name, IReadOnlyList<string> texts, Func<string, double> operation, double seconds = 3)
    {
        // Warm-up: loads the lexicons and lets tiered JIT reach optimised code.
        double sink = 0;
        for (var round = 0; round < 3; round++)
        {
            foreach (var text in texts)
            {
                sink += operation(text);
            }
        }
        long processed = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        // The machine is shared: CPU time gives the per-core rate even when other processes compete for the
        // cores. The measuring thread's CPU time (as in the match bench) counts the work alone; the process's
        // also counts the runtime's own threads (background JIT, GC). Wall-clock rate is printed too.
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var threadBefore = ThreadCpuClock.Seconds();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            foreach (var text in texts)
            {
                sink += operation(text);
            }
            processed += texts.Count;
        }
        watch.Stop();
        var thread = ThreadCpuClock.Seconds() - threadBefore;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var averageChars = texts.Average(t => t.Length);
        Console.WriteLine(
            $"{name,-28} {processed / thread,12:N0} texts/s per core (thread CPU)  {processed / cpu,12:N0} (process CPU)  " +
            $"{processed / watch.Elapsed.TotalSeconds,12:N0} wall  " +
            $"{allocated / (double)processed,6:F2} B/text  ({texts.Count} texts, avg {averageChars:F0} chars, checksum {sink:F1})");
    }
}
