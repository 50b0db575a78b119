using System.Text.RegularExpressions;
using Chorus.Channels;
using Chorus.Charter;
using Chorus.Connectors.Abstractions;
using Chorus.Links;
using Chorus.Media;
using Chorus.Platform.Shell;
using Chorus.Publishing.Calendar;
using Chorus.Publishing.Templates;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Publishing.Composer.Pages;

/// <summary>An image of a variant as the form sends it back.</summary>
public sealed class MediaInput
{
    public Guid MediaId { get; set; }

    public string? AltText { get; set; }

    /// <summary>Ticked to take the image off the variant.</summary>
    public bool Remove { get; set; }
}

/// <summary>One variant's fields in the composer's form.</summary>
public sealed class VariantInput
{
    public Guid Id { get; set; }

    public string? Text { get; set; }

    public string? Title { get; set; }

    public string? Link { get; set; }

    public string? ContentWarning { get; set; }

    public string? Language { get; set; }

    /// <summary>The thread's parts; a blank one is left out (the form always offers one more).</summary>
    public List<string?> ThreadParts { get; set; } = [];

    public string? FirstComment { get; set; }

    public List<MediaInput> Media { get; set; } = [];

    /// <summary>Library items ticked to be attached.</summary>
    public List<Guid> AddMedia { get; set; } = [];

    public IFormFile? Upload { get; set; }

    public string? UploadAltText { get; set; }

    public string? UtmSource { get; set; }

    public string? UtmMedium { get; set; }

    public string? UtmCampaign { get; set; }

    /// <summary>The parts saved: those with text.</summary>
    public IReadOnlyList<string> FilledParts => ThreadParts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!).ToList();

    /// <summary>The parts checked as typed: up to the last with text (a blank one before it is reported, not skipped).</summary>
    public IReadOnlyList<string> CheckedParts => ThreadParts.Select(p => p ?? "").Reverse().SkipWhile(string.IsNullOrWhiteSpace).Reverse().ToList();
}

/// <summary>What the page shows of one variant: its channel, its network, the form's values, their check.</summary>
/// <param name="Media">The images as the form has them (attached, minus those removed, plus those added).</param>
public sealed partial record ComposedVariant(int Index, Variant Variant, Channel? Channel, NetworkDescriptor Network, VariantInput Input, VariantReport Report,
    IReadOnlyList<AttachedMedia> Media)
{
    public bool Threads => Network.Capabilities.HasFlag(ConnectorCapabilities.PublishThreads);

    public bool HasTitle => Network.Limits.TitleRequired || !string.IsNullOrEmpty(Input.Title);

    public bool TakesMedia => Network.Limits.Media is not null;

    public string Name => Channel?.Name ?? Variant.ChannelName ?? Network.DisplayName;

    /// <summary>The handle the network shows under the name.</summary>
    public string Handle => Channel?.Account ?? "";

    /// <summary>The problems and charter findings of a field's place on the page (see <see cref="EditPostModel.Slot"/>).</summary>
    public IEnumerable<VariantProblem> ProblemsOf(string slot) => Report.Problems.Where(p => EditPostModel.Slot(p.Field) == slot);

    public IEnumerable<CharterFinding> FindingsOf(string slot) => Report.Findings.Where(f => EditPostModel.Slot(f.Field) == slot);

    public TextCount? CountOf(string field) => Report.Counts.FirstOrDefault(c => c.Field == field);

    /// <summary>The places on the page where problems are shown, in the form's order.</summary>
    public IEnumerable<string> Slots
    {
        get
        {
            yield return "general";
            yield return "text";
            yield return "title";
            yield return "link";
            yield return "contentWarning";
            yield return "media";
            for (var k = 0; k < Media.Count; k++) yield return $"media[{k}]";
            yield return "threadParts";
            for (var k = 0; k <= Input.CheckedParts.Count; k++) yield return $"threadParts[{k}]";
            yield return "firstComment";
        }
    }

    /// <summary>The fields with a counter on the page: the text, each thread part shown, the first comment.</summary>
    public IEnumerable<string> CounterFields =>
        ["text", .. Threads ? Enumerable.Range(0, Input.CheckedParts.Count + 1).Select(k => $"threadParts[{k}]") : [], .. Threads ? ["firstComment"] : Array.Empty<string>()];

    /// <summary>The address the network makes a card of: the variant's link, else the first http(s) address of its
    /// text (shown as written; the page behind it is not fetched). Null when there is none.</summary>
    public Uri? CardLink
    {
        get
        {
            var candidates = new[] { Input.Link?.Trim() }.Concat(FirstAddress().Matches(Input.Text ?? "").Select(m => m.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')')));
            return candidates.Select(c => Uri.TryCreate(c, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null)
                .FirstOrDefault(uri => uri is not null);
        }
    }

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex FirstAddress();

    public string? UtmPreview
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Input.Link)) return null;
            try
            {
                return UtmLink.Apply(Input.Link, new UtmTags(Input.UtmSource, Input.UtmMedium, Input.UtmCampaign));
            }
            catch (InputException)
            {
                return null;
            }
        }
    }
}

