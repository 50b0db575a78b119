using Chorus.Bench.Match;

return args.FirstOrDefault() switch
{
    "match" => MatchBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Chorus.Bench -- match [--posts N] [--seconds S] [--lucene-posts N] [--no-lucene]");
    return 2;
}
