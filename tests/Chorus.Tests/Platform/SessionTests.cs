using System.Net;
using Chorus.Tests.Support;
using Chorus.Workspaces;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Chorus.Tests.Platform;

/// <summary>A session ends everywhere when it should: a copy of the cookie (another tab, a stolen copy) stops working too.</summary>
public sealed class SessionTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    [Fact]
    public async Task Logout_ACopyOfTheCookie_NoLongerSignedIn()
    {
        var person = await app.CreateUserAsync();
        var (browser, cookie) = await SignInAsync(person);
        (await HomeStatusAsync(cookie)).ShouldBe(HttpStatusCode.OK);

        var home = await browser.GetStringAsync("/");
        using var logout = await browser.PostAsync("/logout", Form(("__RequestVerificationToken", ChorusFactory.Antiforgery(home))));

        logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await HomeStatusAsync(cookie)).ShouldBe(HttpStatusCode.Redirect);
        (await app.CountAsync("select count(*) from sessions where user_id = @id", new { id = person.UserId })).ShouldBe(0);
    }

    [Fact]
    public async Task PasswordChange_EndsTheOtherSessions_ThisBrowserStaysSignedIn()
    {
        var person = await app.CreateUserAsync();
        var (_, elsewhere) = await SignInAsync(person);
        var (browser, _) = await SignInAsync(person);

        var account = await browser.GetStringAsync("/account");
        using var change = await browser.PostAsync("/account", Form(
            ("currentPassword", person.Password), ("newPassword", "a brand new passphrase"), ("__RequestVerificationToken", ChorusFactory.Antiforgery(account))));

        change.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await HomeStatusAsync(elsewhere)).ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RemovedFromTheOrganization_SignedOutEverywhere()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var member = await app.AddMemberAsync(workspace, WorkspaceRole.Moderator);
        var (_, cookie) = await SignInAsync(member);
        (await HomeStatusAsync(cookie)).ShouldBe(HttpStatusCode.OK);

        (await app.Get<Members>().RemoveAsync(await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId), member.UserId)).ShouldBeTrue();

        (await HomeStatusAsync(cookie)).ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task RemovedFromOneWorkspace_StillInAnotherOfTheOrganization_StaysSignedIn()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var member = await app.AddMemberAsync(workspace, WorkspaceRole.Moderator);
        var second = await app.Get<Tenancy>().CreateWorkspaceAsync(new Actor(workspace.Owner.UserId, null), workspace.OrganizationId, "Second " + Guid.NewGuid().ToString("N")[..6]);
        var invitation = await app.Get<Invitations>().CreateAsync(await app.ContextAsync(workspace.Owner.UserId, second), WorkspaceRole.Analyst, null);
        await app.Get<Invitations>().AcceptAsync(invitation.Token, member.UserId);
        var (_, cookie) = await SignInAsync(member);

        (await app.Get<Members>().RemoveAsync(await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId), member.UserId)).ShouldBeTrue();

        (await HomeStatusAsync(cookie)).ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Signs in through the form; returns the browser and its session cookie ("name=value").</summary>
    private async Task<(HttpClient Browser, string Cookie)> SignInAsync(ChorusFactory.Person person)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await browser.GetStringAsync("/login");
        using var response = await browser.PostAsync("/login", Form(("email", person.Email), ("password", person.Password), ("__RequestVerificationToken", ChorusFactory.Antiforgery(form))));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("chorus.session=", StringComparison.Ordinal)).Split(';')[0];
        return (browser, cookie);
    }

    /// <summary>The home page requested with only this cookie: 200 when it signs someone in, a redirect to sign-in otherwise.</summary>
    private async Task<HttpStatusCode> HomeStatusAsync(string cookie)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Redirect) response.Headers.Location!.ToString().ShouldContain("/login");
        return response.StatusCode;
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
}
