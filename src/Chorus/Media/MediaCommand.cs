using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Chorus.Platform.Shell;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Media;

/// <summary>
/// `chorus media add|list|show|remove`: the media library through the same service as the web app, acting as the
/// workspace member named by --as. `add` checks and decodes the file as an upload does; --json prints what the API
/// answers.
/// </summary>
public static class MediaCommand
{
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    public static Command Create() => Create(null);

    /// <summary>Runs `media ...` with the given streams (tests call it in-process).</summary>
    /// <param name="addServices">Services added before the modules (see <see cref="CommandHost.RunAsync"/>).</param>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IHostApplicationBuilder>? addServices = null) =>
        ChorusCommandLine.RunGroupAsync(Create(addServices), args, output, error);

    private static Command Create(Action<IHostApplicationBuilder>? addServices)
    {
        var workspace = new Option<string>("--workspace") { Description = "The workspace: its id, or its name.", Required = true };
        var actingAs = new Option<string>("--as") { Description = "E-mail of the workspace member who acts (needs WritePosts to add or remove).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON (what the API answers) instead of text." };
        var file = new Argument<FileInfo>("FILE") { Description = "A JPEG, PNG, GIF or WebP image." };
        var alt = new Option<string?>("--alt") { Description = "Alternative text for people who cannot see the image." };
        var mediaId = new Argument<Guid>("ID") { Description = "The media item's id (see 'chorus media list')." };

        var add = new Command("add", "Add an image to the workspace's library: its type is read from its bytes, it is decoded whole, turned upright and " +
            "stripped of its metadata. Prints its id (the same image again prints the id it already has).") { file, workspace, actingAs, alt, json };
        add.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.WritePosts, async (services, context) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists) throw new InputException("FILE", $"'{path.FullName}' does not exist.");
            var library = services.GetRequiredService<MediaLibrary>();
            byte[] content;
            await using (var stream = path.OpenRead()) content = await library.ReadAsync(stream, "FILE", cancellationToken);
            MediaUpload upload;
            try
            {
                upload = await library.UploadAsync(context, path.Name, content, result.GetValue(alt), cancellationToken);
            }
            catch (InputException input) when (input.Field == "file")
            {
                throw new InputException("FILE", input.Message);
            }
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json)) await output.WriteLineAsync(JsonSerializer.Serialize(upload.Item, Json));
            else await output.WriteLineAsync($"media {Line(upload.Item)}{(upload.AlreadyInLibrary ? " (already in the library)" : "")}");
            return ChorusCommandLine.Ok;
        }, addServices));

        var list = new Command("list", "List the workspace's images, newest first: id, type, size in pixels, bytes, name, alt text.") { workspace, actingAs, json };
        list.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var library = services.GetRequiredService<MediaLibrary>();
            var items = new List<MediaItem>();
            string? cursor = null;
            do
            {
                var page = await library.ListAsync(context, cursor, Cursor.MaxLimit, cancellationToken);
                items.AddRange(page.Items);
                cursor = page.Next;
            }
            while (cursor is not null);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json)) await output.WriteLineAsync(JsonSerializer.Serialize(items, Json));
            else foreach (var item in items) await output.WriteLineAsync(Line(item));
            return ChorusCommandLine.Ok;
        }, addServices));

        var show = new Command("show", "Show one image of the library.") { mediaId, workspace, actingAs, json };
        show.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ViewWorkspace, async (services, context) =>
        {
            var item = await services.GetRequiredService<MediaLibrary>().FindAsync(context, result.GetValue(mediaId), cancellationToken)
                ?? throw new InputException("ID", "This workspace has no such media item.");
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json)) await output.WriteLineAsync(JsonSerializer.Serialize(item, Json));
            else
            {
                await output.WriteLineAsync(Line(item));
                await output.WriteLineAsync($"uploaded {item.UploadedAt.ToString("u", CultureInfo.InvariantCulture)}, sha256 {item.Sha256}");
            }
            return ChorusCommandLine.Ok;
        }, addServices));

        var remove = new Command("remove", "Delete an image no post uses.") { mediaId, workspace, actingAs };
        remove.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.WritePosts, async (services, context) =>
        {
            if (!await services.GetRequiredService<MediaLibrary>().DeleteAsync(context, result.GetValue(mediaId), cancellationToken))
                throw new InputException("ID", "This workspace has no such media item.");
            await result.InvocationConfiguration.Output.WriteLineAsync($"removed {result.GetValue(mediaId)}");
            return ChorusCommandLine.Ok;
        }, addServices));

        return new Command("media", "Manage a workspace's media library (images for posts).") { add, list, show, remove };
    }

    private static string Line(MediaItem item) =>
        string.Create(CultureInfo.InvariantCulture, $"{item.Id}\t{item.ContentType}\t{item.Width}x{item.Height}\t{item.Bytes}\t{item.Name}\t{item.AltText ?? "(no alt text)"}");

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        return options;
    }
}
