namespace Chorus.Connectors.Abstractions;

/// <summary>What a connector can do; the worker and the UI offer only what a channel's connector declares.</summary>
[Flags]
public enum ConnectorCapabilities : long
{
    None = 0,
    PublishText = 1L << 0,
    PublishImages = 1L << 1,
    PublishVideo = 1L << 2,
    PublishThreads = 1L << 3,
    FirstComment = 1L << 4,
    /// <summary>The network itself holds a post until a given time.</summary>
    SchedulePublish = 1L << 5,
    Update = 1L << 6,
    Delete = 1L << 7,
    ReadComments = 1L << 8,
    ReadReplies = 1L << 9,
    ReadMentions = 1L << 10,
    ReadDirectMessages = 1L << 11,
    /// <summary>Likes, reposts/boosts and follows.</summary>
    ReadReactions = 1L << 12,
    Reply = 1L << 13,
    Hide = 1L << 14,
    Approve = 1L << 15,
    MarkSpam = 1L << 16,
    DeleteComment = 1L << 17,
    Block = 1L << 18,
    Mute = 1L << 19,
    Report = 1L << 20,
    Favourite = 1L << 21,
    Boost = 1L << 22,
    Search = 1L << 23,
    FetchFeed = 1L << 24,
    Stream = 1L << 25,
    Metrics = 1L << 26,
}
