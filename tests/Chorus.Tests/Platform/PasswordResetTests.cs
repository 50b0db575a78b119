using System.Net;
using System.Text.RegularExpressions;
using Chorus.Platform.Accounts;
using Chorus.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Chorus.Tests.Platform;

/// <summary>"Forgot your password?" end to end, with the link read back from a real SMTP server on loopback.</summary>
public sealed partial class PasswordResetTests(MailChorusFactory app) : IClassFixture<MailChorusFactory>
{
    private const string NewPassword = "a new passphrase for autumn";

    [Fact]
    public async Task ForgotPassword_LinkByEmail_NewPasswordWorks_OldSessionsEnd_LinkWorksOnce()
    {
        var person = await app.CreateUserAsync();
        using var elsewhere = await app.SignedInAsync(person);
        (await elsewhere.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var browser = Anonymous();

        var login = await browser.GetStringAsync("/login");
        login.ShouldContain("href=\"/forgot-password\"");
        var answer = await RequestLinkAsync(browser, person.Email);
        answer.ShouldContain("If an account has this address, an e-mail with a link to choose a new password is on its way.");
        await app.RunDueJobsAsync();

        var mail = app.Smtp.MessagesTo(person.Email).ShouldHaveSingleItem();
        mail.Subject.ShouldBe("Choose a new Chorus password");
        var link = new Uri(ResetLink().Match(mail.TextBody!).Value);
        link.GetLeftPart(UriPartial.Path).ShouldBe(MailChorusFactory.PublicUrl + "/reset-password");
        (await app.CountAsync("select count(*) from password_resets where user_id = @id and mailed_at is not null", new { id = person.UserId })).ShouldBe(1);
        // Only the token's hash is kept.
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        (await app.CountAsync("select count(*) from password_resets where token_hash = sha256(convert_to(@token, 'UTF8')) and user_id = @id",
            new { token, id = person.UserId })).ShouldBe(1);

        var form = await browser.GetStringAsync(link.PathAndQuery);
        form.ShouldContain("name=\"newPassword\"");
        using var reset = await PostResetAsync(browser, form, token, NewPassword);

        reset.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        reset.Headers.Location!.OriginalString.ShouldBe("/login");
        (await elsewhere.GetAsync("/account")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await app.Get<UserAccounts>().SignInAsync(person.Email, person.Password)).ShouldBeOfType<SignInOutcome.Invalid>();
        (await app.Get<UserAccounts>().SignInAsync(person.Email, NewPassword)).ShouldBeOfType<SignInOutcome.Success>();

        // The same link a second time.
        var again = await browser.GetStringAsync(link.PathAndQuery);
        again.ShouldContain("This link does not work any more");
        again.ShouldNotContain("name=\"newPassword\"");
        using var replay = await PostResetAsync(browser, form, token, "yet another passphrase");
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.Content.ReadAsStringAsync()).ShouldContain("This link does not work any more");
        (await app.Get<UserAccounts>().SignInAsync(person.Email, NewPassword)).ShouldBeOfType<SignInOutcome.Success>();
    }

    [Fact]
    public async Task ForgotPassword_UnknownAddress_SameAnswer_NoEmail()
    {
        var person = await app.CreateUserAsync();
        using var browser = Anonymous();

        var known = Notice(await RequestLinkAsync(browser, person.Email));
        var unknown = Notice(await RequestLinkAsync(browser, "nobody-" + Guid.NewGuid().ToString("N")[..8] + "@example.test"));
        await app.RunDueJobsAsync();

        unknown.ShouldBe(known);
        unknown.ShouldNotBeEmpty();
        app.Smtp.Messages().Count(m => m.To.Mailboxes.Any(to => to.Address.StartsWith("nobody-", StringComparison.Ordinal))).ShouldBe(0);
        app.Smtp.MessagesTo(person.Email).Count.ShouldBe(1);
    }

    [Fact]
    public async Task ForgotPassword_AskedInFrench_AccountWithoutALanguage_EmailInFrench()
    {
        var person = await app.CreateUserAsync();
        using var browser = Anonymous();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr-FR");

        await RequestLinkAsync(browser, person.Email);
        await app.RunDueJobsAsync();

        var mail = app.Smtp.MessagesTo(person.Email).ShouldHaveSingleItem();
        mail.Subject.ShouldBe("Choisissez un nouveau mot de passe Chorus");
        mail.TextBody!.ShouldContain("Si vous n’avez rien demandé, ignorez cet e-mail\u00a0: votre mot de passe reste le même.");
    }

