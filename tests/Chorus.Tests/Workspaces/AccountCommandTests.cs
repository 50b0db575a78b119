using Chorus.Tests.Support;
using Chorus.Testing;
using Dapper;
using Npgsql;

namespace Chorus.Tests.Workspaces;

public sealed class AccountCommandTests
{
    [Fact]
    public async Task UserAndWorkspaceCreate_ValidInput_Exit0AndRowsWritten()
    {
        var database = await TestPostgres.CreateDatabaseAsync();

        var user = await ChorusProcess.RunAsync(database, "a long enough password\n",
            "user", "create", "--email", "ana@agence.test", "--name", "Ana", "--password-stdin", "--organization", "Agence");
        var workspace = await ChorusProcess.RunAsync(database, null, "workspace", "create", "--owner", "ana@agence.test", "--name", "Marque");

        user.ExitCode.ShouldBe(0, user.Error);
        user.Output.ShouldContain("organization ");
        workspace.ExitCode.ShouldBe(0, workspace.Error);
        await using var connection = new NpgsqlConnection(database);
        (await connection.ExecuteScalarAsync<string>("select w.name from workspaces w join workspace_members m on m.workspace_id = w.id where m.role = 'Owner'")).ShouldBe("Marque");
        (await connection.ExecuteScalarAsync<int>("select count(*) from audit_log where action in ('organization.created', 'workspace.created')")).ShouldBe(2);
    }

    [Fact]
    public async Task UserCreate_ShortPassword_Exit2NamingTheFieldAndNothingWritten()
    {
        var database = await TestPostgres.CreateDatabaseAsync();

        var result = await ChorusProcess.RunAsync(database, null, "user", "create", "--email", "bo@agence.test", "--name", "Bo", "--password", "short", "--organization", "Org");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("password: The password must have at least 10 characters.");
        await using var connection = new NpgsqlConnection(database);
        (await connection.ExecuteScalarAsync<int>("select count(*) from users")).ShouldBe(0);
        (await connection.ExecuteScalarAsync<int>("select count(*) from organizations")).ShouldBe(0);
    }

    [Fact]
    public async Task UserResetPassword_KnownEmail_NewPasswordWorksOldDoesNot_UnknownEmailExit2()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await ChorusProcess.RunAsync(database, "the forgotten password\n", "user", "create", "--email", "ana@agence.test", "--name", "Ana", "--password-stdin");
        await using var connection = new NpgsqlConnection(database);
        var before = await connection.ExecuteScalarAsync<string>("select password_hash from users");
        await connection.ExecuteAsync("insert into sessions (id, user_id, created_at, last_seen_at) select gen_random_uuid(), id, now(), now() from users");

        var reset = await ChorusProcess.RunAsync(database, "a brand new password\n", "user", "reset-password", "--email", "ANA@agence.test", "--password-stdin");
        var unknown = await ChorusProcess.RunAsync(database, "a brand new password\n", "user", "reset-password", "--email", "nobody@agence.test", "--password-stdin");
        var tooShort = await ChorusProcess.RunAsync(database, "short\n", "user", "reset-password", "--email", "ana@agence.test", "--password-stdin");

        reset.ExitCode.ShouldBe(0, reset.Error);
        var after = await connection.QuerySingleAsync<(string Hash, int Sessions)>("select password_hash as hash, (select count(*)::int from sessions) as sessions from users");
        after.Hash.ShouldNotBe(before);
        after.Sessions.ShouldBe(0);
        var hasher = new Microsoft.AspNetCore.Identity.PasswordHasher<object>();
        hasher.VerifyHashedPassword(null!, after.Hash, "a brand new password").ShouldNotBe(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed);
        hasher.VerifyHashedPassword(null!, after.Hash, "the forgotten password").ShouldBe(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed);
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldContain("email: No account has the e-mail address 'nobody@agence.test'.");
        tooShort.ExitCode.ShouldBe(2);
        tooShort.Error.ShouldContain("password: The password must have at least 10 characters.");
    }

    [Fact]
    public async Task WorkspaceCreate_UnknownOwner_Exit2()
    {
        var database = await TestPostgres.CreateDatabaseAsync();

        var result = await ChorusProcess.RunAsync(database, null, "workspace", "create", "--owner", "nobody@agence.test", "--name", "X");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("owner: No account has the e-mail address 'nobody@agence.test'.");
    }

    [Fact]
    public async Task Command_MissingRequiredOptionOrUnknownCommand_Exit2WithUsageHint()
    {
        var missing = await ChorusProcess.RunAsync(null, null, "user", "create", "--email", "x@y.test");
        var unknown = await ChorusProcess.RunAsync(null, null, "frobnicate");

        missing.ExitCode.ShouldBe(2);
        missing.Error.ShouldContain("--name");
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldContain("chorus --help");
    }

    [Fact]
    public async Task Help_EveryCommand_Exit0AndDescribesIt()
    {
        foreach (var command in new[] { new[] { "--help" }, ["migrate", "--help"], ["user", "create", "--help"], ["workspace", "create", "--help"], ["serve", "--help"] })
        {
            var result = await ChorusProcess.RunAsync(null, null, command);

            result.ExitCode.ShouldBe(0, string.Join(' ', command) + ": " + result.Error);
            result.Output.ShouldContain("Usage:");
        }
    }

    [Fact]
    public async Task Migrate_EmptyDatabase_Exit0AndUpToDate()
    {
        var database = await TestPostgres.CreateDatabaseAsync();

        var result = await ChorusProcess.RunAsync(database, null, "migrate");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.ShouldContain("up to date: True");
    }
}
