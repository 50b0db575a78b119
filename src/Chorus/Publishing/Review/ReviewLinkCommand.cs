using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chorus.Publishing.ClientReview;

/// <summary>`chorus post review-link ID --workspace W --as EMAIL [--days N] [--json]`: issues a client review link
/// and prints its address (to send to the client; it is not kept).</summary>
public static class ReviewLinkCommand
{
    public static Command Create(Option<string> workspace, Option<string> actingAs, Option<bool> json, Argument<Guid> postId,
        Action<IHostApplicationBuilder>? addServices)
    {
        var days = new Option<int?>("--days") { Description = $"How many days the link works, 1 to {ReviewLinks.MaxDays} ({ReviewLinks.DefaultDays} by default)." };
        var command = new Command("review-link", "Issue a link a client opens without an account to approve the post or ask for changes; prints its address.")
        {
            postId, workspace, actingAs, days, json,
        };
        command.SetAction((result, cancellationToken) => ActingMember.RunAsync(result, workspace, actingAs, Permission.ShareReviewLinks, async (services, context) =>
        {
            var issued = await services.GetRequiredService<ReviewLinks>().CreateAsync(context, result.GetValue(postId), result.GetValue(days), cancellationToken)
                ?? throw new InputException("ID", "This workspace has no such post.");
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new ReviewLinksApi.CreatedReviewLink(issued.Link.Id, issued.Link.PostId, issued.Link.Step,
                    issued.Link.ExpiresAt, issued.Url), ApiJsonOptions));
            }
            else
            {
                await output.WriteLineAsync(issued.Url.AbsoluteUri);
                await result.InvocationConfiguration.Error.WriteLineAsync(
                    $"Works until {issued.Link.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)}, once; revoke it with DELETE …/review-links/{issued.Link.Id}.");
            }
            return ChorusCommandLine.Ok;
        }, addServices));
        return command;
    }

    private static readonly JsonSerializerOptions ApiJsonOptions = new(JsonSerializerDefaults.Web);
}
