using Chorus.Channels;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Channels.Pages;

public sealed class ConnectChannelModel(ChannelService channels) : WorkspacePageModel
{
    [BindProperty(SupportsGet = true)]
    public string Network { get; set; } = "";

    public string? Name { get; private set; }
    public string? Address { get; private set; }
    public string? Handle { get; private set; }
    public string? Username { get; private set; }

    public IActionResult OnGet() => ChannelNetworks.All.Contains(Network) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string? name, string? url, string? handle, string? appPassword, string? username, string? password)
    {
        if (!ChannelNetworks.All.Contains(Network)) return NotFound();
        (Name, Address, Handle, Username) = (name, url, handle, username);
        ConnectResult? result = null;
        await TryAsync(async () => result = await channels.ConnectAsync(Workspace,
            new ConnectRequest(Network, name, url, handle, appPassword, username, password), ChannelsApi.MastodonRedirectUri(Request), HttpContext.RequestAborted));
        return result switch
        {
            { AuthorizeUrl: { } authorize } => Redirect(authorize.AbsoluteUri),
            { Channel: not null } => Redirect($"/w/{Workspace.WorkspaceId}/channels"),
            _ => Page(),
        };
    }
}
