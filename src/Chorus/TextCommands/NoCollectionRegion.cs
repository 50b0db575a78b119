using System.Runtime;

namespace Chorus.TextCommands;

/// <summary>
/// A stretch of start-up during which the garbage collector does not run: compiling thousands of queries allocates
/// tens of megabytes of objects that nearly all stay alive, and each collection meanwhile would only copy them from
/// one generation to the next (it was most of the CPU time of loading 10,000 queries). When the work allocates more
/// than announced, the runtime collects as usual and the region simply ends.
/// </summary>
internal sealed class NoCollectionRegion : IDisposable
{
    // The runtime refuses regions larger than its ephemeral space; beyond this, collect as usual.
    private const long LargestRegion = 192L * 1024 * 1024;

    private readonly bool _started;

    private NoCollectionRegion(bool started) => _started = started;

    /// <summary>Starts a region for about <paramref name="bytes"/> of allocations (capped).</summary>
    public static NoCollectionRegion Start(long bytes)
    {
        try
        {
            return new NoCollectionRegion(GC.TryStartNoGCRegion(Math.Clamp(bytes, 1L << 20, LargestRegion)));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // Too large for this runtime's configuration, or a region already running: collect as usual.
            return new NoCollectionRegion(false);
        }
    }

    public void Dispose()
    {
        if (!_started || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            return;
        }
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // The region ended meanwhile: more was allocated than announced (so the runtime collected), or another
            // command running in the same process ended it. Either way collections are back to normal.
        }
    }
}