    [Fact]
    public async Task ResetLink_AfterAnHour_NoLongerWorks()
    {
        var person = await app.CreateUserAsync();
        using var browser = Anonymous();
        await RequestLinkAsync(browser, person.Email);
        await app.RunDueJobsAsync();
        var link = new Uri(ResetLink().Match(app.Smtp.MessagesTo(person.Email).Single().TextBody!).Value);
        var form = await browser.GetStringAsync(link.PathAndQuery);
        form.ShouldContain("name=\"newPassword\"");

        app.Clock.Advance(PasswordResets.Lifetime + TimeSpan.FromSeconds(1));
        using var late = await PostResetAsync(browser, form, Uri.UnescapeDataString(link.Query["?token=".Length..]), NewPassword);

        (await late.Content.ReadAsStringAsync()).ShouldContain("This link does not work any more");
        (await browser.GetStringAsync(link.PathAndQuery)).ShouldContain("This link does not work any more");
        (await app.Get<UserAccounts>().SignInAsync(person.Email, person.Password)).ShouldBeOfType<SignInOutcome.Success>();
    }

    [Fact]
    public async Task ForgotPassword_AskedMoreThanThreeTimesInAnHour_SendsThreeLinks_AnswersTheSame()
    {
        var person = await app.CreateUserAsync();
        using var browser = Anonymous();

        var answers = new List<string>();
        for (var i = 0; i < PasswordResets.MaxLinksPerHour + 2; i++) answers.Add(Notice(await RequestLinkAsync(browser, person.Email)));
        await app.RunDueJobsAsync();

        answers.Distinct().ShouldHaveSingleItem();
        app.Smtp.MessagesTo(person.Email).Count.ShouldBe(PasswordResets.MaxLinksPerHour);
    }

    [Fact]
    public async Task ResetPassword_NoToken_OrTooShortAPassword_Refused()
    {
        var person = await app.CreateUserAsync();
        using var browser = Anonymous();
        (await browser.GetStringAsync("/reset-password")).ShouldContain("This link does not work any more");
        (await browser.GetStringAsync("/reset-password?token=made-up")).ShouldContain("This link does not work any more");

        await RequestLinkAsync(browser, person.Email);
        await app.RunDueJobsAsync();
        var link = new Uri(ResetLink().Match(app.Smtp.MessagesTo(person.Email).Single().TextBody!).Value);
        var form = await browser.GetStringAsync(link.PathAndQuery);
        using var tooShort = await PostResetAsync(browser, form, Uri.UnescapeDataString(link.Query["?token=".Length..]), "short");

        tooShort.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tooShort.Content.ReadAsStringAsync()).ShouldContain("The password must have at least 10 characters.");
        (await app.CountAsync("select count(*) from password_resets where user_id = @id and used_at is null", new { id = person.UserId })).ShouldBe(1);
    }

    private HttpClient Anonymous() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<string> RequestLinkAsync(HttpClient browser, string email)
    {
        var page = await browser.GetStringAsync("/forgot-password");
        using var response = await browser.PostAsync("/forgot-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(page),
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> PostResetAsync(HttpClient browser, string form, string token, string password) =>
        browser.PostAsync("/reset-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["newPassword"] = password, ["__RequestVerificationToken"] = ChorusFactory.Antiforgery(form),
        }));

    /// <summary>The page's answer without the parts that differ per response (the antiforgery token).</summary>
    private static string Notice(string html) => MainElement().Match(html).Value;

    [GeneratedRegex(@"https://chorus\.example\.test/reset-password\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex ResetLink();

    [GeneratedRegex(@"<main[\s\S]*</main>")]
    private static partial Regex MainElement();
}

/// <summary>Without SMTP, the page says how an administrator resets a password.</summary>
public sealed class PasswordResetWithoutMailTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    [Fact]
    public async Task ForgotPassword_NoSmtpConfigured_SaysToAskAnAdministratorForTheCommand_AndSendsNothing()
    {
        var person = await app.CreateUserAsync();
        using var browser = app.CreateClient();

        var page = await browser.GetStringAsync("/forgot-password");
        await app.Get<PasswordResets>().RequestAsync(person.Email);

        page.ShouldContain("Ask an administrator of this Chorus server");
        page.ShouldContain("chorus user reset-password --email");
        page.ShouldNotContain("name=\"email\"");
        (await app.CountAsync("select count(*) from password_resets")).ShouldBe(0);
        (await app.CountAsync("select count(*) from jobs where kind = @kind", new { kind = PasswordResets.MailJobKind })).ShouldBe(0);
    }
}
