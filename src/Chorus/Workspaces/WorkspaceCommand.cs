using System.CommandLine;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chorus.Workspaces;

public static class WorkspaceCommand
{
    public static Command Create()
    {
        var owner = new Option<string>("--owner") { Description = "E-mail of the organization owner who creates (and owns) the workspace.", Required = true };
        var name = new Option<string>("--name") { Description = "The workspace's name (a brand or a client).", Required = true };
        var organization = new Option<string?>("--organization") { Description = "The organization's name, when the owner owns several." };
        var create = new Command("create", "Create a workspace in an organization.") { owner, name, organization };
        create.SetAction((result, cancellationToken) => CommandHost.RunAsync(result.InvocationConfiguration.Error, async services =>
        {
            var dataSource = services.GetRequiredService<NpgsqlDataSource>();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var userId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition("select id from users where lower(email) = lower(@email)",
                    new { email = result.GetValue(owner) }, cancellationToken: cancellationToken))
                ?? throw new InputException("owner", $"No account has the e-mail address '{result.GetValue(owner)}'.");
            var owned = (await services.GetRequiredService<Tenancy>().OrganizationsOfAsync(userId, cancellationToken)).Where(o => o.IsOwner).ToList();
            var orgName = result.GetValue(organization);
            var chosen = orgName is null ? owned : owned.Where(o => string.Equals(o.Name, orgName, StringComparison.OrdinalIgnoreCase)).ToList();
            if (chosen.Count != 1)
            {
                throw new InputException(orgName is null ? "owner" : "organization", chosen.Count == 0
                    ? "This person owns no such organization."
                    : $"This person owns several organizations ({string.Join(", ", owned.Select(o => o.Name))}); name one with --organization.");
            }
            var id = await services.GetRequiredService<Tenancy>().CreateWorkspaceAsync(new Actor(userId, null), chosen[0].Id, result.GetValue(name), cancellationToken);
            await result.InvocationConfiguration.Output.WriteLineAsync($"workspace {id}");
            return ChorusCommandLine.Ok;
        }));
        return new Command("workspace", "Manage workspaces.") { create };
    }
}
