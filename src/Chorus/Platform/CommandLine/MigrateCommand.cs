using System.CommandLine;
using Chorus.Data.Database;
using Microsoft.Extensions.DependencyInjection;

namespace Chorus.Platform.CommandLine;

public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply the database migrations (the app also does it at start-up); a deploy step.");
        command.SetAction((result, _) => CommandHost.RunAsync(result.InvocationConfiguration.Error, async services =>
        {
            // CommandHost has applied them already; report what the database now holds.
            var upToDate = await services.GetRequiredService<Migrator>().IsUpToDateAsync();
            await result.InvocationConfiguration.Output.WriteLineAsync($"migrations: {services.GetRequiredService<Migrator>().Known.Count} known, database up to date: {upToDate}");
            return upToDate ? ChorusCommandLine.Ok : ChorusCommandLine.Failure;
        }));
        return command;
    }
}
