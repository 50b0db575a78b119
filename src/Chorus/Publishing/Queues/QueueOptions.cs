using System.ComponentModel.DataAnnotations;

namespace Chorus.Publishing.Queues;

/// <summary>The "Queues" configuration section.</summary>
public sealed class QueueOptions
{
    /// <summary>How far ahead a recurring post's occurrences are created (so they show on the calendar and can be moved).</summary>
    [Range(typeof(TimeSpan), "00:10:00", "90.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan CreateAhead { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the automation job (recurring, evergreen and feed posts) runs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan AutomationInterval { get; set; } = TimeSpan.FromMinutes(1);
}
