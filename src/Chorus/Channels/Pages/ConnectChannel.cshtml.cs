using Chorus.Channels;
using Chorus.Connectors.Abstractions;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Chorus.Channels.Pages;

/// <summary>The connect form of one network, drawn from its descriptor's fields.</summary>
public sealed class ConnectChannelModel(ChannelConnections connections, ChannelService channels, NetworkCatalog networks,
    IStringLocalizer<SharedResource> localizer) : WorkspacePageModel
{
    [BindProperty(SupportsGet = true)]
    public string Network { get; set; } = "";

    public NetworkDescriptor Descriptor { get; private set; } = null!;

    public string? Name { get; private set; }

    /// <summary>What was typed, shown again when the network refused (secrets are not).</summary>
    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Reconnecting a channel (?channelId=…) starts from what is known of it; only secrets are typed again.</summary>
    public async Task<IActionResult> OnGetAsync(Guid? channelId)
    {
        if (!FindNetwork()) return NotFound();
        if (channelId is { } id && await channels.FindAsync(Workspace, id, HttpContext.RequestAborted) is { } known && known.Network == Descriptor.Id)
        {
            Name = known.Name;
            Values["url"] = known.BaseUrl;
            Values["handle"] = known.Account;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? name)
    {
        if (!FindNetwork()) return NotFound();
        Name = name;
        foreach (var field in Descriptor.Fields) Values[field.Name] = Request.Form[field.Name].FirstOrDefault();
        ConnectResult? result = null;
        var connected = await TryAsync(async () => result = await connections.ConnectAsync(Workspace, Descriptor.Id, name, Values,
            ChannelsApi.RedirectUri(Request, Descriptor.Id), HttpContext.RequestAborted));
        if (!connected)
        {
            ExplainErrors();
            return Page();
        }
        if (result!.AuthorizeUrl is { } authorize) return Redirect(authorize.AbsoluteUri);
        var channel = result.Channel!;
        // Connecting an account the workspace already has renews its credentials; a name typed now still counts.
        var reconnected = channel.CreatedAt != channel.CheckedAt;
        if (reconnected && !string.IsNullOrWhiteSpace(name) && name.Trim() != channel.Name)
            channel = await channels.RenameAsync(Workspace, channel.Id, name, HttpContext.RequestAborted) ?? channel;
        Flash(reconnected ? localizer["{0} was already connected: it is reconnected with the new credentials.", channel.Name]
            : localizer["{0} is connected.", channel.Name]);
        return Redirect($"/w/{Workspace.WorkspaceId}/channels");
    }

    /// <summary>A network's words become one short sentence in the person's language, beside the field it is about.</summary>
    private void ExplainErrors()
    {
        foreach (var field in ModelState.Keys.ToList())
        {
            if (ModelState[field] is not { } entry) continue;
            var messages = entry.Errors.Select(error => ChannelMessages.Explain(localizer, error.ErrorMessage)).Distinct().ToList();
            entry.Errors.Clear();
            foreach (var message in messages) ModelState.AddModelError(field, message);
        }
    }

    private bool FindNetwork()
    {
        if (networks.Find(Network) is not { } descriptor) return false;
        Descriptor = descriptor;
        return true;
    }
}
