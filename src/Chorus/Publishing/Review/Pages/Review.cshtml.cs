using Chorus.Platform.Shell;
using Chorus.Workspaces;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Chorus.Publishing.ClientReview.Pages;

/// <summary>
/// The page a client opens from a review link, without an account: the post's previews and a decision, nothing else
/// of the workspace. A link we did not make answers 404; one used, revoked, expired or with nothing left to decide
/// answers 410, both saying no more than that. Decisions share the sign-in form's budget per address.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(WorkspacesModule.LoginRateLimit)]
public sealed class ReviewModel(ReviewLinks links) : ChorusPageModel
{
    [FromRoute] public string Token { get; set; } = "";

    public ReviewLinkOutcome Outcome { get; private set; }

    public ReviewPreview? Preview { get; private set; }

    /// <summary>Set once the client's decision is recorded.</summary>
    public string? Decided { get; private set; }

    [BindProperty] public string? Name { get; set; }

    [BindProperty] public string? Comment { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    /// <param name="decision">approve, or changes.</param>
    public async Task<IActionResult> OnPostAsync(string? decision, CancellationToken cancellationToken)
    {
        var chosen = decision == "approve" ? ApprovalDecision.Approved : ApprovalDecision.ChangesRequested;
        try
        {
            Outcome = await links.DecideAsync(Token, chosen, Comment, Name, cancellationToken);
        }
        catch (InputException input)
        {
            ShowErrors(input);
            await ShowAsync(cancellationToken);
            return Page();
        }
        if (Outcome == ReviewLinkOutcome.Ok) Decided = chosen;
        NoStore();
        Response.StatusCode = StatusOf(Outcome);
        return Page();
    }

    private async Task ShowAsync(CancellationToken cancellationToken)
    {
        (Outcome, Preview) = await links.OpenAsync(Token, cancellationToken);
        NoStore();
        Response.StatusCode = StatusOf(Outcome);
    }

    /// <summary>The link is a credential: neither the browser nor a proxy keeps the page.</summary>
    private void NoStore() => Response.Headers.CacheControl = "no-store";

    private static int StatusOf(ReviewLinkOutcome outcome) => outcome switch
    {
        ReviewLinkOutcome.Ok => StatusCodes.Status200OK,
        ReviewLinkOutcome.Gone => StatusCodes.Status410Gone,
        _ => StatusCodes.Status404NotFound,
    };
}
