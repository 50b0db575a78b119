using System.Net;
using System.Net.Http.Headers;
using Chorus.Tests.Support;
using Chorus.Workspaces;

namespace Chorus.Tests.Media;

public sealed class MediaPageTests(MediaFactory app) : IClassFixture<MediaFactory>
{
    [Fact]
    public async Task MediaPage_EmptyThenUploadThroughTheForm_ShowsTheThumbnailWithItsAltText()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);
        var empty = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/media");
        empty.ShouldContain("Upload your first image");

        using var form = new MultipartFormDataContent
        {
            { new StringContent(ChorusFactory.Antiforgery(empty)), "__RequestVerificationToken" },
            { new StringContent("The team at the launch"), "altText" },
        };
        var file = new ByteArrayContent(TestImages.Png(200, 100));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "launch.png");
        using var posted = await browser.PostAsync($"/w/{workspace.WorkspaceId}/media?handler=Upload", form);

        posted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/media");
        page.ShouldContain("launch.png");
        page.ShouldContain("alt=\"The team at the launch\"");
        page.ShouldContain($"/w/{workspace.WorkspaceId}/media/");
    }

    [Fact]
    public async Task MediaPage_TextFileUploaded_ErrorBesideTheFileField()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var browser = await app.SignedInAsync(workspace.Owner);
        var empty = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/media");
        using var form = new MultipartFormDataContent { { new StringContent(ChorusFactory.Antiforgery(empty)), "__RequestVerificationToken" } };
        form.Add(new ByteArrayContent("not an image"u8.ToArray()), "file", "notes.png");

        using var posted = await browser.PostAsync($"/w/{workspace.WorkspaceId}/media?handler=Upload", form);

        posted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await posted.Content.ReadAsStringAsync();
        page.ShouldContain("id=\"file-error\"");
        page.ShouldContain("not an image Chorus can read");
    }

    [Fact]
    public async Task MediaPage_Analyst_SeesTheLibraryWithoutTheUploadForm()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var analyst = await app.AddMemberAsync(workspace, WorkspaceRole.Analyst);
        using var browser = await app.SignedInAsync(analyst);

        var page = await browser.GetStringAsync($"/w/{workspace.WorkspaceId}/media");

        page.ShouldContain("Ask a content manager");
        page.ShouldNotContain("handler=Upload");
    }
}
