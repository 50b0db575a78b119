using System.Globalization;
using System.Text;
using Chorus.Bench.Match;
using Chorus.Text.Sentiment;

namespace Chorus.Bench.Nlp;

/// <summary>
/// Writes the analyser's label and full-precision score for a fixed set of texts, each read as English,
/// as French and with the language detected, so that a speed change can be checked to leave every
/// result byte-identical (`diff` two dumps). Texts: the UCI sentences (the throughput texts), their
/// ALL-CAPS forms, seeded French/English posts of the match bench, seeded mixtures of the tricky
/// inputs (emoticons, emoji, elisions, ligatures, combining accents, other scripts, lone surrogates,
/// urls, mentions, repeated '!'/'?'), and long texts that take the pooled-buffer path.
/// </summary>
internal static class SentimentDump
{
    private static readonly string[] Pieces =
    [
        "good", "GOOD", "not", "NOT", "very", "VERY", "but", "however", "kind", "of", "sort", "least", "at", "too",
        "no", "never", "problem", "bad", "great", "awful", "love", "hate", "kinda", "pretty", "super", "the", "a",
        "bon", "pas", "ne", "n'", "n’", "l'", "j'", "qu'", "jusqu'", "aime", "génial", "GÉNIAL", "déçu", "Déçu",
        "trop", "peu", "un", "moins", "au", "du", "mais", "pourtant", "plus", "jamais", "rien", "très", "vraiment",
        "cœur", "Œuvre", "straße", "ex\u0301cellent", "ge\u0301nial", "Привет", "хорошо", "καλό", "好", "良い",
        ":)", ":-)", ":(", ":-(", ";)", "<3", "</3", ":D", "=)", ":'(", ">:(", "(:", ":P", "xD",
        "😍", "😡", "👍", "🙏🏽", "❤️", "😂", "\u2639", "\u263A", "\uD83D", "\uDE00", "\u2026",
        "!", "!!", "!!!", "?", "??", "???", "?!", ".", ",", ";", "...", "-", "'", "’", "#", "#fail", "@brand",
        "https://t.co/x", "www.example.com", "http://a.b/c?d=e", "what", "wow", "hmm", "3", "2024", "_", "\t", "\n",
        "sans", "arrêt", "coup", "de", "cœur", "rapport", "qualité", "prix", "waste", "money", "of", "time",
    ];

    public static int Run(string[] args)
    {
        var output = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "sentiment-dump.tsv";
        var cache = DevelopmentData.CacheFolder(args);
        var texts = new List<(string Set, string Text)>();
        foreach (var set in DevelopmentData.UciSets)
        {
            foreach (var item in DevelopmentData.Uci(cache, set))
            {
                texts.Add((set, item.Text));
                texts.Add((set + "-caps", item.Text.ToUpperInvariant()));
            }
        }
        var corpus = new BenchCorpus(7);
        corpus.MakeBrands(200);
        texts.AddRange(corpus.Posts(3000).Select(p => ("posts", p.Text)));
        var random = new Random(11);
        for (var i = 0; i < 6000; i++)
        {
            var text = new StringBuilder();
            var pieces = random.Next(1, 16);
            for (var k = 0; k < pieces; k++)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
                if (random.Next(4) != 0)
                {
                    text.Append(' ');
                }
            }
            texts.Add(("mixed", text.ToString()));
        }
        var uci = texts.Where(t => t.Set is "amazon" or "imdb" or "yelp").Select(t => t.Text).ToList();
        for (var i = 0; i < 200; i++)
        {
            var text = new StringBuilder();
            while (text.Length < 400 + (i * 7))
            {
                text.Append(uci[random.Next(uci.Count)]).Append(' ');
            }
            texts.Add(("long", text.ToString()));
        }

        using var writer = new StreamWriter(output, false, new UTF8Encoding(false));
        for (var i = 0; i < texts.Count; i++)
        {
            var (set, text) = texts[i];
            foreach (var language in new[] { "en", "fr", null })
            {
                var result = SentimentAnalyzer.Analyze(text, language);
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{set}\t{i}\t{language ?? "detect"}\t{result.Language}\t{result.LabelName}\t{result.Score:R}\n"));
            }
        }
        Console.WriteLine($"{texts.Count * 3} results of {texts.Count} texts written to {output}");
        return 0;
    }
}
