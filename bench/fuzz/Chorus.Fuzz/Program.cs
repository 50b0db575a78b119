using Chorus.Fuzz;
using SharpFuzz;

// chorus-fuzz TARGET                     one input on standard input; under afl-fuzz, AFL's fork server loop
// chorus-fuzz TARGET --replay PATH...    every file (or every file of each folder): prints each broken promise
//                                        (with the plain build: instrumented code runs only inside SharpFuzz's loop)
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: chorus-fuzz <{string.Join('|', FuzzTargets.All.Keys)}> [--replay FILE_OR_DIR...]");
    return 2;
}

if (args.Length > 1 && args[1] == "--replay")
{
    var files = args.Skip(2).SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p) : [p]).Where(f => !f.EndsWith("README.txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    var broken = 0;
    foreach (var file in files)
    {
        try
        {
            FuzzTargets.Check(target, File.ReadAllBytes(file));
        }
        catch (Exception error)
        {
            broken++;
            Console.WriteLine($"{file}: {error.GetType().Name}: {error.Message}");
            Console.WriteLine(error.StackTrace);
        }
    }
    Console.WriteLine($"{files.Count} input(s), {broken} broken");
    return broken == 0 ? 0 : 1;
}

// Out of process: a stack overflow or a hang kills a child the fork server restarts, and afl-fuzz records the input.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzTargets.Check(target, buffer.ToArray());
});
return 0;
