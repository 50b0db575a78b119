namespace Chorus.Text.Sentiment;

/// <summary>Polarity of a text.</summary>
public enum SentimentLabel
{
    /// <summary>Compound score at or below -0.05.</summary>
    Negative = -1,

    /// <summary>Compound score strictly between -0.05 and 0.05 (including texts with no sentiment words).</summary>
    Neutral = 0,

    /// <summary>Compound score at or above 0.05.</summary>
    Positive = 1,
}
