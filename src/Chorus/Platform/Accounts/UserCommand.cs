using System.CommandLine;
using Chorus.Workspaces;
using Chorus.Platform.Audit;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chorus.Platform.Accounts;

public static class UserCommand
{
    public static Command Create()
    {
        var email = new Option<string>("--email") { Description = "The person's e-mail address (their login).", Required = true };
        var name = new Option<string>("--name") { Description = "The name shown to others.", Required = true };
        var password = new Option<string?>("--password") { Description = "The password (at least 10 characters); prefer --password-stdin." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." };
        var organization = new Option<string?>("--organization") { Description = "Also create an organization of this name, owned by the new user." };
        var language = new Option<string?>("--language") { Description = "Preferred language: en or fr." };
        var create = new Command("create", "Create an account (and optionally an organization it owns).") { email, name, password, passwordStdin, organization, language };
        create.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var secret = result.GetValue(passwordStdin) ? await Console.In.ReadLineAsync(cancellationToken) : result.GetValue(password);
            if (result.GetValue(passwordStdin) && result.GetValue(password) is not null)
            {
                await error.WriteLineAsync("password: give --password or --password-stdin, not both.");
                return ChorusCommandLine.BadInput;
            }
            return await CommandHost.RunAsync(error, async services =>
            {
                var dataSource = services.GetRequiredService<NpgsqlDataSource>();
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var userId = await services.GetRequiredService<UserAccounts>().CreateAsync(connection, transaction, result.GetValue(email), result.GetValue(name), secret, result.GetValue(language), cancellationToken);
                var actor = new Actor(userId, null);
                Guid? organizationId = null;
                if (result.GetValue(organization) is { } orgName)
                {
                    organizationId = await services.GetRequiredService<Tenancy>().CreateOrganizationAsync(connection, transaction, Input.Required("organization", orgName, Tenancy.NameMaxLength), userId, cancellationToken);
                    await services.GetRequiredService<AuditLog>().WriteAsync(connection, transaction, actor, organizationId, null, "organization.created", "organization", organizationId.ToString(), new { name = orgName }, cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                await output.WriteLineAsync(organizationId is null ? $"user {userId}" : $"user {userId}\norganization {organizationId}");
                return ChorusCommandLine.Ok;
            });
        });
        var resetEmail = new Option<string>("--email") { Description = "The person's e-mail address (their login).", Required = true };
        var resetStdin = new Option<bool>("--password-stdin") { Description = "Read the new password from the first line of standard input.", Required = true };
        var reset = new Command("reset-password", "Set a new password for someone who forgot theirs; their sessions end.") { resetEmail, resetStdin };
        reset.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            var secret = await Console.In.ReadLineAsync(cancellationToken);
            return await CommandHost.RunAsync(error, async services =>
            {
                if (!await services.GetRequiredService<UserAccounts>().ResetPasswordAsync(result.GetValue(resetEmail), secret, cancellationToken))
                    throw new InputException("email", $"No account has the e-mail address '{result.GetValue(resetEmail)?.Trim()}'.");
                await output.WriteLineAsync("password reset; the person's sessions are ended");
                return ChorusCommandLine.Ok;
            });
        });
        return new Command("user", "Manage accounts.") { create, reset };
    }
}
