using Chorus.Platform.Accounts;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Platform.Pages;

public sealed class AccountModel(UserAccounts accounts) : ChorusPageModel
{
    public string Email { get; private set; } = "";
    public bool Saved { get; private set; }
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Email = (await accounts.FindAsync(Actor.From(User)!.UserId, cancellationToken))?.Email ?? "";

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var actor = Actor.From(User)!;
        try
        {
            await accounts.ChangePasswordAsync(actor.UserId, CurrentPassword, NewPassword, cancellationToken);
            // Every session of the person ended with the change, this one too: this browser gets a new one.
            await Sessions.SignInAsync(HttpContext, (await accounts.FindAsync(actor.UserId, cancellationToken))!);
            Saved = true;
        }
        catch (InputException input)
        {
            ShowErrors(input);
        }
        await OnGetAsync(cancellationToken);
        return Page();
    }
}
