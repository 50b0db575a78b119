using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chorus.Media;
using Chorus.Tests.Support;
using Chorus.Workspaces;
using Npgsql;
using Dapper;
using SkiaSharp;

namespace Chorus.Tests.Media;

public sealed class MediaApiTests(MediaFactory app) : IClassFixture<MediaFactory>
{
    [Fact]
    public async Task Upload_PngDrawnWithSkia_201WithItsSizeAndA320PixelThumbnailForMembers()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));

        using var response = await UploadAsync(api, workspace.WorkspaceId, TestImages.Png(1000, 500), "banner.png", "A red and blue banner");

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var item = (await response.Content.ReadFromJsonAsync<MediaItem>())!;
        (item.ContentType, item.Width, item.Height, item.Name, item.AltText).ShouldBe(("image/png", 1000, 500, "banner.png", "A red and blue banner"));
        app.FilesOf(item.Sha256).Count.ShouldBe(2);
        using var browser = await app.SignedInAsync(workspace.Owner);
        using var thumbnail = await browser.GetAsync($"/w/{workspace.WorkspaceId}/media/{item.Id}/thumbnail");
        thumbnail.StatusCode.ShouldBe(HttpStatusCode.OK);
        thumbnail.Content.Headers.ContentType!.MediaType.ShouldBe("image/webp");
        thumbnail.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var (width, height, format, _) = TestImages.Describe(await thumbnail.Content.ReadAsByteArrayAsync());
        (width, height, format).ShouldBe((320, 160, SKEncodedImageFormat.Webp));
        using var image = await browser.GetAsync($"/w/{workspace.WorkspaceId}/media/{item.Id}/image");
        image.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        TestImages.Describe(await image.Content.ReadAsByteArrayAsync()).Width.ShouldBe(1000);
        (await app.CountAsync("select count(*) from audit_log where action = 'media.uploaded' and target_id = @id", new { id = item.Id.ToString() })).ShouldBe(1);
    }

    [Theory]
    [InlineData("truncated", "truncated")]
    [InlineData("text", "not an image")]
    [InlineData("bomb", "pixels")]
    [InlineData("bmp", "not accepted")]
    [InlineData("svg", "not an image")]
    public async Task Upload_BadFile_400NamingTheFileFieldAndNothingStored(string kind, string reason)
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var png = TestImages.Png(400, 300);
        var content = kind switch
        {
            "truncated" => png[..(png.Length / 2)],
            "text" => Encoding.UTF8.GetBytes("This is a text file someone renamed to .png\n"),
            "bomb" => TestImages.Png(2500, 2000),
            "bmp" => Bmp(40, 40),
            _ => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
        };

        using var response = await UploadAsync(api, workspace.WorkspaceId, content, kind == "svg" ? "logo.svg" : "photo.png", null, "image/png");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = await ErrorsAsync(response);
        errors.ShouldContainKey("file");
        errors["file"].ShouldContain(reason, Case.Insensitive);
        (await app.CountAsync("select count(*) from media where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }

    [Fact]
    public async Task Upload_SameBytesTwiceAndInAnotherWorkspace_OneRowPerWorkspaceOneFile_FileGoesWithTheLastRow()
    {
        var first = await app.CreateWorkspaceAsync();
        var second = await app.CreateWorkspaceAsync();
        using var firstApi = app.Api(await app.TokenAsync(first.Owner.UserId, first.WorkspaceId));
        using var secondApi = app.Api(await app.TokenAsync(second.Owner.UserId, second.WorkspaceId));
        var jpeg = TestImages.Jpeg(300, 200);

        using var once = await UploadAsync(firstApi, first.WorkspaceId, jpeg, "a.jpg");
        using var twice = await UploadAsync(firstApi, first.WorkspaceId, jpeg, "again.jpg");
        using var elsewhere = await UploadAsync(secondApi, second.WorkspaceId, jpeg, "b.jpg");

        once.StatusCode.ShouldBe(HttpStatusCode.Created);
        twice.StatusCode.ShouldBe(HttpStatusCode.OK);
        var item = (await once.Content.ReadFromJsonAsync<MediaItem>())!;
        (await twice.Content.ReadFromJsonAsync<MediaItem>())!.Id.ShouldBe(item.Id);
        var other = (await elsewhere.Content.ReadFromJsonAsync<MediaItem>())!;
        other.Sha256.ShouldBe(item.Sha256);
        (await app.CountAsync("select count(*) from media where sha256 = @sha", new { sha = item.Sha256 })).ShouldBe(2);
        app.FilesOf(item.Sha256).Count.ShouldBe(2);

        (await firstApi.DeleteAsync($"/api/v1/workspaces/{first.WorkspaceId}/media/{item.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        app.FilesOf(item.Sha256).Count.ShouldBe(2);
        (await secondApi.DeleteAsync($"/api/v1/workspaces/{second.WorkspaceId}/media/{other.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        app.FilesOf(item.Sha256).ShouldBeEmpty();
        (await app.CountAsync("select count(*) from media where sha256 = @sha", new { sha = item.Sha256 })).ShouldBe(0);
    }

    [Fact]
    public async Task Delete_ItemAPostUses_409AndTheItemAndItsFileStay()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        using var uploaded = await UploadAsync(api, workspace.WorkspaceId, TestImages.Png(64, 64), "used.png");
        var item = (await uploaded.Content.ReadFromJsonAsync<MediaItem>())!;
        // A post's media row references the library as publishing's tables do: by a foreign key without cascade.
        await using (var connection = await app.Get<NpgsqlDataSource>().OpenConnectionAsync())
        {
            await connection.ExecuteAsync("create table if not exists test_post_media (post_id uuid not null, media_id uuid not null references media (id))");
            await connection.ExecuteAsync("insert into test_post_media values (@post, @media)", new { post = Guid.NewGuid(), media = item.Id });
        }

        using var response = await api.DeleteAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/media/{item.Id}");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("used by a post");
        (await app.CountAsync("select count(*) from media where id = @id", new { id = item.Id })).ShouldBe(1);
        app.FilesOf(item.Sha256).Count.ShouldBe(2);
    }

    [Fact]
    public async Task MemberOfAnotherWorkspace_Gets404ForTheItemAndItsFiles()
    {
        var owner = await app.CreateWorkspaceAsync();
        var stranger = await app.CreateWorkspaceAsync();
        using var ownerApi = app.Api(await app.TokenAsync(owner.Owner.UserId, owner.WorkspaceId));
        using var uploaded = await UploadAsync(ownerApi, owner.WorkspaceId, TestImages.Png(50, 50), "private.png");
        var item = (await uploaded.Content.ReadFromJsonAsync<MediaItem>())!;
        using var strangerApi = app.Api(await app.TokenAsync(stranger.Owner.UserId, stranger.WorkspaceId));
        using var strangerBrowser = await app.SignedInAsync(stranger.Owner);

        (await strangerApi.GetAsync($"/api/v1/workspaces/{owner.WorkspaceId}/media/{item.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await strangerApi.GetAsync($"/api/v1/workspaces/{stranger.WorkspaceId}/media/{item.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await strangerApi.PostAsync($"/api/v1/workspaces/{stranger.WorkspaceId}/media/{item.Id}/link", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await strangerBrowser.GetAsync($"/w/{owner.WorkspaceId}/media/{item.Id}/image")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await strangerBrowser.GetAsync($"/w/{stranger.WorkspaceId}/media/{item.Id}/thumbnail")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        (await anonymous.GetAsync($"/w/{owner.WorkspaceId}/media/{item.Id}/image")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Upload_AsAnalyst_403()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var analyst = await app.AddMemberAsync(workspace, WorkspaceRole.Analyst);
        using var api = app.Api(await app.TokenAsync(analyst.UserId, workspace.WorkspaceId));

        using var response = await UploadAsync(api, workspace.WorkspaceId, TestImages.Png(10, 10), "x.png");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SignedLink_ServedWithoutSession_UntilItExpires_AndNotWhenTamperedWith()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        using var uploaded = await UploadAsync(api, workspace.WorkspaceId, TestImages.Jpeg(120, 80), "pulled.jpg");
        var item = (await uploaded.Content.ReadFromJsonAsync<MediaItem>())!;
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });

        using var linkResponse = await api.PostAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/media/{item.Id}/link", null);
        linkResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        var link = (await linkResponse.Content.ReadFromJsonAsync<MediaApi.MediaLinkResponse>())!;
        link.ExpiresAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(30));
        using var valid = await anonymous.GetAsync(link.Url.PathAndQuery);
        valid.StatusCode.ShouldBe(HttpStatusCode.OK);
        valid.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        valid.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        TestImages.Describe(await valid.Content.ReadAsByteArrayAsync()).Width.ShouldBe(120);

        var expired = await app.Get<MediaLinks>().CreateAsync(item.Id, TimeSpan.FromSeconds(-1));
        (await anonymous.GetAsync(expired.PathAndQuery)).StatusCode.ShouldBe(HttpStatusCode.Gone);

        var query = System.Web.HttpUtility.ParseQueryString(link.Url.Query);
        var expires = long.Parse(query["expires"]!, System.Globalization.CultureInfo.InvariantCulture);
        var signature = query["signature"]!;
        var flipped = (signature[0] == 'A' ? 'B' : 'A') + signature[1..];
        (await anonymous.GetAsync($"/media/{item.Id}?expires={expires}&signature={flipped}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync($"/media/{item.Id}?expires={expires + 3600}&signature={signature}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync($"/media/{Guid.NewGuid()}?expires={expires}&signature={signature}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync($"/media/{item.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Upload_JpegWithExifOrientationAndGps_StoredUprightWithoutExif()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        var sideways = TestImages.JpegWithExifOrientation6(80, 40);
        TestImages.Describe(sideways).Origin.ShouldBe(SKEncodedOrigin.RightTop);

        using var response = await UploadAsync(api, workspace.WorkspaceId, sideways, "phone.jpg");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var item = (await response.Content.ReadFromJsonAsync<MediaItem>())!;
        (item.Width, item.Height).ShouldBe((40, 80));
        var served = await File.ReadAllBytesAsync(app.FilesOf(item.Sha256).Single(f => f.EndsWith(".jpg", StringComparison.Ordinal)));
        var (width, height, _, origin) = TestImages.Describe(served);
        (width, height, origin).ShouldBe((40, 80, SKEncodedOrigin.TopLeft));
        served.AsSpan().IndexOf("Exif\0\0"u8).ShouldBe(-1);
        // Turned a quarter clockwise: the red left half is now the top.
        TestImages.IsReddish(TestImages.PixelOf(served, 20, 5)).ShouldBeTrue();
        TestImages.IsBluish(TestImages.PixelOf(served, 20, 75)).ShouldBeTrue();
    }

    [Fact]
    public async Task AltText_EditedAndSettingStored_AndAttachmentsCarryBytesTypeNameAndAlt()
    {
        var workspace = await app.CreateWorkspaceAsync();
        using var api = app.Api(await app.TokenAsync(workspace.Owner.UserId, workspace.WorkspaceId));
        using var first = await UploadAsync(api, workspace.WorkspaceId, TestImages.Png(30, 30), "one.png");
        using var second = await UploadAsync(api, workspace.WorkspaceId, TestImages.Jpeg(40, 30), "two.jpeg");
        var one = (await first.Content.ReadFromJsonAsync<MediaItem>())!;
        var two = (await second.Content.ReadFromJsonAsync<MediaItem>())!;

        using var patched = await api.PatchAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/media/{one.Id}", new { altText = "  A square  " });
        patched.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await patched.Content.ReadFromJsonAsync<MediaItem>())!.AltText.ShouldBe("A square");
        using var tooLong = await api.PatchAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/media/{one.Id}", new { altText = new string('a', 1501) });
        (await ErrorsAsync(tooLong)).ShouldContainKey("altText");
        (await api.PutAsJsonAsync($"/api/v1/workspaces/{workspace.WorkspaceId}/media-settings", new { altTextRequired = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.GetFromJsonAsync<MediaSettings>($"/api/v1/workspaces/{workspace.WorkspaceId}/media-settings"))!.AltTextRequired.ShouldBeTrue();
        (await app.Get<MediaLibrary>().SettingsAsync(workspace.WorkspaceId)).AltTextRequired.ShouldBeTrue();

        var attachments = await app.Get<MediaLibrary>().AttachmentsAsync(workspace.WorkspaceId, [two.Id, one.Id]);

        attachments.Select(a => (a.FileName, a.ContentType, a.AltText)).ShouldBe([("two.jpg", "image/jpeg", null), ("one.png", "image/png", "A square")]);
        TestImages.Describe(attachments[1].Content.ToArray()).Width.ShouldBe(30);
        var other = await app.CreateWorkspaceAsync();
        var refused = await Should.ThrowAsync<InputException>(() => app.Get<MediaLibrary>().AttachmentsAsync(other.WorkspaceId, [one.Id]));
        refused.Field.ShouldBe("media");
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient api, Guid workspaceId, byte[] content, string fileName, string? altText = null,
        string contentType = "application/octet-stream")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        if (altText is not null) form.Add(new StringContent(altText), "altText");
        return await api.PostAsync($"/api/v1/workspaces/{workspaceId}/media", form);
    }

    private static async Task<Dictionary<string, string>> ErrorsAsync(HttpResponseMessage response)
    {
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => string.Join(" ", e.Value.EnumerateArray().Select(v => v.GetString())));
    }

    /// <summary>A black 24-bit BMP written by hand (Skia has no BMP encoder): an image Skia reads that Chorus does not accept.</summary>
    private static byte[] Bmp(int width, int height)
    {
        var rowBytes = (width * 3 + 3) & ~3;
        var size = 54 + rowBytes * height;
        var bmp = new byte[size];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BitConverter.GetBytes(size).CopyTo(bmp, 2);
        BitConverter.GetBytes(54).CopyTo(bmp, 10);
        BitConverter.GetBytes(40).CopyTo(bmp, 14);
        BitConverter.GetBytes(width).CopyTo(bmp, 18);
        BitConverter.GetBytes(height).CopyTo(bmp, 22);
        BitConverter.GetBytes((short)1).CopyTo(bmp, 26);
        BitConverter.GetBytes((short)24).CopyTo(bmp, 28);
        BitConverter.GetBytes(rowBytes * height).CopyTo(bmp, 34);
        return bmp;
    }
}
