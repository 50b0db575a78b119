using System.Diagnostics;

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
        // The machine is shared: CPU time of this process gives the per-core rate even when other
        // processes compete for the cores (wall-clock rate is printed too).
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
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
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var averageChars = texts.Average(t => t.Length);
        Console.WriteLine(
            $"{name,-28} {processed / cpu,12:N0} texts/s per core (CPU time)  {processed / watch.Elapsed.TotalSeconds,12:N0} texts/s wall  " +
            $"{allocated / (double)processed,6:F2} B/text  ({texts.Count} texts, avg {averageChars:F0} chars, checksum {sink:F1})");
    }
}
