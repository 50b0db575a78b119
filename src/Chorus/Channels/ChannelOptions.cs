using System.ComponentModel.DataAnnotations;

namespace Chorus.Channels;

/// <summary>The "Channels" configuration section.</summary>
public sealed class ChannelOptions
{
    /// <summary>Every channel is tested this often by the "channels.health" job.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Failures in a row (other than refused credentials, which break at once) before a channel is broken.</summary>
    [Range(1, 100)]
    public int FailuresBeforeBroken { get; set; } = 3;

    /// <summary>How long work for a broken channel waits before it looks again (the channel may have been reconnected).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan BrokenChannelRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a person has to authorise Chorus on a network connected by OAuth (a Mastodon instance).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan AuthorizationLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
