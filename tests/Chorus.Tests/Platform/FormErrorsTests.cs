using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Chorus.Channels;
using Chorus.Platform.Accounts;
using Chorus.Tests.Support;
using Chorus.Workspaces;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Chorus.Tests.Platform;

/// <summary>
/// A form posted with several wrong fields comes back with every error at once, each beside its field (described by
/// it, marked invalid) and linked from the summary at the top, with what was typed kept (passwords never); its inputs
/// carry the limits the server checks.
/// </summary>
public sealed partial class FormErrorsTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    private const string TypedPassword = "short";

    [Fact]
    public async Task SetupForm_FourWrongFields_EveryErrorAtOnce_TypedValuesKept_PasswordNot()
    {
        await app.CreateUserAsync();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var tooLong = new string('x', Tenancy.NameMaxLength + 1);

        var html = await PostAsync(client, "/login", "/setup",
            ("organizationName", " "), ("workspaceName", tooLong), ("displayName", "Ana Lima"), ("email", "ana@"), ("password", TypedPassword));

        ShouldShowErrorsOf(html, "organizationName", "workspaceName", "email", "password");
        ShouldNotShowErrorOf(html, "displayName");
        ValueOf(html, "workspaceName").ShouldBe(tooLong);
        ValueOf(html, "displayName").ShouldBe("Ana Lima");
        ValueOf(html, "email").ShouldBe("ana@");
        InputOf(html, "password").ShouldNotContain("value=");
        html.ShouldNotContain(TypedPassword + "\"");
    }

    [Fact]
    public async Task SetUpAsync_EveryWrongField_OneExceptionNamingThemInTheFormsOrder()
    {
        var refused = await Should.ThrowAsync<InputException>(() => app.Get<Tenancy>().SetUpAsync("", "", "", "not an address", "short"));

        refused.Errors.Select(error => error.Field).ShouldBe(["organizationName", "workspaceName", "displayName", "email", "password"]);
    }

    [Fact]
    public async Task InvitationSignUp_ThreeWrongFields_EveryErrorAtOnce_TypedValuesKept()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var invitation = await app.Get<Invitations>().CreateAsync(await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId), WorkspaceRole.Analyst, null);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var tooLong = new string('n', UserAccounts.DisplayNameMaxLength + 1);

        var html = await PostAsync(client, $"/invite/{invitation.Token}", $"/invite/{invitation.Token}?handler=Register",
            ("displayName", tooLong), ("email", "someone at example.test"), ("password", TypedPassword));

        ShouldShowErrorsOf(html, "displayName", "email", "password");
        ValueOf(html, "displayName").ShouldBe(tooLong);
        ValueOf(html, "email").ShouldBe("someone at example.test");
        html.ShouldNotContain(TypedPassword + "\"");
        (await app.CountAsync("select count(*) from users where email = 'someone at example.test'")).ShouldBe(0);
    }

    [Fact]
    public async Task PasswordChange_WrongCurrentAndShortNew_BothErrors()
    {
        var person = await app.CreateUserAsync();
        using var client = await app.SignedInAsync(person);

        var html = await PostAsync(client, "/account", "/account", ("currentPassword", "not the password"), ("newPassword", TypedPassword));

        ShouldShowErrorsOf(html, "currentPassword", "newPassword");
        InputOf(html, "currentPassword").ShouldNotContain("value=");
        InputOf(html, "newPassword").ShouldNotContain("value=");
    }

    [Fact]
    public async Task TokenForm_NameRoleAndLifetimeWrong_ThreeErrors_TypedValuesKept_NoToken()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var client = await app.SignedInAsync(workspace.Owner);
        var path = $"/w/{workspace.WorkspaceId}/tokens";
        var tooLong = new string('t', ApiTokens.NameMaxLength + 1);

        var html = await PostAsync(client, path, path, ("name", tooLong), ("role", "Owner, Admin"), ("expiresInDays", "ninety"));

        ShouldShowErrorsOf(html, "name", "role", "expiresInDays");
        ValueOf(html, "name").ShouldBe(tooLong);
        ValueOf(html, "expiresInDays").ShouldBe("ninety");
        (await app.CountAsync("select count(*) from api_tokens where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }

    [Fact]
    public async Task TokenForm_LifetimeOutOfRangeAndNoName_BothErrors_RoleChosenKept()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var client = await app.SignedInAsync(workspace.Owner);
        var path = $"/w/{workspace.WorkspaceId}/tokens";

        var html = await PostAsync(client, path, path, ("name", ""), ("role", "Admin"), ("expiresInDays", (ApiTokens.MaxLifetimeDays + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        ShouldShowErrorsOf(html, "name", "expiresInDays");
        html.ShouldMatch("<option value=\"Admin\" selected=\"selected\">");
    }

    [Fact]
    public async Task ConnectForm_NameTooLongAndNoAddress_BothErrors_NameKept()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var client = await app.SignedInAsync(workspace.Owner);
        var path = $"/w/{workspace.WorkspaceId}/channels/connect/feed";
        var tooLong = new string('c', ChannelService.NameMaxLength + 1);

        var html = await PostAsync(client, path, path, ("name", tooLong), ("url", ""));

        ShouldShowErrorsOf(html, "name", "url");
        ValueOf(html, "name").ShouldBe(tooLong);
    }

    [Fact]
    public async Task RenameForm_NameTooLong_TypedNameKept()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var client = await app.SignedInAsync(workspace.Owner);
        var path = $"/w/{workspace.WorkspaceId}/settings";
        var tooLong = new string('w', Tenancy.NameMaxLength + 1);

        var html = await PostAsync(client, path, path + "?handler=Rename", ("name", tooLong));

        ShouldShowErrorsOf(html, "name");
        ValueOf(html, "name").ShouldBe(tooLong);
    }

    [Fact]
    public async Task ConnectApi_NameTooLongAndNoAddress_OneProblemNamingBothFields()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var response = await api.PostAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/channels",
            new { network = "feed", name = new string('c', ChannelService.NameMaxLength + 1), url = "" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(field => field.Name).ShouldBe(["name", "url"], ignoreOrder: true);
    }

    [Fact]
    public async Task ChannelRenameInItsRow_NameTooLong_ErrorBesideThatRowsInput_TypedNameKept()
    {
        await using var feeds = await Chorus.Tests.Channels.NetworkStubs.FeedServerAsync();
        var workspace = await app.CreateWorkspaceAsync();
        var channel = (await app.Get<ChannelConnections>().ConnectAsync(await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId),
            new ConnectRequest("feed", "Brand news", new Uri(feeds.BaseUrl, "feed.xml").AbsoluteUri))).Channel!;
        using var client = await app.SignedInAsync(workspace.Owner);
        var path = $"/w/{workspace.WorkspaceId}/channels";
        var tooLong = new string('r', ChannelService.NameMaxLength + 1);

        var html = await PostAsync(client, path, path + "?handler=Rename", ("channelId", channel.Id.ToString()), ("name", tooLong));

        ShouldShowErrorsOf(html, $"name-{channel.Id}");
        ValueOf(html, $"name-{channel.Id}").ShouldBe(tooLong);
    }

    [Fact]
    public async Task Forms_CarryTheServersLimits()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var invitation = await app.Get<Invitations>().CreateAsync(await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId), WorkspaceRole.Analyst, null);
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var owner = await app.SignedInAsync(workspace.Owner);

        var invite = await anonymous.GetStringAsync($"/invite/{invitation.Token}");
        var tokens = await owner.GetStringAsync($"/w/{workspace.WorkspaceId}/tokens");
        var home = await owner.GetStringAsync("/");
        var connect = await owner.GetStringAsync($"/w/{workspace.WorkspaceId}/channels/connect/feed");

        InputOf(invite, "displayName").ShouldContain($"maxlength=\"{UserAccounts.DisplayNameMaxLength}\"");
        InputOf(invite, "email").ShouldContain("type=\"email\"");
        InputOf(invite, "email").ShouldContain($"maxlength=\"{UserAccounts.EmailMaxLength}\"");
        InputOf(invite, "password").ShouldContain($"minlength=\"{UserAccounts.MinPasswordLength}\"");
        InputOf(invite, "password").ShouldContain($"maxlength=\"{UserAccounts.MaxPasswordLength}\"");
        InputOf(invite, "password").ShouldContain("required=\"required\"");
        InputOf(tokens, "name").ShouldContain($"maxlength=\"{ApiTokens.NameMaxLength}\"");
        InputOf(tokens, "expiresInDays").ShouldContain($"max=\"{ApiTokens.MaxLifetimeDays}\"");
        InputOf(tokens, "expiresInDays").ShouldContain("min=\"1\"");
        InputOf(home, "name").ShouldContain($"maxlength=\"{Tenancy.NameMaxLength}\"");
        InputOf(connect, "name").ShouldContain($"maxlength=\"{ChannelService.NameMaxLength}\"");
        InputOf(connect, "name").ShouldNotContain("required");
    }

    /// <summary>Gets the form's page for its antiforgery token, posts the fields, and returns the page that came back.</summary>
    private static async Task<string> PostAsync(HttpClient client, string formPage, string action, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(formPage);
        using var response = await client.PostAsync(action, new FormUrlEncodedContent(
            fields.Append(("__RequestVerificationToken", ChorusFactory.Antiforgery(page))).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Each field: marked invalid, described by its error shown beside it, and linked from the summary.</summary>
    private static void ShouldShowErrorsOf(string html, params string[] fields)
    {
        var summary = SignInTests.ErrorsOf(html);
        summary.ShouldNotBeEmpty();
        foreach (var field in fields)
        {
            var input = InputOf(html, field);
            input.ShouldContain("aria-invalid=\"true\"", customMessage: $"{field} is not marked invalid");
            input.ShouldMatch($"aria-describedby=\"[^\"]*{field}-error", $"{field} is not described by its error");
            html.ShouldMatch($"<p class=\"field-error\" id=\"{field}-error\">[^<]+</p>", $"{field} has no error beside it");
            html.ShouldContain($"<a href=\"#{field}\">", customMessage: $"the summary does not link to {field}");
        }
    }

    private static void ShouldNotShowErrorOf(string html, string field)
    {
        InputOf(html, field).ShouldContain("aria-invalid=\"false\"");
        html.ShouldNotContain($"id=\"{field}-error\"");
    }

    /// <summary>The tag of the input or select whose id is <paramref name="id"/>.</summary>
    private static string InputOf(string html, string id)
    {
        var tag = Regex.Match(html, $"<(input|select)[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>");
        tag.Success.ShouldBeTrue($"no input {id}");
        return tag.Value;
    }

    private static string? ValueOf(string html, string id) =>
        ValueAttribute().Match(InputOf(html, id)) is { Success: true } value ? WebUtility.HtmlDecode(value.Groups[1].Value) : null;

    [GeneratedRegex("\\bvalue=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
