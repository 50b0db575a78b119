using Chorus.Channels;
using Chorus.Workspaces;
using Chorus.Data.Database;
using Chorus.Data.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Chorus.Platform.CommandLine;

/// <summary>
/// What commands that touch data run inside: the same database setup as the web app (embedded cluster or
/// CHORUS_DATABASE), migrations applied, and the outcome mapped to the exit status.
/// </summary>
public static class CommandHost
{
    /// <param name="addServices">Runs before the modules are added: tests give their database and their own services
    /// (a network that exists only in the test) this way.</param>
    public static async Task<int> RunAsync(TextWriter error, Func<IServiceProvider, Task<int>> work, Action<IHostApplicationBuilder>? addServices = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        IHost? host = null;
        try
        {
            // A command runs no background jobs; starting the host starts the database and applies the migrations.
            builder.Configuration["Jobs:Enabled"] = "false";
            addServices?.Invoke(builder);
            Program.AddModules(builder);
            host = builder.Build();
            await host.StartAsync();
            return await work(host.Services);
        }
        catch (InputException input)
        {
            foreach (var wrong in input.Errors) await error.WriteLineAsync($"{wrong.Field}: {wrong.Reason}");
            return ChorusCommandLine.BadInput;
        }
        catch (ConflictException conflict)
        {
            await error.WriteLineAsync(conflict.Message);
            return ChorusCommandLine.BadInput;
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            await error.WriteLineAsync($"chorus: {exception.Message}");
            return ChorusCommandLine.Failure;
        }
        finally
        {
            if (host is not null)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }
}
