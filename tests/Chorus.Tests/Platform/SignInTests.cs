using System.Net;
using System.Text.RegularExpressions;
using Chorus.Platform.Accounts;
using Chorus.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Chorus.Tests.Platform;

public sealed partial class SignInTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    [Fact]
    public async Task SignInAsync_FiveWrongPasswords_LockedEvenWithTheRightOne()
    {
        var person = await app.CreateUserAsync();
        var accounts = app.Get<UserAccounts>();

        for (var i = 0; i < UserAccounts.MaxFailedLogins - 1; i++) (await accounts.SignInAsync(person.Email, "wrong password")).ShouldBeOfType<SignInOutcome.Invalid>();
        (await accounts.SignInAsync(person.Email, "wrong password")).ShouldBeOfType<SignInOutcome.LockedOut>();

        (await accounts.SignInAsync(person.Email, person.Password)).ShouldBeOfType<SignInOutcome.LockedOut>();
    }

    [Fact]
    public async Task LoginForm_RightPassword_SessionCookieHttpOnlyAndSameSite()
    {
        var person = await app.CreateUserAsync();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/login");

        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = person.Email, ["password"] = person.Password, ["__RequestVerificationToken"] = Antiforgery(form),
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("chorus.session=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly");
        cookie.ShouldContain("samesite=lax");
    }

    [Fact]
    public async Task LoginForm_WithoutAntiforgeryToken_Refused()
    {
        var person = await app.CreateUserAsync();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = person.Email, ["password"] = person.Password,
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // The refusal page may carry its own forms' antiforgery cookie, never a session.
        (response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []).ShouldNotContain(cookie => cookie.StartsWith("chorus.session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WorkspacePage_NotAMember_404_NotSignedIn_RedirectToLogin()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var stranger = await app.CreateUserAsync();
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/login");
        await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = stranger.Email, ["password"] = stranger.Password, ["__RequestVerificationToken"] = Antiforgery(form),
        }));

        (await anonymous.GetAsync($"/w/{workspace.WorkspaceId}/members")).Headers.Location!.ToString().ShouldContain("/login");
        (await client.GetAsync($"/w/{workspace.WorkspaceId}/members")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task LoginForm_LockedAccount_SameAnswerAsAnAddressWithNoAccount()
    {
        var person = await app.CreateUserAsync();
        for (var i = 0; i < UserAccounts.MaxFailedLogins; i++) await app.Get<UserAccounts>().SignInAsync(person.Email, "wrong password");

        var locked = await LoginErrorAsync(person.Email, person.Password);
        var unknown = await LoginErrorAsync($"{Guid.NewGuid():N}@example.test", person.Password);

        locked.ShouldBe(unknown);
        locked.ShouldContain("not right");
    }

    [Fact]
    public async Task LoginForm_EveryFailedAttemptUpToAndPastTheLockout_SamePageForAnAccountAndForNoAccount()
    {
        var person = await app.CreateUserAsync();
        var unknown = $"{Guid.NewGuid():N}@example.test";

        for (var attempt = 1; attempt <= UserAccounts.MaxFailedLogins + 2; attempt++)
        {
            var forAccount = MainOf(await LoginPageAsync(person.Email, "wrong password " + attempt)).Replace(person.Email, "EMAIL", StringComparison.Ordinal);
            var forNoAccount = MainOf(await LoginPageAsync(unknown, "wrong password " + attempt)).Replace(unknown, "EMAIL", StringComparison.Ordinal);
            forAccount.ShouldBe(forNoAccount, $"attempt {attempt}");
        }
        (await app.Get<UserAccounts>().SignInAsync(person.Email, person.Password)).ShouldBeOfType<SignInOutcome.LockedOut>();
    }

    [Theory]
    [InlineData("/w\u0001x")]
    [InlineData("/\t/evil.example")]
    [InlineData("/a\r\nSet-Cookie: x=1")]
    public async Task ReturnUrl_WithAControlCharacter_RedirectsHomeNot500(string escaped)
    {
        var returnUrl = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var person = await app.CreateUserAsync();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/login");

        using var login = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = person.Email, ["password"] = person.Password, ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = Antiforgery(form),
        }));
        var home = await client.GetStringAsync("/");
        using var culture = await client.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["culture"] = "fr", ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = Antiforgery(home),
        }));

        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        login.Headers.Location!.ToString().ShouldBe("/");
        culture.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        culture.Headers.Location!.ToString().ShouldBe("/");
    }

    [Fact]
    public void SafeReturnUrl_LettersOutsideAscii_PercentEncoded() =>
        Chorus.Platform.Shell.Sessions.SafeReturnUrl("/w/café").ShouldBe("/w/caf%C3%A9");

    private async Task<string> LoginErrorAsync(string email, string password)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/login");
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = Antiforgery(form),
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return ErrorsOf(await response.Content.ReadAsStringAsync());
    }

    private async Task<string> LoginPageAsync(string email, string password)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/login");
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = Antiforgery(form),
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The page's main content, without what differs between any two answers (the antiforgery tokens).</summary>
    internal static string MainOf(string html)
    {
        var main = Regex.Match(html, "<main.*</main>", RegexOptions.Singleline);
        main.Success.ShouldBeTrue("the page has no main");
        return Regex.Replace(main.Value, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "");
    }

    /// <summary>The text of the page's error summary.</summary>
    internal static string ErrorsOf(string html)
    {
        var summary = ErrorSummary().Match(html);
        summary.Success.ShouldBeTrue("the page shows no error");
        return Regex.Replace(summary.Value, "<[^>]+>", " ").Trim();
    }

    [GeneratedRegex("<[^>]*class=\"[^\"]*errors[^\"]*\"[^>]*>.*?</(div|ul|section)>", RegexOptions.Singleline)]
    private static partial Regex ErrorSummary();

    private static string Antiforgery(string html) => ChorusFactory.Antiforgery(html);
}
