using System.Net;
using System.Text.RegularExpressions;
using Chorus.Channels;
using Chorus.Platform.Accounts;
using Chorus.Tests.Platform;
using Chorus.Tests.Support;
using Chorus.Workspaces;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Chorus.Tests.Workspaces;

/// <summary>The app reached at a configured public address, in a class of its own.</summary>
public sealed class PublicUrlFactory : ChorusFactory
{
    public const string PublicUrl = "https://chorus.example.org/";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("CHORUS_PUBLIC_URL", PublicUrl);
    }
}

public sealed partial class InvitationPageTests(PublicUrlFactory app) : IClassFixture<PublicUrlFactory>
{
    [Fact]
    public async Task InvitationLink_ForgedHostHeader_LinkIsOnThePublicAddress()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var owner = await app.SignedInAsync(workspace.Owner);
        var page = await owner.GetStringAsync($"/w/{workspace.WorkspaceId}/invitations");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/w/{workspace.WorkspaceId}/invitations")
        {
            Content = Form(("role", "Analyst"), ("note", ""), ("__RequestVerificationToken", ChorusFactory.Antiforgery(page))),
        };
        request.Headers.Host = "attacker.example";

        using var response = await owner.SendAsync(request);

        var html = await response.Content.ReadAsStringAsync();
        var link = WebUtility.HtmlDecode(InvitationLink().Match(html).Groups[1].Value);
        link.ShouldStartWith(PublicUrlFactory.PublicUrl + "invite/");
        html.ShouldNotContain("attacker.example");
    }

    [Fact]
    public void MastodonCallback_OnThePublicAddress()
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = app.Services };
        http.Request.Host = new Microsoft.AspNetCore.Http.HostString("attacker.example");

        ChannelsApi.RedirectUri(http.Request, "mastodon").AbsoluteUri.ShouldBe(PublicUrlFactory.PublicUrl + "channels/mastodon/callback");
    }

    [Theory]
    [InlineData("Owner, Admin")]
    [InlineData("Admin,Owner")]
    [InlineData("1")]
    [InlineData("")]
    public async Task InvitationForm_RoleThatIsNotOneRole_ErrorNamingTheFieldAndNoInvitation(string role)
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var owner = await app.SignedInAsync(workspace.Owner);
        var page = await owner.GetStringAsync($"/w/{workspace.WorkspaceId}/invitations");

        using var response = await owner.PostAsync($"/w/{workspace.WorkspaceId}/invitations",
            Form(("role", role), ("note", ""), ("__RequestVerificationToken", ChorusFactory.Antiforgery(page))));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        SignInTests.ErrorsOf(await response.Content.ReadAsStringAsync()).ShouldContain("is not a role");
        (await app.CountAsync("select count(*) from invitations where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }

    [Theory]
    [InlineData("Owner, Admin")]
    [InlineData("Analyst | Owner")]
    [InlineData("0")]
    [InlineData(" Admin")]
    [InlineData(null)]
    public void ParseRole_NotExactlyOneRoleName_RefusedNamingTheField(string? role) =>
        Should.Throw<InputException>(() => WorkspaceRoles.Parse("role", role)).Field.ShouldBe("role");

    [Fact]
    public void ParseRole_AnyLetterCase_TheRole() => WorkspaceRoles.Parse("role", "communitymanager").ShouldBe(WorkspaceRole.CommunityManager);

    [Fact]
    public async Task SignUpByInvitation_AddressThatHasAnAccount_SameAnswerAsAFailedSignIn_RightPasswordJoins()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var existing = await app.CreateUserAsync();
        var invitation = await app.Get<Invitations>().CreateAsync(await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId), WorkspaceRole.Analyst, null);
        using var stranger = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await stranger.GetStringAsync($"/invite/{invitation.Token}");

        using var wrong = await stranger.PostAsync($"/invite/{invitation.Token}?handler=Register",
            Form(("displayName", "Someone"), ("email", existing.Email), ("password", "not their password"), ("__RequestVerificationToken", ChorusFactory.Antiforgery(page))));
        var answer = SignInTests.ErrorsOf(await wrong.Content.ReadAsStringAsync());
        using var right = await stranger.PostAsync($"/invite/{invitation.Token}?handler=Register",
            Form(("displayName", "Someone"), ("email", existing.Email), ("password", existing.Password), ("__RequestVerificationToken", ChorusFactory.Antiforgery(page))));

        answer.ShouldNotContain("already exists");
        answer.ShouldContain(UserAccounts.SignInFailedMessage);
        right.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        right.Headers.Location!.ToString().ShouldBe($"/w/{workspace.WorkspaceId}");
        (await app.CountAsync("select count(*) from workspace_members where workspace_id = @w and user_id = @u", new { w = workspace.WorkspaceId, u = existing.UserId })).ShouldBe(1);
        (await app.CountAsync("select count(*) from users where lower(email) = lower(@e)", new { e = existing.Email })).ShouldBe(1);
    }

    [Theory]
    [InlineData("", "short")]
    [InlineData("Someone", "short")]
    [InlineData("", "a long enough password")]
    public async Task SignUpByInvitation_SameWrongTyping_SameAnswerWhetherTheAddressHasAnAccountOrNot(string displayName, string password)
    {
        var workspace = await app.CreateWorkspaceAsync();
        var existing = await app.CreateUserAsync();
        var unknown = $"{Guid.NewGuid():N}@example.test";
        var invitation = await app.Get<Invitations>().CreateAsync(await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId), WorkspaceRole.Analyst, null);

        var forAccount = await RegisterAsync(invitation.Token, displayName, existing.Email, password);
        var forNoAccount = await RegisterAsync(invitation.Token, displayName, unknown, password);

        forAccount.StatusCode.ShouldBe(HttpStatusCode.OK);
        forNoAccount.StatusCode.ShouldBe(HttpStatusCode.OK);
        SignInTests.MainOf(forAccount.Html).Replace(existing.Email, "EMAIL", StringComparison.Ordinal)
            .ShouldBe(SignInTests.MainOf(forNoAccount.Html).Replace(unknown, "EMAIL", StringComparison.Ordinal));
        SignInTests.ErrorsOf(forAccount.Html).ShouldNotContain(UserAccounts.SignInFailedMessage);
        // The account was not even asked: no failed attempt counted against it, no account made for the other address.
        (await app.CountAsync("select failed_logins from users where id = @id", new { id = existing.UserId })).ShouldBe(0);
        (await app.CountAsync("select count(*) from users where email = @unknown", new { unknown })).ShouldBe(0);
    }

    [Fact]
    public async Task SignUpByInvitation_AfterTheLinkWasUsed_SameAnswerForAnAccountAndForNoAccount()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var existing = await app.CreateUserAsync();
        var unknown = $"{Guid.NewGuid():N}@example.test";
        var invitation = await app.Get<Invitations>().CreateAsync(await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId), WorkspaceRole.Analyst, null);
        var joined = await RegisterAsync(invitation.Token, "First", $"{Guid.NewGuid():N}@example.test", "a long enough password");
        joined.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var forAccount = await RegisterAsync(invitation.Token, "Someone", existing.Email, existing.Password);
        var forNoAccount = await RegisterAsync(invitation.Token, "Someone", unknown, existing.Password);

        SignInTests.MainOf(forAccount.Html).Replace(existing.Email, "EMAIL", StringComparison.Ordinal)
            .ShouldBe(SignInTests.MainOf(forNoAccount.Html).Replace(unknown, "EMAIL", StringComparison.Ordinal));
        forAccount.Html.ShouldContain("not valid any more");
        (await app.CountAsync("select count(*) from users where email = @unknown", new { unknown })).ShouldBe(0);
        (await app.CountAsync("select count(*) from workspace_members where workspace_id = @w and user_id = @u", new { w = workspace.WorkspaceId, u = existing.UserId })).ShouldBe(0);
    }

    private async Task<(HttpStatusCode StatusCode, string Html)> RegisterAsync(string token, string displayName, string email, string password)
    {
        using var stranger = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await stranger.GetStringAsync("/login");
        using var response = await stranger.PostAsync($"/invite/{token}?handler=Register",
            Form(("displayName", displayName), ("email", email), ("password", password), ("__RequestVerificationToken", ChorusFactory.Antiforgery(page))));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [GeneratedRegex("id=\"invitation-link\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex InvitationLink();
}
