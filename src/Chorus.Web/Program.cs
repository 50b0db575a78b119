using Chorus.Cli;
using Chorus.Core.Workspaces;
using Chorus.Data.Database;
using Chorus.Web.Shell;

// One executable: `chorus <command>` runs a command-line command; `chorus serve` (or no command) serves the app.
if (ChorusCommandLine.IsCommand(args)) return await ChorusCommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(ChorusCommandLine.ServeArguments(args));
builder.AddChorusData();
builder.AddWorkspaces();
builder.AddChorusShell();

var app = builder.Build();
await app.MigrateDatabaseAsync();

app.UseChorusShell();
app.UseWorkspaceAccess();

app.MapHealth();
app.MapChorusApi()
    .MapWorkspaceApi();
app.MapChorusPages();

await app.RunAsync();
return 0;

public partial class Program;
