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

    public async Task OnGetAsync() => Email = (await accounts.FindAsync(Actor.From(User)!.UserId))?.Email ?? "";

    public async Task<IActionResult> OnPostAsync()
    {
        var actor = Actor.From(User)!;
        try
        {
            await accounts.ChangePasswordAsync(actor.UserId, CurrentPassword, NewPassword);
            // The stamp changed, which ends every other session; this one is renewed.
            await Sessions.SignInAsync(HttpContext, (await accounts.FindAsync(actor.UserId))!);
            Saved = true;
        }
        catch (InputException input)
        {
            ModelState.AddModelError(input.Field, input.Message);
        }
        await OnGetAsync();
        return Page();
    }
}
