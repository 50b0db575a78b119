using Chorus.Channels;
using Chorus.Connectors.Abstractions;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Channels.Pages;

/// <summary>The connect form of one network, drawn from its descriptor's fields.</summary>
public sealed class ConnectChannelModel(ChannelConnections connections, NetworkCatalog networks) : WorkspacePageModel
{
    [BindProperty(SupportsGet = true)]
    public string Network { get; set; } = "";

    public NetworkDescriptor Descriptor { get; private set; } = null!;

    public string? Name { get; private set; }

    /// <summary>What was typed, shown again when the network refused (secrets are not).</summary>
    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);

    public IActionResult OnGet() => FindNetwork() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string? name)
    {
        if (!FindNetwork()) return NotFound();
        Name = name;
        foreach (var field in Descriptor.Fields) Values[field.Name] = Request.Form[field.Name].FirstOrDefault();
        ConnectResult? result = null;
        await TryAsync(async () => result = await connections.ConnectAsync(Workspace, Descriptor.Id, name, Values,
            ChannelsApi.RedirectUri(Request, Descriptor.Id), HttpContext.RequestAborted));
        return result switch
        {
            { AuthorizeUrl: { } authorize } => Redirect(authorize.AbsoluteUri),
            { Channel: not null } => Redirect($"/w/{Workspace.WorkspaceId}/channels"),
            _ => Page(),
        };
    }

    private bool FindNetwork()
    {
        if (networks.Find(Network) is not { } descriptor) return false;
        Descriptor = descriptor;
        return true;
    }
}
