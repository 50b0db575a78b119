using System.CommandLine;
using Chorus.Workspaces;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Chorus.Platform.CommandLine;

/// <summary>
/// How a command acts as a workspace member (--workspace and --as): the same workspace access as the web app, so the
/// member's role decides what the command may do and the audit log names them.
/// </summary>
public static class ActingMember
{
    /// <summary>Resolves who acts in which workspace (bad input when they may not) and runs the work in the command host.</summary>
    public static Task<int> RunAsync(ParseResult result, Option<string> workspace, Option<string> actingAs, Permission needed,
        Func<IServiceProvider, WorkspaceContext, Task<int>> work, Action<IHostApplicationBuilder>? addServices) =>
        CommandHost.RunAsync(result.InvocationConfiguration.Error, async services =>
        {
            var dataSource = services.GetRequiredService<NpgsqlDataSource>();
            await using var connection = await dataSource.OpenConnectionAsync();
            var email = result.GetValue(actingAs);
            var userId = await connection.ExecuteScalarAsync<Guid?>("select id from users where lower(email) = lower(@email)", new { email })
                ?? throw new InputException("as", $"No account has the e-mail address '{email}'.");
            var given = result.GetValue(workspace)!;
            var workspaceId = Guid.TryParse(given, out var id) ? id
                : (await services.GetRequiredService<Tenancy>().WorkspacesOfAsync(userId))
                    .Where(w => string.Equals(w.Name, given, StringComparison.OrdinalIgnoreCase)).Select(w => (Guid?)w.Id).FirstOrDefault()
                  ?? throw new InputException("workspace", $"'{given}' is not a workspace of {email}.");
            var context = await services.GetRequiredService<WorkspaceAccess>().ResolveAsync(new Actor(userId, null), workspaceId)
                ?? throw new InputException("workspace", $"{email} is not a member of workspace {given}.");
            if (!context.Can(needed))
                throw new InputException("as", $"{email} is {context.Role} in this workspace, which does not allow {needed}.");
            return await work(services, context);
        }, addServices);
}
