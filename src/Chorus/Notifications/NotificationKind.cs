using System.Collections.Frozen;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Chorus.Notifications;

/// <summary>
/// One kind of notification: its id ("channel.broken"), the sentence people read (an English key of the UI's strings
/// with {0}, {1}… standing for <see cref="Parameters"/> in order) and the label of its e-mail preference. A module
/// registers the kinds it raises (<see cref="NotificationKindRegistration.AddNotificationKind"/>).
/// </summary>
/// <param name="Label">What the preference reads ("A channel is broken"), an English key of the UI's strings.</param>
public sealed record NotificationKind(string Id, string Sentence, IReadOnlyList<string> Parameters, string Label)
{
    /// <summary>Turns a stored parameter into what the reader sees (the network's raw reason into a translated
    /// sentence); by default a parameter is shown as it is.</summary>
    public Func<IStringLocalizer, string, string, string>? Translate { get; init; }
}

/// <summary>The kinds the publishing engine raises, declared here so publishing, the inbox and listening share them.</summary>
public static class NotificationKindIds
{
    /// <summary>Parameters: author, post.</summary>
    public const string ApprovalRequested = "approval.requested";
    /// <summary>Parameters: reviewer, post, comment.</summary>
    public const string ChangesRequested = "changes.requested";
    /// <summary>Parameters: author, post, comment.</summary>
    public const string CommentMention = "comment.mention";
    /// <summary>Parameters: post, channel, error.</summary>
    public const string PublishFailed = "publish.failed";
    /// <summary>Parameters: channel, reason (registered by Channels, which knows how to explain a reason).</summary>
    public const string ChannelBroken = "channel.broken";

    /// <summary>The reviewer parameter of a decision made through a client review link by a client who gave no name;
    /// shown translated.</summary>
    public const string ClientReviewer = "A client (review link)";
}

/// <summary>Every registered kind, by id.</summary>
public sealed class NotificationKinds
{
    private readonly FrozenDictionary<string, NotificationKind> _byId;

    public NotificationKinds(IEnumerable<NotificationKind> kinds)
    {
        var all = kinds.ToList();
        var twice = all.GroupBy(k => k.Id).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidOperationException($"Notification kind '{twice.Key}' is registered twice; each kind has one owner.");
        All = all;
        _byId = all.ToFrozenDictionary(k => k.Id);
    }

    public IReadOnlyList<NotificationKind> All { get; }

    public NotificationKind? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The notification's sentence in the current UI culture.</summary>
    public string Render(IStringLocalizer localizer, string kind, IReadOnlyDictionary<string, string> parameters)
    {
        if (Find(kind) is not { } known) return localizer["Notification of a kind this version does not know ({0}).", kind];
        var arguments = known.Parameters
            .Select(name => parameters.TryGetValue(name, out var value) ? known.Translate?.Invoke(localizer, name, value) ?? value : "—")
            .ToArray<object>();
        return localizer[known.Sentence, arguments];
    }
}

public static class NotificationKindRegistration
{
    public static IServiceCollection AddNotificationKind(this IServiceCollection services, NotificationKind kind) => services.AddSingleton(kind);
}
