using System.Net;
using System.Net.Http.Headers;
using Chorus.Tests.Support;

namespace Chorus.Tests.Platform;

/// <summary>A browser asking for what does not exist gets a page in its language with a way back; the API keeps problem+json.</summary>
public sealed class StatusPageTests(ChorusFactory app) : IClassFixture<ChorusFactory>
{
    [Theory]
    [InlineData("fr-FR", "Cette page n’existe pas")]
    [InlineData("en-GB", "This page does not exist")]
    public async Task UnknownWorkspaceAndUnknownPage_InTheBrowser_PageInItsLanguageWithAWayBack(string language, string title)
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var client = await app.SignedInAsync(workspace.Owner);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        foreach (var path in new[] { $"/w/{Guid.NewGuid()}/members", "/no-such-page" })
        {
            using var response = await client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            html.ShouldContain(title);
            html.ShouldContain("href=\"/\"");
        }
    }

    [Fact]
    public async Task UnknownWorkspace_InTheApi_StaysProblemJson()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var response = await api.GetAsync($"/api/v1/workspaces/{Guid.NewGuid()}/members");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }
}
