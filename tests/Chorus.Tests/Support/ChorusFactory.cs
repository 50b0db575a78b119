using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Chorus.Platform;
using Chorus.Workspaces;
using Chorus.Platform.Accounts;
using Chorus.Testing;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chorus.Tests.Support;

/// <summary>The whole app over its own fresh database in a throw-away PostgreSQL cluster.</summary>
public partial class ChorusFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        _ = Services; // builds the host now, which applies the migrations
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Stops the app, then drops its database: a whole run creates hundreds, and CI's disk is not large.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ConnectionString.Length > 0) await TestPostgres.DropDatabaseAsync(ConnectionString);
        GC.SuppressFinalize(this);
    }

    protected virtual int LoginAttemptsPerMinute => 10_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("CHORUS_DATABASE", ConnectionString);
        // Feeds, sites and instances in the tests are served on 127.0.0.1.
        builder.UseSetting("Connectors:AllowLoopback", "true");
        // Every in-process request comes from the same (absent) address: tests sign in far more often than a person.
        builder.UseSetting("Security:LoginAttemptsPerMinute", LoginAttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseEnvironment("Testing");
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public sealed record Person(Guid UserId, string Email, string Password);

    public sealed record WorkspaceWithOwner(Guid WorkspaceId, Guid OrganizationId, Person Owner);

    public async Task<Person> CreateUserAsync(string? name = null)
    {
        var email = $"{Guid.NewGuid():N}@example.test";
        const string password = "correct horse battery";
        await using var connection = await Get<NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var id = await Get<UserAccounts>().CreateAsync(connection, transaction, email, name ?? "Person " + email[..6], password);
        await transaction.CommitAsync();
        return new Person(id, email, password);
    }

    /// <summary>A new organization with one workspace and its owner.</summary>
    public async Task<WorkspaceWithOwner> CreateWorkspaceAsync(string name = "Brand")
    {
        var owner = await CreateUserAsync();
        await using var connection = await Get<NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var orgId = await Get<Tenancy>().CreateOrganizationAsync(connection, transaction, "Org " + Guid.NewGuid().ToString("N")[..6], owner.UserId);
        await transaction.CommitAsync();
        var workspaceId = await Get<Tenancy>().CreateWorkspaceAsync(new Actor(owner.UserId, null), orgId, name + " " + Guid.NewGuid().ToString("N")[..6]);
        return new WorkspaceWithOwner(workspaceId, orgId, owner);
    }

    public async Task<WorkspaceContext> ContextAsync(Guid userId, Guid workspaceId) =>
        (await Get<WorkspaceAccess>().ResolveAsync(new Actor(userId, null), workspaceId))!;

    /// <summary>Adds a member with a role (through a real invitation) and returns them.</summary>
    public async Task<Person> AddMemberAsync(WorkspaceWithOwner workspace, WorkspaceRole role)
    {
        var person = await CreateUserAsync();
        var invitation = await Get<Invitations>().CreateAsync(await ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId), role, null);
        await Get<Invitations>().AcceptAsync(invitation.Token, person.UserId);
        return person;
    }

    public async Task<string> TokenAsync(Guid userId, Guid workspaceId, WorkspaceRole? role = null)
    {
        var context = await ContextAsync(userId, workspaceId);
        return (await Get<ApiTokens>().CreateAsync(context, "test", role ?? context.Role, null)).Secret;
    }

    public HttpClient Api(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<int> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Get<NpgsqlDataSource>().OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>(sql, parameters);
    }

    /// <summary>A browser-like client (cookies kept, redirects not followed) signed in through the login form.</summary>
    public async Task<HttpClient> SignedInAsync(Person person)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/login");
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = person.Email, ["password"] = person.Password, ["__RequestVerificationToken"] = Antiforgery(form),
        }));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in answered {(int)response.StatusCode}.");
        return client;
    }

    /// <summary>The antiforgery token of the (first) form in a page.</summary>
    public static string Antiforgery(string html) => AntiforgeryField().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