/// <summary>
/// The composer: a post's variants, each edited on its own (text, title, link with campaign tags, content warning,
/// language, images with alt text, thread parts, first comment), checked as each network counts and against the
/// charter, previewed as the network shows it. Works as plain forms; with the script, it checks as people type
/// (handler Check answers the counters, problems and previews to swap in) and saves the drafts every few seconds
/// (handler Autosave), keeping a copy in the browser until the server has it.
/// </summary>
public sealed partial class EditPostModel(
    PublishingService posts,
    VariantChecks checks,
    VariantMediaStore variantMedia,
    MediaLibrary library,
    ChannelService channels,
    NetworkCatalog networks,
    CalendarZones zones,
    PostTemplates templates,
    Signatures signatures,
    HashtagGroups hashtagGroups,
    ShortLinks shortLinks,
    IStringLocalizer<SharedResource> localizer) : WorkspacePageModel
{
    [FromRoute] public Guid PostId { get; set; }

    [BindProperty] public List<VariantInput> Variants { get; set; } = [];

    /// <summary>The variant whose campaign tags are added to its link (the "add to the link" button).</summary>
    [BindProperty] public int? ApplyUtm { get; set; }

    /// <summary>When the post is to be published once approved, as a wall-clock time in the person's zone; empty: as soon as it is approved.</summary>
    [BindProperty] public string? PublishAt { get; set; }

    /// <summary>The zone <see cref="PublishAt"/> is entered in (the person's display zone).</summary>
    public string Zone { get; private set; } = ZonedTime.DefaultZone;

    public Post? Post { get; private set; }

    public IReadOnlyList<ComposedVariant> Composed { get; private set; } = [];

    public IReadOnlyList<MediaItem> Library { get; private set; } = [];

    public bool AltTextRequired { get; private set; }

    public string ToneNotes { get; private set; } = "";

    /// <summary>What the insert menus offer each variant.</summary>
    public IReadOnlyList<PostTemplate> TemplateChoices { get; private set; } = [];

    public IReadOnlyList<Signature> SignatureChoices { get; private set; } = [];

    public IReadOnlyList<HashtagGroup> HashtagChoices { get; private set; } = [];

    /// <summary>The signatures in the order a variant of the channel offers them: its default first.</summary>
    public IEnumerable<Signature> SignaturesFor(Guid? channelId) => SignatureChoices.OrderBy(s => s.DefaultChannel is { } c && c == channelId ? 0 : 1);

    public string ShortenLinksUrl => $"/w/{Workspace.WorkspaceId}/posts/{PostId}/edit?handler=ShortenLinks";

    /// <summary>Some variant can still be edited (a draft).</summary>
    public bool Editable => Post?.Variants.Any(v => v.Status == VariantStatus.Draft) ?? false;

    public string CheckUrl => $"/w/{Workspace.WorkspaceId}/posts/{PostId}/edit?handler=Check";

    public string AutosaveUrl => $"/w/{Workspace.WorkspaceId}/posts/{PostId}/edit?handler=Autosave";

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        Variants = Post!.Variants.Select(v => new VariantInput
        {
            Id = v.Id, Text = v.Text, Title = v.Title, Link = v.Link, ContentWarning = v.ContentWarning, Language = v.Language,
            ThreadParts = [.. v.ThreadParts], FirstComment = v.FirstComment,
        }).ToList();
        var planned = Post.Variants.Where(v => v.Status == VariantStatus.Draft).Select(v => v.ScheduledAt).Min();
        PublishAt = planned is { } at
            ? ZonedTime.InZone(at, TimeZoneInfo.FindSystemTimeZoneById(Zone)).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
            : null;
        var attached = await variantMedia.OfPostAsync(Workspace.WorkspaceId, PostId, HttpContext.RequestAborted);
        foreach (var input in Variants)
        {
            input.Media = attached[input.Id].Select(m => new MediaInput { MediaId = m.MediaId, AltText = m.AltText }).ToList();
        }
        await ComposeAsync(attached);
        return Page();
    }

    /// <summary>Saves the drafts (and adds the campaign tags when asked); the page again, with what the checks say.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (!await LoadAsync()) return NotFound();
        if (ApplyUtm is { } index && index >= 0 && index < Variants.Count)
        {
            var input = Variants[index];
            try
            {
                input.Link = UtmLink.Apply(input.Link, new UtmTags(input.UtmSource, input.UtmMedium, input.UtmCampaign));
                ModelState.Remove($"Variants[{index}].Link");
            }
            catch (InputException refused)
            {
                foreach (var error in refused.Errors) ModelState.AddModelError(FieldId(index, error.Field == "link" ? "link" : "utm"), localizer[error.Reason]);
            }
        }
        var saved = await SaveAsync();
        await LoadAsync();
        await ComposeAsync(await variantMedia.OfPostAsync(Workspace.WorkspaceId, PostId, HttpContext.RequestAborted));
        if (saved && ModelState.IsValid) Flash(localizer["The draft is saved."]);
        return saved && ModelState.IsValid ? Redirect($"/w/{Workspace.WorkspaceId}/posts/{PostId}/edit") : Page();
    }

    /// <summary>Saves, checks again on the server, and submits when no network and no blocking charter rule refuses it.</summary>
    public async Task<IActionResult> OnPostSubmitAsync()
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (!await LoadAsync()) return NotFound();
        if (!await SaveAsync())
        {
            await ComposeAsync(await variantMedia.OfPostAsync(Workspace.WorkspaceId, PostId, HttpContext.RequestAborted));
            return Page();
        }
        await LoadAsync();
        await ComposeAsync(await variantMedia.OfPostAsync(Workspace.WorkspaceId, PostId, HttpContext.RequestAborted));
        foreach (var variant in Composed.Where(c => c.Variant.Status == VariantStatus.Draft))
        {
            foreach (var problem in variant.Report.Problems) ModelState.AddModelError(SlotId(variant.Index, Slot(problem.Field)), $"{variant.Name}: {Describe(problem)}");
            foreach (var finding in variant.Report.Findings.Where(f => f.Severity == CharterSeverity.Blocking))
                ModelState.AddModelError(SlotId(variant.Index, Slot(finding.Field)), $"{variant.Name}: {Describe(finding)}");
        }
        if (!ModelState.IsValid) return Page();
        if (!await TryAsync(() => posts.SubmitAsync(Workspace, PostId, HttpContext.RequestAborted))) return Page();
        Flash(localizer["The post is submitted."]);
        return Redirect($"/w/{Workspace.WorkspaceId}/posts");
    }

    /// <summary>The channel picked in "add a channel".</summary>
    [BindProperty] public Guid? AddChannel { get; set; }

    /// <summary>The variant whose "remove" button was pressed.</summary>
    [BindProperty] public Guid? RemoveVariant { get; set; }

    /// <summary>The workspace's channels that can take a variant of this post (not in it yet).</summary>
    public IReadOnlyList<Channel> OtherChannels { get; private set; } = [];

    /// <summary>Saves what was typed, then adds the chosen channel's variant (a copy of the first draft).</summary>
    public Task<IActionResult> OnPostAddChannelAsync() =>
        ChangeChannelsAsync(() => posts.AddVariantAsync(Workspace, PostId, new AddVariantRequest(AddChannel), HttpContext.RequestAborted), "The channel is added.");

    /// <summary>Saves what was typed, then takes the variant off the post.</summary>
    public Task<IActionResult> OnPostRemoveChannelAsync() =>
        ChangeChannelsAsync(() => posts.RemoveVariantAsync(Workspace, PostId, RemoveVariant ?? Guid.Empty, HttpContext.RequestAborted), "The channel is removed.");

    private async Task<IActionResult> ChangeChannelsAsync(Func<Task<Post?>> change, string done)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (!await LoadAsync()) return NotFound();
        // Nothing typed is lost: the drafts are saved before the post's channels change.
        if (await SaveAsync() && await TryAsync(change))
        {
            Flash(localizer[done]);
            return Redirect($"/w/{Workspace.WorkspaceId}/posts/{PostId}/edit");
        }
        await LoadAsync();
        await ComposeAsync(await variantMedia.OfPostAsync(Workspace.WorkspaceId, PostId, HttpContext.RequestAborted));
        return Page();
    }

    /// <summary>The script's save: the drafts as typed; answers when they were saved, or why not.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync()
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (!await LoadAsync()) return NotFound();
        if (await SaveAsync(uploads: false))
        {
            await LoadAsync();
            return new JsonResult(new { savedAt = Post!.UpdatedAt, message = localizer["Saved at {0}.", Dates.DateAndTime(Post.UpdatedAt)].Value });
        }
        var reason = ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).FirstOrDefault() ?? "";
        return new JsonResult(new { message = localizer["Not saved: {0} Your text is kept in this browser.", localizer[reason]].Value })
        {
            StatusCode = StatusCodes.Status400BadRequest,
        };
    }

    /// <summary>The script's check of the form as typed (nothing saved): the counters, problems and previews to swap in.</summary>
    public async Task<IActionResult> OnPostCheckAsync()
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (!await LoadAsync()) return NotFound();
        ModelState.Clear();
        try
        {
            await ComposeAsync(await variantMedia.OfPostAsync(Workspace.WorkspaceId, PostId, HttpContext.RequestAborted));
        }
        catch (InputException refused)
        {
            return new JsonResult(new { message = localizer[refused.Message].Value }) { StatusCode = StatusCodes.Status400BadRequest };
        }
        return Partial("_ComposerLive", this);
    }

    /// <summary>The script's "shorten links" button: the text given with each address replaced by the workspace's short
    /// link to it.</summary>
    public async Task<IActionResult> OnPostShortenLinksAsync([FromForm] string? text)
    {
        if (!Workspace.Can(Permission.WritePosts)) return Forbid();
        if (await posts.FindAsync(Workspace, PostId, HttpContext.RequestAborted) is null) return NotFound();
        try
        {
            var shortened = await shortLinks.ShortenTextAsync(Workspace, text ?? "", HttpContext.RequestAborted);
            return new JsonResult(new { text = shortened.Text, links = shortened.Links.Count });
        }
        catch (InputException refused)
        {
            return new JsonResult(new { message = localizer[refused.Message].Value }) { StatusCode = StatusCodes.Status400BadRequest };
        }
    }

    /// <summary>Where a problem of <paramref name="field"/> is shown: the field itself, or an image's row for its alt text.</summary>
    public static string Slot(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var dot = field.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? field : field[..dot];
    }

    public static string FieldId(int index, string field) => $"v{index}-{NonWord().Replace(field, "-").Trim('-')}";

    public static string SlotId(int index, string slot) => $"v{index}-problems-{NonWord().Replace(slot, "-").Trim('-')}";

    public static string CounterId(int index, string field) => $"v{index}-count-{NonWord().Replace(field, "-").Trim('-')}";

    public string Describe(VariantProblem problem) => ComposerText.Describe(localizer, problem);

    public string Describe(CharterFinding finding) => ComposerText.Describe(localizer, finding);

    private async Task<bool> LoadAsync()
    {
        Post = await posts.FindAsync(Workspace, PostId, HttpContext.RequestAborted);
        if (Post is null) return false;
        Library = (await library.ListAsync(Workspace, null, Cursor.MaxLimit, HttpContext.RequestAborted)).Items;
        AltTextRequired = (await library.SettingsAsync(Workspace.WorkspaceId, HttpContext.RequestAborted)).AltTextRequired;
        ToneNotes = await checks.ToneNotesAsync(Workspace.WorkspaceId, HttpContext.RequestAborted);
        Zone = (await zones.ZonesAsync(Workspace, HttpContext.RequestAborted)).Display;
        TemplateChoices = await templates.ListAsync(Workspace, HttpContext.RequestAborted);
        SignatureChoices = await signatures.ListAsync(Workspace, HttpContext.RequestAborted);
        HashtagChoices = await hashtagGroups.ListAsync(Workspace, HttpContext.RequestAborted);
        return true;
    }

    /// <summary>The form's values beside the post's variants, each checked.</summary>
    private async Task ComposeAsync(ILookup<Guid, AttachedMedia> attached)
    {
        var channelList = (await channels.ListAsync(Workspace, null, Cursor.MaxLimit, HttpContext.RequestAborted)).Items.ToDictionary(c => c.Id);
        var composed = new List<(Variant Variant, Channel? Channel, NetworkDescriptor Network, VariantInput Input, List<AttachedMedia> Media)>();
        foreach (var variant in Post!.Variants)
        {
            if (networks.Find(variant.Network) is not { } network) continue;
            // A variant past draft is shown as saved (its fields are not sent).
            var input = variant.Status == VariantStatus.Draft ? Variants.FirstOrDefault(v => v.Id == variant.Id) : null;
            if (input is null)
            {
                input = new VariantInput { Id = variant.Id, Text = variant.Text, Title = variant.Title, Link = variant.Link, ContentWarning = variant.ContentWarning,
                    Language = variant.Language, ThreadParts = [.. variant.ThreadParts], FirstComment = variant.FirstComment,
                    Media = attached[variant.Id].Select(m => new MediaInput { MediaId = m.MediaId, AltText = m.AltText }).ToList() };
                Variants.Add(input);
            }
            var suggested = UtmTags.Suggested(network.Id, input.Title, input.Text ?? "");
            input.UtmSource ??= suggested.Source;
            input.UtmMedium ??= suggested.Medium;
            input.UtmCampaign ??= suggested.Campaign;
            composed.Add((variant, variant.ChannelId is { } id ? channelList.GetValueOrDefault(id) : null, network, input, MediaOf(input, attached[variant.Id])));
        }
        var reports = await checks.CheckAsync(Workspace.WorkspaceId, composed.Select(c => new VariantToCheck(c.Variant.ChannelId ?? Guid.Empty,
            c.Channel?.Name ?? c.Network.DisplayName, c.Network, c.Input.Text ?? "", Blank(c.Input.Title), Blank(c.Input.Link), Blank(c.Input.ContentWarning),
            Blank(c.Input.Language), c.Input.CheckedParts, Blank(c.Input.FirstComment), c.Media.Select(m => m.ForRules).ToList())).ToList(), HttpContext.RequestAborted);
        OtherChannels = channelList.Values.Where(c => Post.Variants.All(v => v.ChannelId != c.Id) && networks.Find(c.Network) is not null)
            .OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        // The form's order is the post's: indexes in field names follow it.
        Variants = composed.Select(c => c.Input).ToList();
        Composed = composed.Select((c, i) => new ComposedVariant(i, c.Variant, c.Channel, c.Network, c.Input, reports[i], c.Media)).ToList();
    }

    /// <summary>The images as the form has them: those kept, with their alt text as typed, then those ticked in the library.</summary>
    private List<AttachedMedia> MediaOf(VariantInput input, IEnumerable<AttachedMedia> saved)
    {
        var known = saved.ToDictionary(m => m.MediaId);
        var result = new List<AttachedMedia>();
        foreach (var item in input.Media.Where(m => !m.Remove).Select(m => (m.MediaId, m.AltText)).Concat(input.AddMedia.Select(id => (MediaId: id, AltText: (string?)null))))
        {
            if (result.Any(r => r.MediaId == item.MediaId)) continue;
            var fromLibrary = known.TryGetValue(item.MediaId, out var attached) ? attached
                : Library.FirstOrDefault(l => l.Id == item.MediaId) is { } libraryItem
                    ? new AttachedMedia(libraryItem.Id, libraryItem.Name, libraryItem.ContentType, libraryItem.Bytes, libraryItem.Width, libraryItem.Height, null, libraryItem.AltText)
                    : null;
            if (fromLibrary is not null) result.Add(fromLibrary with { AltText = Blank(item.AltText) });
        }
        return result;
    }

    /// <summary>Writes every draft variant as the form has it, and its images (uploads added to the library first).</summary>
    private async Task<bool> SaveAsync(bool uploads = true)
    {
        var ok = true;
        for (var i = 0; i < Variants.Count; i++)
        {
            var input = Variants[i];
            var variant = Post!.Variants.FirstOrDefault(v => v.Id == input.Id);
            if (variant is not { Status: VariantStatus.Draft }) continue;
            var index = i;
            var media = input.Media.Where(m => !m.Remove).Select(m => new VariantMediaItem(m.MediaId, m.AltText)).ToList();
            foreach (var id in input.AddMedia.Where(id => media.All(m => m.MediaId != id))) media.Add(new VariantMediaItem(id));
            var saved = await TryOnVariantAsync(index, async () =>
            {
                if (uploads && input.Upload is { Length: > 0 } upload)
                {
                    await using var stream = upload.OpenReadStream();
                    var added = await library.UploadAsync(Workspace, upload.FileName, await library.ReadAsync(stream, "file", HttpContext.RequestAborted),
                        input.UploadAltText, HttpContext.RequestAborted);
                    if (media.All(m => m.MediaId != added.Item.Id)) media.Add(new VariantMediaItem(added.Item.Id));
                }
                await posts.UpdateVariantAsync(Workspace, PostId, input.Id, new UpdateVariantRequest(input.Text, Blank(input.Title), Blank(input.Link),
                    Blank(input.ContentWarning), Blank(input.Language), input.FilledParts, Blank(input.FirstComment)), HttpContext.RequestAborted);
                await variantMedia.SetAsync(Workspace, PostId, input.Id, media, HttpContext.RequestAborted);
            });
            if (saved)
            {
                input.Media = media.Select(m => new MediaInput { MediaId = m.MediaId, AltText = m.AltText }).ToList();
                input.AddMedia = [];
            }
            ok &= saved;
        }
        if (Post!.Variants.Any(v => v.Status == VariantStatus.Draft))
        {
            ok &= await TryAsync(async () =>
            {
                var at = string.IsNullOrWhiteSpace(PublishAt) ? (DateTimeOffset?)null
                    : ZonedTime.Parse("publishAt", PublishAt, TimeZoneInfo.FindSystemTimeZoneById(Zone));
                await posts.PlanAsync(Workspace, PostId, at, HttpContext.RequestAborted);
            });
        }
        return ok;
    }

    /// <summary>Like TryAsync, with each error filed beside the variant's field.</summary>
    private async Task<bool> TryOnVariantAsync(int index, Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (InputException input)
        {
            foreach (var error in input.Errors)
                ModelState.AddModelError(FieldId(index, error.Field switch { "file" or "altText" => "upload", "threadParts" => "threadParts[0]", var f => f }), error.Reason);
        }
        catch (ConflictException conflict)
        {
            ModelState.AddModelError(string.Empty, conflict.Message);
        }
        return false;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"[^A-Za-z0-9]+")]
    private static partial Regex NonWord();
}

/// <summary>A text field of a variant with its counter, its problems and the server's error (_VariantField.cshtml).</summary>
/// <param name="Label">A translation key.</param>
/// <param name="Counted">Shows the network's count beside it.</param>
public sealed record VariantFieldModel(ComposedVariant Variant, string Field, string Name, string Label, string? Value, int Rows = 0, bool Counted = false,
    int MaxLength = PublishingService.MaxTextLength, string? Help = null, string? LabelArgument = null);
