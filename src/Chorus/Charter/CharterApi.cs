using Chorus.Workspaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Chorus.Charter;

/// <summary>REST API v1 for the communication charter. Every member reads it and checks texts against it; Owners and
/// Admins (ManageCharter) replace it.</summary>
public static class CharterApi
{
    public const int MaxTextLength = 100_000;
    public const int MaxParts = 50;

    /// <summary>A text to check: a variant's text (with its title and thread parts) or a reply, and where it goes.</summary>
    public sealed record CheckRequest(string? Text, string? Title = null, IReadOnlyList<string>? Parts = null, Guid? ChannelId = null,
        string? Campaign = null, string? Language = null);

    public static RouteGroupBuilder MapCharterApi(this RouteGroupBuilder api)
    {
        var charter = api.MapGroup("/workspaces/{workspaceId:guid}/charter").WithTags("Charter");

        charter.MapGet("", (WorkspaceContext context, CharterService service, CancellationToken ct) => service.GetAsync(context, ct))
            .RequirePermission(Permission.ViewWorkspace).WithName("GetCharter")
            .WithSummary("The workspace's communication charter: tone notes, banned terms, required mentions, toxicity threshold, whether a breach blocks approval.");
        charter.MapPut("", async Task<Ok<WorkspaceCharter>> (WorkspaceContext context, CharterSettings settings, CharterService service, CancellationToken ct) =>
                TypedResults.Ok(await service.SaveAsync(context, settings, ct)))
            .RequirePermission(Permission.ManageCharter).WithName("SetCharter")
            .WithSummary("Replaces the charter whole; a bad value is a 400 naming its field (bannedTerms[2].term).");
        charter.MapPost("/check", async Task<Ok<CharterReport>> (WorkspaceContext context, CheckRequest request, CharterCheck check, CancellationToken ct) =>
                TypedResults.Ok(await check.CheckAsync(context.WorkspaceId, Subject(request), ct)))
            .RequirePermission(Permission.ViewWorkspace).WithName("CheckCharter")
            .WithSummary("Checks a text against the charter as it is typed: each finding names the rule, the term, the field and its place (UTF-16 start and length).");
        return api;
    }

    /// <summary>The request checked: bad input names its field.</summary>
    public static CharterSubject Subject(CheckRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Text ?? throw new InputException("text", "The text to check is required (it may be empty).");
        if (text.Length > MaxTextLength) throw new InputException("text", $"At most {MaxTextLength} characters.");
        if (request.Title is { Length: > 1000 }) throw new InputException("title", "At most 1000 characters.");
        var parts = request.Parts ?? [];
        if (parts.Count > MaxParts) throw new InputException("parts", $"At most {MaxParts} parts.");
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i] is null) throw new InputException($"parts[{i}]", "A part's text is required (it may be empty).");
            if (parts[i].Length > MaxTextLength) throw new InputException($"parts[{i}]", $"At most {MaxTextLength} characters.");
        }
        if (request.Campaign is { Length: > CharterService.MaxCampaignLength }) throw new InputException("campaign", $"At most {CharterService.MaxCampaignLength} characters.");
        if (request.Language is { Length: > 35 }) throw new InputException("language", "A language tag such as fr or en.");
        return new CharterSubject(text)
        {
            Title = request.Title,
            Parts = parts,
            ChannelId = request.ChannelId,
            Campaign = string.IsNullOrWhiteSpace(request.Campaign) ? null : request.Campaign.Trim(),
            Language = string.IsNullOrWhiteSpace(request.Language) ? null : request.Language.Trim(),
        };
    }
}
