using Chorus.Cli;
using Chorus.Core.Workspaces;
using Chorus.Core.Workspaces.Jobs;
using Chorus.Data.Jobs;
using Chorus.Data.Keys;
using Chorus.Data.Database;
using Chorus.Web.Shell;

// One executable: `chorus <command>` runs a command-line command; `chorus serve` (or no command) serves the app.
if (ChorusCommandLine.IsCommand(args)) return await ChorusCommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(ChorusCommandLine.ServeArguments(args));
builder.AddChorusData();
builder.AddChorusDataProtection();
builder.AddChorusJobs();
builder.AddWorkspaces();
builder.AddChorusShell();

var app = builder.Build();
await app.MigrateDatabaseAsync();

app.UseChorusShell();
app.UseWorkspaceAccess();

app.MapHealth();
app.MapChorusApi()
    .MapWorkspaceApi()
    .MapDeadJobsApi();
app.MapChorusPages();

await app.RunAsync();
return 0;

public partial class Program;
