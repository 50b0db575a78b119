using Chorus.Channels;
using Chorus.Charter;
using Chorus.Data.Database;
using Chorus.Data.Jobs;
using Chorus.Data.Keys;
using Chorus.Links;
using Chorus.Notifications;
using Chorus.Platform.Mail;
using Chorus.Media;
using Chorus.Platform.Jobs;
using Chorus.Platform.Shell;
using Chorus.Platform.Telemetry;
using Chorus.Publishing;
using Chorus.Publishing.ClientReview;
using Chorus.Publishing.Calendar;
using Chorus.Publishing.Templates;
using Chorus.Publishing.Csv;
using Chorus.Publishing.Queues;
using Chorus.Workspaces;

// One executable: `chorus <command>` runs a command-line command; `chorus serve` (or no command) serves the app.
if (ChorusCommandLine.IsCommand(args)) return await ChorusCommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(ChorusCommandLine.ServeArguments(args));
Program.AddModules(builder);
builder.AddChorusShell();

var app = builder.Build();

app.UseChorusShell();
app.UseWorkspaceAccess();

app.MapHealth();
app.MapApiReference();
app.MapChorusApi()
    .MapWorkspaceApi()
    .MapDeadJobsApi()
    .MapChannelsApi()
    .MapCharterApi()
    .MapPostsApi()
    .MapReviewLinksApi()
    .MapNotificationsApi()
    .MapMediaApi()
    .MapCalendarApi()
    .MapTemplatesApi()
    .MapLinksApi()
    .MapPostsCsvApi()
    .MapQueuesApi();
app.MapMediaFiles();
app.MapShortLinkRedirect();
app.MapChorusPages();

try
{
    // The database starts first (DatabaseStartup: embedded cluster, migrations), then the other hosted services.
    await app.RunAsync();
}
catch (DataFolderException problem)
{
    await Console.Error.WriteLineAsync($"chorus: {problem.Message}");
    return ChorusCommandLine.Failure;
}
return 0;

public partial class Program
{
    /// <summary>The one list of modules, for `chorus serve` and for every command that touches data.</summary>
    internal static void AddModules(IHostApplicationBuilder builder)
    {
        builder.AddTelemetry();
        builder.AddChorusData(typeof(Program).Assembly);
        builder.AddChorusDataProtection();
        builder.AddChorusJobs();
        builder.AddMail();
        builder.AddNotifications();
        builder.AddWorkspaces();
        builder.AddChannels();
        builder.AddCharter();
        builder.AddPublishing();
        builder.AddPublishingReview();
        builder.AddMedia();
        builder.AddCalendar();
        builder.AddPublishingTemplates();
        builder.AddLinks();
        builder.AddPostsCsv();
        builder.AddQueues();
    }
}
