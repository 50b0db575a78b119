using System.Net;
using Chorus.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Chorus.Tests.Platform;

/// <summary>The app with the default limit, in a class of its own so that no other test's sign-ins count.</summary>
public sealed class DefaultLoginLimitFactory : ChorusFactory
{
    protected override int LoginAttemptsPerMinute => 10;
}

public sealed class LoginRateLimitTests(DefaultLoginLimitFactory app) : IClassFixture<DefaultLoginLimitFactory>
{
    [Fact]
    public async Task LoginForm_MoreThanTenPostsAMinuteFromOneAddress_429()
    {
        await app.CreateUserAsync();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "x@y.test", ["password"] = "guess " + i }));
            statuses.Add(response.StatusCode);
        }

        statuses.Take(10).ShouldNotContain(HttpStatusCode.TooManyRequests);
        statuses.Skip(10).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);

        // A refused form gets a page in the person's language that says what to do, not an empty answer.
        using var refused = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "x@y.test", ["password"] = "again" }),
        };
        refused.Headers.AcceptLanguage.ParseAdd("fr-FR");
        using var page = await client.SendAsync(refused);
        page.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        page.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        var html = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        html.ShouldContain("Attendez une minute, puis réessayez.");
        html.ShouldContain("href=\"/login\"");
    }

    [Fact]
    public async Task LoginPage_ViewedMoreTimesThanTheLimit_NeverRefused()
    {
        await app.CreateUserAsync();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
        {
            using var response = await client.GetAsync("/login");
            statuses.Add(response.StatusCode);
        }

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK);
    }
}

/// <summary>The app with a small sign-in budget, in a class of its own so that no other test's posts count.</summary>
public sealed class SmallLoginLimitFactory : ChorusFactory
{
    protected override int LoginAttemptsPerMinute => 3;
}

public sealed class InvitationRateLimitTests(SmallLoginLimitFactory app) : IClassFixture<SmallLoginLimitFactory>
{
    [Fact]
    public async Task InvitationSignUp_MorePostsAMinuteThanTheSignInBudget_429()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var existing = await app.CreateUserAsync();
        var invitation = await app.Get<Chorus.Workspaces.Invitations>().CreateAsync(
            await app.ContextAsync(workspace.Owner.UserId, workspace.WorkspaceId), Chorus.Platform.Access.WorkspaceRole.Analyst, null);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.PostAsync($"/invite/{invitation.Token}?handler=Register", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["displayName"] = "Guess", ["email"] = existing.Email, ["password"] = "guess number " + i,
            }));
            statuses.Add(response.StatusCode);
        }

        statuses.Take(3).ShouldNotContain(HttpStatusCode.TooManyRequests);
        statuses.Skip(3).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
    }
}
