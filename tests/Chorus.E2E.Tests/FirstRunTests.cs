using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Chorus.E2E.Tests;

public sealed class FirstRunTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task FirstRun_SetupLoginCreateWorkspaceInviteFrenchLogout_WorksInARealBrowser()
    {
        var page = await app.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.Response += (_, response) => { if (response.Status >= 400 && response.Status != 400) errors.Add($"{response.Status} {response.Url}"); };

        // A new install leads to the setup page.
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/setup$"));
        await page.GetByLabel("Organization (your agency or company)").FillAsync("Agence Lumière");
        await page.GetByLabel("First workspace (a brand or a client)").FillAsync("Café Flore");
        await page.GetByLabel("Your name").FillAsync("Camille Martin");
        await page.GetByLabel("E-mail address").FillAsync("camille@agence.test");
        await page.GetByLabel("Password (at least 10 characters)").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and sign in" }).ClickAsync();
        // Too short for the server, so the browser holds the form back (minlength from the same constant); nothing was sent.
        (await page.Locator("#password").EvaluateAsync<bool>("input => input.validity.tooShort")).ShouldBeTrue();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/setup$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Welcome to Chorus");
        await page.GetByLabel("Password (at least 10 characters)").FillAsync("une phrase secrète");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create and sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Café Flore");

        // Log out, then log in.
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        await page.GetByLabel("E-mail address").FillAsync("camille@agence.test");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("une phrase secrète");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workspaces" })).ToBeVisibleAsync();

        // Create a second workspace.
        await page.GetByLabel("Name (a brand or a client)").FillAsync("Boulangerie Paul");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the workspace" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Boulangerie Paul");

        // Invite a member by link; the invited person joins with a new account.
        await page.GetByRole(AriaRole.Link, new() { Name = "Invitations" }).ClickAsync();
        await page.GetByLabel("Role").SelectOptionAsync("Moderator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create an invitation link" }).ClickAsync();
        var link = await page.Locator("#invitation-link").InputValueAsync();
        link.ShouldContain("/invite/");
        var invitee = await app.NewPageAsync();
        await invitee.GotoAsync(link);
        await invitee.GetByLabel("Your name").FillAsync("Lucas Bernard");
        await invitee.GetByLabel("E-mail address").FillAsync("lucas@agence.test");
        await invitee.GetByLabel("Password (at least 10 characters)").FillAsync("mot de passe solide");
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Create my account and join" }).ClickAsync();
        await Assertions.Expect(invitee.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Boulangerie Paul");
        await page.GetByRole(AriaRole.Link, new() { Name = "Members" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "lucas@agence.test" })).ToBeVisibleAsync();

        // Switch to French: the page and the next ones speak French.
        await page.GetByRole(AriaRole.Button, new() { Name = "FR" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Membres");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connexion" })).ToBeVisibleAsync();

        errors.ShouldBeEmpty();
    }
}
