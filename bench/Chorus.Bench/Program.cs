using Chorus.Bench.Cli;
using Chorus.Bench.Match;
using Chorus.Bench.Nlp;

// Dispatcher: `dotnet run -c Release --project bench/Chorus.Bench -- <command> [args]` (see bench/README.md).
var commands = new Dictionary<string, Func<string[], int>>(StringComparer.Ordinal)
{
    ["match"] = MatchBenchmark.Run,
    ["sentiment"] = NlpBenchmarks.Sentiment,
    ["sentiment-dump"] = SentimentDump.Run,
    ["lang"] = NlpBenchmarks.Language,
    ["moderate"] = NlpBenchmarks.Moderation,
    ["accuracy"] = NlpBenchmarks.Accuracy,
    ["spam"] = NlpBenchmarks.Spam,
    ["eval-sentiment"] = SentimentEvaluation.Run,
    ["eval-lang"] = LanguageEvaluation.Run,
    ["eval-moderation"] = ModerationEvaluation.Run,
    ["cli-corpus"] = CliCorpus.Run,
    ["cli-engine"] = EngineAlone.Run,
    ["cli-startup"] = StartupCost.Run,
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine($"usage: Chorus.Bench <{string.Join('|', commands.Keys)}> [args]  (see bench/README.md)");
    return 2;
}
return command(args[1..]);
