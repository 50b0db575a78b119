using System.Net;
using Chorus.Tests.Support;

namespace Chorus.Tests.Charter;

/// <summary>The charter page: an admin writes the charter and tries a text; other members read it and try texts.</summary>
public sealed class CharterPageTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", ChorusFactory.Antiforgery(page))));

    [Fact]
    public async Task Admin_SavesThenTriesAText_TermMarkedInTheExcerpt()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);
        var path = $"/w/{workspace.WorkspaceId}/charter";
        var empty = await browser.GetStringAsync(path);
        empty.ShouldContain("This workspace has no charter yet.");

        using var saved = await browser.PostAsync(path + "?handler=Save", Form(empty,
            ("ToneNotes", "Vouvoiement."), ("WarningTerms", "prix cassé | Dites « petit prix »"), ("BlockingTerms", "arnaque"),
            ("Mentions[0].Text", "#partenariat"), ("Mentions[0].ChannelId", ""), ("Mentions[0].Campaign", ""), ("Mentions[0].Severity", "Warning"),
            ("CheckToxicity", "true"), ("ToxicityThreshold", "0.6"), ("ToxicitySeverity", "Blocking"), ("BreachBlocksApproval", "true")));

        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(path));
        page.ShouldNotContain("This workspace has no charter yet.");
        page.ShouldContain("prix cassé | Dites « petit prix »");
        page.ShouldContain("value=\"#partenariat\"");
        (await app.CountAsync("select count(*) from charter_banned_terms where workspace_id = @id and severity = 'blocking' and term = 'arnaque'",
            new { id = workspace.WorkspaceId })).ShouldBe(1);

        using var checkedText = await browser.PostAsync(path + "?handler=Check", Form(page, ("SampleText", "C’est de l’ARNAQUE, non ?"), ("SampleChannel", "")));
        var report = WebUtility.HtmlDecode(await checkedText.Content.ReadAsStringAsync());
        report.ShouldContain("<mark>ARNAQUE</mark>");
        report.ShouldContain("This text could not be approved:");
        report.ShouldContain("“#partenariat” is missing.");
    }

    [Fact]
    public async Task Admin_DuplicateTerm_ErrorBesideTheListAndNothingSaved()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);
        var path = $"/w/{workspace.WorkspaceId}/charter";
        var page = await browser.GetStringAsync(path);

        using var refused = await browser.PostAsync(path + "?handler=Save", Form(page, ("WarningTerms", "arnaque"), ("BlockingTerms", "Arnaqué")));

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await refused.Content.ReadAsStringAsync();
        html.ShouldContain("id=\"BlockingTerms-error\"");
        html.ShouldContain("href=\"#BlockingTerms\"");
        (await app.CountAsync("select count(*) from charters where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }

    [Fact]
    public async Task ContentManager_ReadsAndTriesButCannotSave()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var writer = await app.AddMemberAsync(workspace, WorkspaceRole.ContentManager);
        using var browser = await app.SignedInAsync(writer);
        var path = $"/w/{workspace.WorkspaceId}/charter";

        var empty = WebUtility.HtmlDecode(await browser.GetStringAsync(path));
        empty.ShouldContain("Ask a workspace admin to write the brand’s charter.");
        empty.ShouldNotContain("handler=Save");

        using var refused = await browser.PostAsync(path + "?handler=Save", Form(empty, ("BlockingTerms", "arnaque")));
        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.AbsolutePath.ShouldBe("/forbidden");
        (await app.CountAsync("select count(*) from charters where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);

        using var tried = await browser.PostAsync(path + "?handler=Check", Form(empty, ("SampleText", "Bonjour à tous"), ("SampleChannel", "")));
        WebUtility.HtmlDecode(await tried.Content.ReadAsStringAsync()).ShouldContain("Nothing in this text breaches the charter.");
    }

    [Fact]
    public async Task French_PageInFrench()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/w/{workspace.WorkspaceId}/charter");
        request.Headers.AcceptLanguage.ParseAdd("fr");

        using var response = await browser.SendAsync(request);

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.ShouldContain("Charte de communication");
        html.ShouldContain("Termes interdits (un manquement bloquant)");
    }
}
