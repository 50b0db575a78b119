namespace Chorus.Testing;

/// <summary>
/// A clock that moves only when told to. Timers and delays still run in real time (the base TimeProvider's), so
/// code that polls keeps polling while the test decides what "now" is.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    /// <summary>A whole second in 2030, so times survive PostgreSQL's microsecond precision unchanged.</summary>
    public ManualTimeProvider()
        : this(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _utcTicks, by.Ticks);
    }
}
