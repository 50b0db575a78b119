namespace Chorus.Text.Sentiment;

/// <summary>
/// Sentiment of a text: label, compound score in [-1, 1] (VADER-style normalisation
/// x / sqrt(x² + 15) of the summed valences) and the language whose lexicon was used
/// (ISO 639-1 code, or <c>und</c>).
/// </summary>
public readonly record struct SentimentResult(SentimentLabel Label, double Score, string Language)
{
    /// <summary>Label as written in JSON output: "positive", "negative" or "neutral".</summary>
    public string LabelName => Label switch
    {
        SentimentLabel.Positive => "positive",
        SentimentLabel.Negative => "negative",
        _ => "neutral",
    };
}
