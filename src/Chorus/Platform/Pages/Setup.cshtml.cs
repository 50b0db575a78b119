using System.Globalization;
using Chorus.Workspaces;
using Chorus.Platform.Accounts;
using Chorus.Platform.Shell;
using Microsoft.AspNetCore.Mvc;

namespace Chorus.Platform.Pages;

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class SetupModel(Tenancy tenancy, UserAccounts accounts) : ChorusPageModel
{
    [BindProperty] public string? OrganizationName { get; set; }
    [BindProperty] public string? WorkspaceName { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await accounts.AnyAsync(cancellationToken) ? RedirectToPage("./Login") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var culture = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
            var result = await tenancy.SetUpAsync(OrganizationName, WorkspaceName, DisplayName, Email, Password, culture, cancellationToken);
            await Sessions.SignInAsync(HttpContext, (await accounts.FindAsync(result.UserId, cancellationToken))!);
            return Redirect($"/w/{result.WorkspaceId}");
        }
        catch (InputException input)
        {
            ShowErrors(input);
        }
        catch (ConflictException)
        {
            return RedirectToPage("./Login");
        }
        return Page();
    }
}
