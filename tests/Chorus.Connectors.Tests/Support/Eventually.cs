namespace Chorus.Connectors.Tests.Support;

/// <summary>Polls until a condition holds: the AppView indexes new records a moment after the PDS stores them.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, double timeoutSeconds = 15)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeoutSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{what}: still not true after {timeoutSeconds} s (last value: {value})");
            }

            await Task.Delay(200);
        }
    }
}
