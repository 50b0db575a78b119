using System.Text.Json;
using Chorus.Media;
using Chorus.Platform.CommandLine;

namespace Chorus.Tests.Media;

/// <summary>`chorus media ...` in-process, over the fixture's database and media folder.</summary>
public sealed class MediaCommandTests(MediaFactory app) : IClassFixture<MediaFactory>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("chorus-media-cli").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AddListShowRemove_JpegWithAltText_JsonAsTheApiAnswers()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var path = Path.Combine(_folder, "product.jpeg");
        await File.WriteAllBytesAsync(path, TestImages.Jpeg(640, 480));

        var added = await RunAsync("add", path, "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email, "--alt", "The product", "--json");

        added.Exit.ShouldBe(ChorusCommandLine.Ok, added.Error);
        var item = JsonDocument.Parse(added.Output).RootElement;
        item.GetProperty("contentType").GetString().ShouldBe("image/jpeg");
        (item.GetProperty("width").GetInt32(), item.GetProperty("height").GetInt32()).ShouldBe((640, 480));
        item.GetProperty("altText").GetString().ShouldBe("The product");
        item.GetProperty("name").GetString().ShouldBe("product.jpg");
        var id = item.GetProperty("id").GetString()!;

        var again = await RunAsync("add", path, "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email);
        again.Output.ShouldContain($"media {id}");
        again.Output.ShouldContain("already in the library");

        var listed = await RunAsync("list", "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email, "--json");
        JsonDocument.Parse(listed.Output).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ShouldBe([id]);
        var shown = await RunAsync("show", id, "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email, "--json");
        JsonDocument.Parse(shown.Output).RootElement.GetProperty("id").GetString().ShouldBe(id);

        (await RunAsync("remove", id, "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email)).Exit.ShouldBe(ChorusCommandLine.Ok);
        (await RunAsync("show", id, "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email)).Exit.ShouldBe(ChorusCommandLine.BadInput);
    }

    [Fact]
    public async Task Add_TextFileRenamedPng_ExitsBadInputNamingTheFile()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var path = Path.Combine(_folder, "notes.png");
        await File.WriteAllTextAsync(path, "meeting notes, not a picture");

        var result = await RunAsync("add", path, "--workspace", workspace.WorkspaceId.ToString(), "--as", workspace.Owner.Email);

        result.Exit.ShouldBe(ChorusCommandLine.BadInput);
        result.Error.ShouldStartWith("FILE: ");
        result.Error.ShouldContain("not an image");
        (await app.CountAsync("select count(*) from media where workspace_id = @id", new { id = workspace.WorkspaceId })).ShouldBe(0);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await MediaCommand.RunAsync(args, output, error, builder =>
        {
            builder.Configuration["CHORUS_DATABASE"] = app.ConnectionString;
            builder.Configuration["Media:Directory"] = app.MediaDirectory;
        });
        return (exit, output.ToString(), error.ToString());
    }
}
