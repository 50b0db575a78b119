using System.Text.Json.Serialization;

namespace Chorus.Publishing;

/// <summary>The states of a variant, as stored. A variant moves draft → in_review → approved → scheduled → publishing →
/// published | failed; draft, in review, approved and scheduled ones can be cancelled.</summary>
public static class VariantStatus
{
    public const string Draft = "draft";
    public const string InReview = "in_review";
    public const string Approved = "approved";
    public const string Scheduled = "scheduled";
    public const string Publishing = "publishing";
    public const string Published = "published";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Draft, InReview, Approved, Scheduled, Publishing, Published, Failed, Cancelled];

    /// <summary>What a post shows when its variants differ: what needs a person first (a failure), then what is still
    /// moving, then what is done.</summary>
    private static readonly string[] Precedence = [Failed, Publishing, Scheduled, Approved, InReview, Draft, Published, Cancelled];

    public static string OfPost(IEnumerable<string> variantStatuses)
    {
        var present = variantStatuses.ToHashSet(StringComparer.Ordinal);
        return Precedence.FirstOrDefault(present.Contains) ?? Draft;
    }

    public static string Parse(string field, string? value) =>
        All.Contains(value ?? "", StringComparer.Ordinal) ? value!
            : throw new InputException(field, $"'{value}' is not a status; use one of {string.Join(", ", All)}.");
}

/// <summary>A post: written once, one variant per channel.</summary>
public sealed record Post(
    Guid Id,
    Guid WorkspaceId,
    Guid? AuthorId,
    string? AuthorName,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<Variant> Variants,
    Review Review,
    IReadOnlyList<PostComment> Comments);

/// <summary>What a post is on one channel, and where it stands there.</summary>
/// <param name="Url">On the network, once published.</param>
/// <param name="Error">The network's message, when publishing failed.</param>
public sealed record Variant(
    Guid Id,
    Guid? ChannelId,
    string? ChannelName,
    string Network,
    string Status,
    string Text,
    string? Title,
    string? Link,
    string? ContentWarning,
    string? Language,
    IReadOnlyList<string> ThreadParts,
    string? FirstComment,
    DateTimeOffset? ScheduledAt,
    string? RemoteId,
    string? Url,
    string? Error,
    int Attempts,
    DateTimeOffset? PublishedAt);

/// <summary>The approval a post needs and what was decided so far.</summary>
/// <param name="Steps">The roles of the workspace's approval steps, in order (empty: no approval).</param>
/// <param name="CurrentStep">The step the post waits for (1-based), while in review.</param>
public sealed record Review(IReadOnlyList<WorkspaceRole> Steps, int? CurrentStep, IReadOnlyList<ApprovalDecision> Decisions);

/// <param name="UserName">The member's name; for a decision through a client review link, the name the client gave (if any).</param>
/// <param name="ReviewLinkId">Set when a client decided through a review link.</param>
public sealed record ApprovalDecision(int Step, string Decision, Guid? UserId, string? UserName, string? Comment, DateTimeOffset At, Guid? ReviewLinkId = null)
{
    public const string Approved = "approved";
    public const string ChangesRequested = "changes_requested";
}

/// <summary>An internal comment: seen by the workspace's members only, never published.</summary>
public sealed record PostComment(long Id, Guid? AuthorId, string? AuthorName, string Body, IReadOnlyList<Guid> Mentions, DateTimeOffset At);

/// <summary>A post in a list: enough to see where each variant stands.</summary>
public sealed record PostSummary(Guid Id, Guid? AuthorId, string? AuthorName, string Status, string Excerpt, DateTimeOffset CreatedAt,
    IReadOnlyList<VariantSummary> Variants);

public sealed record VariantSummary(Guid Id, Guid? ChannelId, string? ChannelName, string Network, string Status, DateTimeOffset? ScheduledAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

/// <summary>What a post says; every channel's variant starts from it.</summary>
/// <param name="Channels">The channels to publish on (ids of the workspace's channels), one variant each.</param>
/// <param name="ThreadParts">Posts that follow the first one as a thread (networks that publish threads).</param>
/// <param name="FirstComment">Published as an answer to the post right after it (networks that publish threads).</param>
/// <param name="ScheduledAt">When to publish, with its offset; as soon as approved when absent.</param>
/// <param name="Language">BCP 47 tag, e.g. fr or en-GB.</param>
public sealed record CreatePostRequest(
    IReadOnlyList<Guid>? Channels,
    string? Text,
    string? Title = null,
    string? Link = null,
    string? ContentWarning = null,
    string? Language = null,
    IReadOnlyList<string>? ThreadParts = null,
    string? FirstComment = null,
    DateTimeOffset? ScheduledAt = null);

/// <summary>A variant's new content, replacing the old (absent optional fields are emptied).</summary>
public sealed record UpdateVariantRequest(
    string? Text,
    string? Title = null,
    string? Link = null,
    string? ContentWarning = null,
    string? Language = null,
    IReadOnlyList<string>? ThreadParts = null,
    string? FirstComment = null);

/// <param name="Channel">A channel of the workspace that has no variant in the post yet.</param>
public sealed record AddVariantRequest(Guid? Channel);

/// <param name="Comment">Required when asking for changes.</param>
public sealed record DecisionRequest(string? Comment);

/// <param name="At">When to publish, with its offset; now when absent.</param>
public sealed record ScheduleRequest(DateTimeOffset? At);

public sealed record CommentRequest(string? Body);

/// <summary>The approval steps' roles, in order; empty for no approval.</summary>
public sealed record ApprovalPolicy(IReadOnlyList<WorkspaceRole> Steps);

/// <summary>What a client decided through a review link, for <see cref="PublishingService.DecideThroughReviewLinkAsync"/>.</summary>
/// <param name="Step">The step of approval the link was issued for.</param>
public sealed record ReviewLinkDecision(Guid LinkId, Guid WorkspaceId, Guid OrganizationId, Guid PostId, int Step, string Decision, string? Comment,
    string? ReviewerName);
