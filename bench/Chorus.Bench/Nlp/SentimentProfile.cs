using System.Globalization;
using Chorus.Bench.Match;
using Chorus.Text.Sentiment;

namespace Chorus.Bench.Nlp;

/// <summary>
/// Breaks a sentiment run down (<c>sentiment --profile</c>): a bare loop over the chars, the scanner alone
/// (words folded and looked up, marks, counts; no rules) and the whole analysis, each in texts per CPU second of the
/// measuring thread (best of eight 0.25 s windows).
/// </summary>
internal static class SentimentProfile
{
    public static void Print(IReadOnlyList<string> texts)
    {
        var lexicon = SentimentLexicon.English;
        var charLoop = TextsPerCpuSecond(texts, static text =>
        {
            var letters = 0;
            foreach (var c in text)
            {
                letters += char.IsLetter(c) ? 1 : 0;
            }
            return letters;
        });
        var scanOnly = TextsPerCpuSecond(texts, text => ScanOnly(text, lexicon));
        var whole = TextsPerCpuSecond(texts, static text => SentimentAnalyzer.Analyze(text, "en").Score);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profile (texts/thread-CPU-s) char loop {charLoop:N0} | scanner only {scanOnly:N0} | whole analysis (lang=en) {whole:N0}"));
    }

    private static double ScanOnly(string text, SentimentLexicon lexicon)
    {
        Span<char> folded = stackalloc char[(2 * text.Length) + 2];
        Span<SentimentToken> tokens = stackalloc SentimentToken[text.Length + 1];
        var count = SentimentScanner.Scan(text, lexicon, folded, tokens, out _);
        SentimentScanner.LookUpWords(lexicon, folded, tokens[..count]);
        return count;
    }

    // The machine is shared: the best of several short windows is the figure least disturbed by the neighbours.
    private static double TextsPerCpuSecond(IReadOnlyList<string> texts, Func<string, double> work)
    {
        double sink = 0;
        for (var round = 0; round < 3; round++)
        {
            foreach (var text in texts)
            {
                sink += work(text);
            }
        }
        double best = 0;
        for (var window = 0; window < 8; window++)
        {
            var start = ThreadCpuClock.Seconds();
            long processed = 0;
            while (ThreadCpuClock.Seconds() - start < 0.25)
            {
                foreach (var text in texts)
                {
                    sink += work(text);
                }
                processed += texts.Count;
            }
            best = Math.Max(best, processed / (ThreadCpuClock.Seconds() - start));
        }
        return sink == double.MinValue ? 0 : best;
    }
}
